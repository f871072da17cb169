"""Following the people on a track: follow-ups, outcomes and the checks 90 and 180 days after,
workplace feedback from the employer, and each participant's own chain. Every page about one
person is a logged read."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import record_read
from lib.forms import add_errors

from .. import forms, services
from ..models import TOOK_PART, Candidacy, FollowUp, OutcomeCheck, PersonalIntervention
from .common import answer, errors_action, form_action, get_track


def _form_page(request, form, track, title):
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": _("Save")})


def _participant_of(track, candidacy_pk):
    return get_object_or_404(Candidacy.objects.select_related("participant", "track"), track=track, pk=candidacy_pk,
                             status__in=TOOK_PART)


@login_required
def follow_up(request, pk, follow_up_pk):
    track = get_track(request, pk, "tracks.change_track")
    item = get_object_or_404(FollowUp.objects.select_related("candidacy__participant"), candidacy__track=track,
                             pk=follow_up_pk)
    form = forms.FollowUpForm(request.POST or None, instance=item, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_record(follow_up=item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return answer(request, track, "people", message=_("The follow-up is recorded."))
    record_read(request, item.candidacy.participant)
    title = _("Follow-up of %(name)s, due %(date)s") % {"name": item.candidacy.participant.full_name,
                                                       "date": item.due_date.isoformat()}
    return render(request, "tracks/follow_up.html", {"form": form, "track": track, "title": title, "submit": _("Save"),
                                                     "follow_up": item})


@login_required
def follow_up_book(request, pk, follow_up_pk):
    """Book a follow-up as a three-way meeting with the participant, the employer and the provider."""
    track = get_track(request, pk, "tracks.change_track")
    item = get_object_or_404(FollowUp.objects.select_related("candidacy__participant", "candidacy__track"),
                             candidacy__track=track, pk=follow_up_pk, held_on__isnull=True)
    when = timezone.localtime(item.meeting_at) if item.meeting_at else None
    form = forms.MeetingForm(request.POST or None, initial={
        "date": when.date() if when else item.due_date, "time": when.time() if when else datetime.time(10),
        "place": item.meeting_place})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entered = datetime.datetime.combine(data["date"], data["time"])
        meeting_at = timezone.make_aware(entered)
        try:
            if timezone.localtime(meeting_at).replace(tzinfo=None) != entered:  # skipped when the clocks go forward
                raise ValidationError({"time": _("That time does not exist that day (the clocks go forward): "
                                                 "choose another.")})
            services.followup_book(follow_up=item, actor=request.user, meeting_at=meeting_at, place=data["place"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            return answer(request, track, "people", message=_("The three-way meeting is booked; the employer and the "
                                                               "provider are told."))
    record_read(request, item.candidacy.participant)
    title = _("Book a three-way meeting: %(name)s") % {"name": item.candidacy.participant.full_name}
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title,
                                                     "submit": _("Book the meeting")})


@login_required
def outcome(request, pk, candidacy_pk):
    track = get_track(request, pk, "tracks.change_track")
    candidacy = _participant_of(track, candidacy_pk)
    form = forms.OutcomeForm(request.POST or None, instance=getattr(candidacy, "outcome", None), track=track)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(candidacy=candidacy, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return answer(request, track, "people", message=_("The outcome is recorded."))
    record_read(request, candidacy.participant)
    return _form_page(request, form, track, _("Outcome for %(name)s") % {"name": candidacy.participant.full_name})


@login_required
@require_POST
def outcome_check(request, pk, check_pk):
    """The status 90 or 180 days after the outcome: recorded by the coordinator, also after the
    track has closed (that is when most of these fall due)."""
    track = get_track(request, pk, "tracks.follow_up_after_exit")
    check = get_object_or_404(OutcomeCheck.objects.select_related("candidacy__participant"), candidacy__track=track,
                              pk=check_pk)
    status = request.POST.get("status", "")
    return errors_action(request, track, "people", lambda: services.outcome_check_record(
        check=check, actor=request.user, status=status), _("The status is recorded."))


@login_required
@require_POST
def feedback(request, pk, candidacy_pk):
    """The employer's representative tells how their participant does at the workplace."""
    track = get_track(request, pk, "tracks.give_feedback")
    candidacy = _participant_of(track, candidacy_pk)
    if not request.user.has_perm("tracks.give_feedback_on", candidacy):
        raise Http404  # another employer's participant: not told they exist
    return form_action(request, track, "people", forms.FeedbackForm(request.POST), "feedback_form",
                       lambda text: services.feedback_add(candidacy=candidacy, actor=request.user, text=text),
                       _("Thank you, the coordinator sees your feedback."))


# --- The participant's own chain ----------------------------------------------------------


@login_required
def personal_chain(request, pk, candidacy_pk):
    track = get_track(request, pk, "tracks.change_track")
    candidacy = _participant_of(track, candidacy_pk)
    chain = list(candidacy.chain.all())
    record_read(request, candidacy.participant)
    context = {"track": track, "candidacy": candidacy, "chain": chain, "gaps": services.chain_gaps(candidacy, chain)}
    return render(request, "tracks/personal_chain.html", context)


@login_required
def personal_step(request, pk, candidacy_pk, step_pk=None):
    """Move, skip or add a step of one participant's chain."""
    track = get_track(request, pk, "tracks.change_track")
    candidacy = _participant_of(track, candidacy_pk)
    step = get_object_or_404(PersonalIntervention, candidacy=candidacy, pk=step_pk) if step_pk else None
    form = forms.PersonalInterventionForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        try:
            services.chain_step_save(candidacy=candidacy, actor=request.user, step=step, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The participant's chain is saved."))
            return redirect("tracks:personal_chain", pk=track.pk, candidacy_pk=candidacy.pk)
    record_read(request, candidacy.participant)
    title = _("A step in %(name)s's chain") % {"name": candidacy.participant.full_name}
    return _form_page(request, form, track, title)
