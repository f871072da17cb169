"""What happens to the people on a track once they are in it or invited: recruitment activities'
invitations and attendance, follow-ups, outcomes with their later checks, and workplace feedback.
Nothing is recorded as done after today, nor before what it follows."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import Change, record, record_many
from accounts.models import Membership, Role
from accounts.notifications import Reminder, notify
from lib.plausible import not_after_today, not_before, today
from participants.messages import tell_participants

from ..calendar import activity_entry, follow_up_entry, invitation_file
from ..models import (
    ActivityInvitation,
    Candidacy,
    FollowUp,
    Intervention,
    Outcome,
    OutcomeCheck,
    PersonalIntervention,
    WorkplaceFeedback,
)
from .candidacy import candidacy_change_status

OUTCOME_CHECK_DAYS = (90, 180)


def activity_invite(*, activity, candidacies, actor):
    """Invite the people to the activity; those with their own pages are told by e-mail (with a
    calendar file) or text message, in their language."""
    have = set(activity.invitations.values_list("candidacy_id", flat=True))
    new = [c for c in candidacies if c.pk not in have]
    ActivityInvitation.objects.bulk_create([ActivityInvitation(activity=activity, candidacy=c) for c in new])
    record_many(actor, Change.ACTIVITY_INVITE, [c.participant for c in new],
                {"track": activity.track_id, "activity": activity.pk})
    title = activity.track.title
    tell_participants(
        [c.participant_id for c in new], "activity_invitation",
        lambda: {"kind": activity.get_kind_display(), "when": _written(activity.starts_at), "place": activity.place,
                 "track": title, "meetings_url": settings.SITE_URL + reverse("portal:meetings")},
        lambda: invitation_file(activity_entry(activity, title)))


def _written(moment) -> str:
    """A date and time written out, in the language active."""
    return formats.date_format(timezone.localtime(moment), "j F Y H:i")


def activity_record_attendance(*, activity, attended_ids, actor):
    """Everyone invited either came (listed) or did not; known only once the activity has begun."""
    if activity.starts_at > timezone.now():
        raise ValidationError(_("The activity has not taken place yet: record who came afterwards."))
    invitations = activity.invitations.all()
    invitations.filter(candidacy_id__in=attended_ids).update(attended=True)
    invitations.exclude(candidacy_id__in=attended_ids).update(attended=False)
    record(actor, Change.ACTIVITY_ATTENDANCE, activity, {"attended": len(attended_ids)})


def followup_record(*, follow_up, actor, **fields):
    """A follow-up held: not after today, and not before the participant started."""
    candidacy = follow_up.candidacy
    not_after_today(fields.get("held_on"), field="held_on", what=_("The follow-up"))
    not_before(fields.get("held_on"), candidacy.enrolled_on, field="held_on",
               message=_("The follow-up cannot be before the participant started (%(date)s)."))
    for name, value in fields.items():
        setattr(follow_up, name, value)
    follow_up.recorded_by = actor
    follow_up._history_user = actor
    follow_up.save()
    record(actor, Change.FOLLOWUP_RECORD, candidacy.participant, {"follow_up": follow_up.pk, "track": candidacy.track_id})
    return follow_up


def followup_book(*, follow_up, actor, meeting_at, place) -> FollowUp:
    """Book the follow-up as a three-way meeting: the participant, the employer the person is placed
    with, and the education providers whose steps run then are asked to it (a reminder each)."""
    if meeting_at < timezone.now():
        raise ValidationError({"date": _("Book the meeting for a time that has not passed.")})
    candidacy = follow_up.candidacy
    follow_up.kind, follow_up.meeting_at, follow_up.meeting_place = FollowUp.Kind.THREE_WAY, meeting_at, place.strip()
    follow_up._history_user = actor
    follow_up.save(update_fields=["kind", "meeting_at", "meeting_place"])
    record(actor, Change.FOLLOWUP_BOOK, candidacy.participant, {
        "follow_up": follow_up.pk, "track": candidacy.track_id, "at": meeting_at.isoformat()})
    _invite_to_meeting(follow_up, candidacy)
    return follow_up


def _invite_to_meeting(follow_up, candidacy):
    day = timezone.localtime(follow_up.meeting_at).date()
    skipped = PersonalIntervention.objects.filter(candidacy=candidacy, skipped=True).values("source")
    providers = (Intervention.objects.filter(track=candidacy.track_id, provider_organisation__isnull=False,
                                             start_date__lte=day, end_date__gte=day)
                 .exclude(pk__in=skipped).values("provider_organisation"))
    asked = Q(role=Role.PROVIDER, organisation__in=providers)
    if candidacy.placed_with_id:
        asked |= Q(role=Role.EMPLOYER_REPRESENTATIVE, organisation=candidacy.placed_with_id)
    invited = Membership.objects.filter(asked).values_list("user_id", "role")
    title = candidacy.track.title
    with translation.override("sv"):
        message = _("A three-way follow-up meeting is booked for %(when)s, %(place)s (%(track)s).") % {
            "when": _written(follow_up.meeting_at), "place": follow_up.meeting_place, "track": title}
        attachment = invitation_file(follow_up_entry(follow_up, title)).decode()
    urls = {Role.PROVIDER: reverse("tracks:learners_follow_up", args=[follow_up.pk]),
            Role.EMPLOYER_REPRESENTATIVE: reverse("tracks:people", args=[candidacy.track_id])}
    notify([Reminder(user_id, "three_way", f"{follow_up.pk}:{follow_up.meeting_at.isoformat()}", day, message, urls[role],
                     calendar=attachment)
            for user_id, role in invited])
    tell_participants(
        [candidacy.participant_id], "meeting_invitation",
        lambda: {"when": _written(follow_up.meeting_at), "place": follow_up.meeting_place, "track": title,
                 "meetings_url": settings.SITE_URL + reverse("portal:meetings")},
        lambda: invitation_file(follow_up_entry(follow_up, title)))


def followup_provider_part(*, follow_up, actor, text, provider) -> FollowUp:
    """The education provider's part of a three-way follow-up: how the person is doing in its module."""
    follow_up.provider_part, follow_up.provider_part_by = text.replace("\x00", "").strip(), provider
    follow_up._history_user = actor
    follow_up.save(update_fields=["provider_part", "provider_part_by"])
    candidacy = follow_up.candidacy
    record(actor, Change.FOLLOWUP_PROVIDER_PART, candidacy.participant, {
        "follow_up": follow_up.pk, "track": candidacy.track_id})
    return follow_up


def _outcome_errors(candidacy, kind, date, subsidy, employer, employment_form, reason) -> dict:
    errors = {}
    if kind == Outcome.Kind.SUBSIDISED and not subsidy:
        errors["subsidy"] = _("Choose the kind of wage subsidy.")
    if kind in (Outcome.Kind.EMPLOYMENT, Outcome.Kind.SUBSIDISED) and (employer is None or not employment_form):
        errors["employer"] = _("Give the employer and the form of employment.")
    if kind in (Outcome.Kind.LEFT_EARLY, Outcome.Kind.OTHER) and not reason.strip():
        errors["reason"] = _("Say why.")
    if date and date > today():
        errors["date"] = _("The outcome cannot be dated after today (%(date)s): record it when it has happened.") % {
            "date": today().isoformat()}
    elif date and candidacy.enrolled_on and date < candidacy.enrolled_on:
        errors["date"] = _("The outcome cannot be before the participant started (%(date)s).") % {
            "date": candidacy.enrolled_on.isoformat()}
    return errors


@transaction.atomic
def outcome_record(*, candidacy, actor, kind, date, subsidy="", employer=None, employment_form="",
                   study_plan=False, reason="") -> Outcome:
    """How the participant left; checks at +90 and +180 days are scheduled, follow-ups after the
    exit are dropped."""
    if candidacy.status not in (Candidacy.Status.ENROLLED, Candidacy.Status.COMPLETED, Candidacy.Status.LEFT_EARLY):
        raise ValidationError(_("Only an enrolled participant gets an outcome."))
    errors = _outcome_errors(candidacy, kind, date, subsidy, employer, employment_form, reason)
    if errors:
        raise ValidationError(errors)
    outcome = getattr(candidacy, "outcome", None) or Outcome(candidacy=candidacy)
    for name, value in dict(kind=kind, date=date, subsidy=subsidy if kind == Outcome.Kind.SUBSIDISED else "",
                            employer=employer, employment_form=employment_form, study_plan=study_plan,
                            reason=reason.strip(), recorded_by=actor).items():
        setattr(outcome, name, value)
    outcome._history_user = actor
    outcome.save()
    status = Candidacy.Status.LEFT_EARLY if kind == Outcome.Kind.LEFT_EARLY else Candidacy.Status.COMPLETED
    if candidacy.status != status:
        candidacy_change_status(candidacies=[candidacy], actor=actor, to=status, reason=reason)
    candidacy.follow_ups.filter(held_on__isnull=True, due_date__gt=date).delete()
    for days in OUTCOME_CHECK_DAYS:
        OutcomeCheck.objects.update_or_create(
            candidacy=candidacy, days_after=days, defaults={"due_date": date + datetime.timedelta(days=days)}
        )
    record(actor, Change.OUTCOME_RECORD, candidacy.participant, {"kind": kind, "track": candidacy.track_id})
    return outcome


def outcome_check_record(*, check, actor, status) -> OutcomeCheck:
    """The status some days after the outcome, recorded once that day has come."""
    if status not in Outcome.Kind.values:
        raise ValidationError(_("Choose the participant's status."))
    if check.due_date > today():
        raise ValidationError(_("The status after %(days)s days can be recorded from %(date)s.") % {
            "days": check.days_after, "date": check.due_date.isoformat()})
    check.status, check.recorded_by, check.recorded_at = status, actor, timezone.now()
    check.save(update_fields=["status", "recorded_by", "recorded_at"])
    record(actor, Change.OUTCOME_CHECK, check.candidacy.participant,
           {"days_after": check.days_after, "status": status, "track": check.candidacy.track_id})
    return check


def feedback_add(*, candidacy, actor, text) -> WorkplaceFeedback:
    """Short workplace feedback from the employer's representative on their own participant."""
    feedback = WorkplaceFeedback.objects.create(candidacy=candidacy, author=actor, text=text)
    record(actor, Change.FEEDBACK_ADD, candidacy.participant, {"track": candidacy.track_id})
    return feedback
