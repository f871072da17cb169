"""Participants' own pages. Every read of a person's detail page, and every reveal of their
personnummer, writes an audit event. What the person did in tracks is rendered by tracks and
included here (`extensions.DETAIL_PARTS`): an htmx include, with a plain link as the fallback."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import Read, record_read
from lib.forms import add_errors, submit
from lib.paging import CountedPaginator
from lib.urls import url_for_each
from lib.personnummer import INVALID

from . import services, signin
from .account import ParticipantAccount
from .extensions import DETAIL_PARTS, HISTORY_PARTS, current
from .forms import CompetenceForm, EvidenceForm, InviteForm, LanguageForm, ParticipantForm
from .history import personal_details_history
from .models import Competence, LanguageSkill, Participant
from .reads import record_number_search
from .rules import may_see_identity as rules_may_see_identity
from .selectors import SORTS, change_requests, participants_listed, participants_listed_count, searched_number


def get_participant(request, pk, perm="participants.view_participant"):
    participant = get_object_or_404(Participant.objects.select_related("home_municipality", "af_office"), pk=pk)
    if not request.user.has_perm("participants.view_participant", participant):
        raise Http404  # whether the person exists is not told
    if perm != "participants.view_participant" and not request.user.has_perm(perm, participant):
        raise PermissionDenied  # e.g. protected identity: seen, but not by name
    return participant


@login_required
def participant_list(request):
    if not request.user.has_perm("participants.list_participants"):
        raise PermissionDenied
    search = request.GET.get("search", "").strip()
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "name"
    page = CountedPaginator(participants_listed(request.user, search=search, sort=sort), 50,
                            count=participants_listed_count(request.user, search=search)).get_page(request.GET.get("page"))
    now = current(request.user, [p.pk for p in page.object_list])  # what each takes part in now
    for person in page.object_list:
        person.current = now.get(person.pk)
    number = searched_number(search)
    if number:
        record_number_search(request, page.object_list)
    context = {
        "number_error": INVALID if number == "" else "",
        "participants": page.object_list,
        "rows": _rows(page.object_list),
        "page": page,
        "query": urlencode({k: v for k, v in (("search", search), ("sort", sort)) if v and (k, v) != ("sort", "name")}),
        "search": search,
        "sort": sort,
        "sort_query": urlencode({"search": search}) + "&" if search else "",
        "can_add": request.user.has_perm("participants.add_participant"),
    }
    return render(request, "participants/list.html", context)


def _rows(people) -> list[dict]:
    """The list's rows as the table prints them, worked out here once: the template only prints."""
    url = url_for_each("participants:detail")
    return [{"url": url(p.pk), "name": p.sort_name, "born": p.personnummer_masked, "municipality": p.home_municipality.name,
             "current": p.current, "at_af": p.registered_at_af} for p in people]


def _form_page(request, form, title, participant=None):
    return render(request, "participants/form.html", {"form": form, "participant": participant, "title": title})


def _save(form, save):
    """The form's data through the service; a refusal lands on the form."""
    try:
        return save(**{name: form.cleaned_data[name] for name in form.Meta.fields})
    except ValidationError as error:
        add_errors(form, error)
        return None


@login_required
def participant_create(request):
    if not request.user.has_perm("participants.add_participant"):
        raise PermissionDenied
    form = ParticipantForm(request.POST or None, user=request.user, membership=request.membership,
                           initial=_defaults(request.membership))
    if request.method == "POST" and form.is_valid():
        participant = _save(form, lambda **data: services.participant_register(actor=request.user, **data))
        if participant is not None:
            messages.success(request, _("%(name)s is registered.") % {"name": participant.full_name})
            return redirect(participant)
    return _form_page(request, form, _("Register a participant"))


def _defaults(membership):
    """An officer registers people of their own municipality or office, most of the time."""
    organisation = membership.organisation if membership else None
    if organisation is None:
        return {}
    if organisation.kind == organisation.Kind.AF_OFFICE:
        return {"af_office": organisation.pk, "home_municipality": organisation.municipality_id, "registered_at_af": True}
    return {"home_municipality": organisation.municipality_id}


@login_required
def participant_edit(request, pk):
    participant = get_participant(request, pk, "participants.change_participant")
    # The form works on a copy: the service compares the new values with the saved ones.
    form = ParticipantForm(request.POST or None, instance=copy.copy(participant), user=request.user,
                           membership=request.membership)
    if request.method == "POST" and form.is_valid():
        saved = _save(form, lambda **data: services.participant_update(participant=participant, actor=request.user, **data))
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect(participant)
    return _form_page(request, form, _("Edit %(name)s") % {"name": participant.full_name}, participant)


def _parts(parts, participant):
    return [(label, reverse(url_name, args=[participant.pk])) for label, url_name in parts]


def detail_context(request, participant, **bound):
    return {
        "participant": participant,
        # The page is only shown to those who see the person; whether they see the name is the rest.
        "may_see_identity": rules_may_see_identity.test(request.user, participant),
        "can_change": request.user.has_perm("participants.change_participant", participant),
        "competences": list(participant.competences.select_related("concept")),
        "languages": list(participant.languages.select_related("language")),
        "licences": list(participant.licence_concepts.order_by("code")),
        "parts": _parts(DETAIL_PARTS, participant),
        "account": ParticipantAccount.objects.filter(participant=participant).first(),
        "invite_form": bound.get("invite_form") or InviteForm(),
        "change_requests": change_requests(participant),
        "competence_form": bound.get("competence_form") or CompetenceForm(),
        "language_form": bound.get("language_form") or LanguageForm(),
        "revealed": bound.get("revealed", False),
    }


@login_required
def participant_detail(request, pk):
    participant = get_participant(request, pk)
    record_read(request, participant)
    return render(request, "participants/detail.html", detail_context(request, participant))


@login_required
def participant_history(request, pk):
    """Who changed what in the person's record; the changes in their tracks are included from tracks."""
    participant = get_participant(request, pk, "participants.view_identity")
    record_read(request, participant, Read.VIEW_HISTORY)
    context = {"participant": participant, "history": personal_details_history(participant),
               "parts": _parts(HISTORY_PARTS, participant)}
    return render(request, "participants/history.html", context)


@login_required
@require_POST
def participant_reveal(request, pk):
    """Show the full personnummer once, on an explicit request; the reveal is logged."""
    participant = get_participant(request, pk, "participants.reveal_personnummer")
    record_read(request, participant, Read.REVEAL_PERSONNUMMER)
    context = detail_context(request, participant, revealed=True)
    if request.htmx:
        return render(request, "participants/detail.html#identity", context)
    return render(request, "participants/detail.html", context)


def _bound_action(request, participant, form, key, service, message, anchor):
    """An action from the person's page: the service with the form's data, or the page again with
    the form's errors."""
    if submit(form, service):
        messages.success(request, message)
        return redirect(f"{participant.get_absolute_url()}#{anchor}")
    return render(request, "participants/detail.html", detail_context(request, participant, **{key: form}))


@login_required
@require_POST
def competence_add(request, pk):
    participant = get_participant(request, pk, "participants.change_participant")
    return _bound_action(request, participant, CompetenceForm(request.POST), "competence_form",
                         lambda **data: services.competence_add(participant=participant, actor=request.user, **data),
                         _("The competence is added."), "competences")


@login_required
def competence_edit(request, pk, competence_pk):
    """How well and how a competence is known: assessed by the officer, validated by a provider or
    an industry validation, confirmed by the employer after an internship."""
    participant = get_participant(request, pk, "participants.change_participant")
    competence = get_object_or_404(Competence.objects.select_related("concept"), participant=participant,
                                   pk=competence_pk)
    initial = {"level": competence.level, "source": competence.source, "validated_on": competence.validated_on,
               "validated_by": competence.validated_by}
    form = EvidenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.competence_assess(competence=competence, actor=request.user, **form.cleaned_data)
        messages.success(request, _("How %(name)s is known is saved.") % {"name": competence.label})
        return redirect(f"{participant.get_absolute_url()}#competences")
    record_read(request, participant)
    return render(request, "participants/form.html", {
        "form": form, "participant": participant, "submit": _("Save"),
        "title": _("%(competence)s: how it is known") % {"competence": competence.label}})


@login_required
@require_POST
def competence_delete(request, pk, competence_pk):
    participant = get_participant(request, pk, "participants.change_participant")
    competence = get_object_or_404(Competence, participant=participant, pk=competence_pk)
    services.competence_remove(competence=competence, actor=request.user)
    messages.success(request, _("The competence is removed."))
    return redirect(f"{participant.get_absolute_url()}#competences")


@login_required
@require_POST
def language_add(request, pk):
    participant = get_participant(request, pk, "participants.change_participant")
    return _bound_action(request, participant, LanguageForm(request.POST), "language_form",
                         lambda **data: services.language_add(participant=participant, actor=request.user, **data),
                         _("The language is saved."), "competences")


@login_required
@require_POST
def language_delete(request, pk, language_pk):
    participant = get_participant(request, pk, "participants.change_participant")
    skill = get_object_or_404(LanguageSkill.objects.select_related("language"), participant=participant, pk=language_pk)
    services.language_remove(skill=skill, actor=request.user)
    messages.success(request, _("The language is removed."))
    return redirect(f"{participant.get_absolute_url()}#competences")


@login_required
@require_POST
def competence_confirm(request, pk, competence_pk):
    """What the person reported themselves, confirmed by the officer as assessed."""
    participant = get_participant(request, pk, "participants.change_participant")
    competence = get_object_or_404(Competence.objects.select_related("concept"), participant=participant,
                                   pk=competence_pk, source=Competence.Source.SELF_ASSESSED)
    services.competence_confirm(competence=competence, actor=request.user)
    messages.success(request, _("%(name)s is confirmed as assessed by you.") % {"name": competence.label})
    return redirect(f"{participant.get_absolute_url()}#competences")


@login_required
@require_POST
def invite(request, pk):
    """Open the person's own pages to them: an invitation with a one-time code login."""
    participant = get_participant(request, pk, "participants.change_participant")
    return _bound_action(request, participant, InviteForm(request.POST), "invite_form",
                         lambda **data: signin.account_invite(participant=participant, actor=request.user, **data),
                         _("The invitation is sent. It is valid for 14 days."), "access")


@login_required
@require_POST
def access_close(request, pk):
    participant = get_participant(request, pk, "participants.change_participant")
    account = get_object_or_404(ParticipantAccount, participant=participant, closed_at__isnull=True)
    signin.account_close(account=account, actor=request.user)
    messages.success(request, _("The person can no longer log in to their own pages."))
    return redirect(f"{participant.get_absolute_url()}#access")
