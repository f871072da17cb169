"""Writes to what a track plans (the requirement profile is `profile`'s): the
intervention chain, recruitment activities, and letters of intent (a signed letter is frozen:
changing it makes a new version that is sent and signed again)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import Change, record
from accounts.models import Membership, Role
from accounts.notifications import Reminder, notify
from lib.plausible import not_after_today, not_before, today

from ..calendar import activity_entry, invitation_file
from ..models import COMMITMENTS, Intervention, LetterOfIntent, RecruitmentActivity, SignedLetter

# --- Interventions and recruitment activities ----------------------------------------------


def intervention_save(*, track, actor, intervention=None, **fields) -> Intervention:
    """Add an intervention to the chain, or change one. An intervention is finished only once it
    has ended: a step that ended early gets its real end date."""
    intervention = intervention or Intervention(track=track)
    for name, value in fields.items():
        setattr(intervention, name, value)
    not_before(intervention.end_date, intervention.start_date, field="end_date",
               message=_("The end must be on or after the start (%(date)s)."))
    if intervention.finished and intervention.end_date > today():
        raise ValidationError({"finished": _(
            "An intervention that ends after today cannot be finished yet. If it ended early, change its end date.")})
    intervention.save()
    record(actor, Change.INTERVENTION_SAVE, track, {"intervention": intervention.pk, "fields": sorted(fields)})
    return intervention


def intervention_remove(*, track, actor, intervention) -> None:
    """Take a step out of the chain; one its provider has reported on stays (change its dates instead)."""
    if intervention.attendance.exists() or intervention.completions.exists():
        raise ValidationError(_("The provider has reported attendance or results for %(title)s: it stays in the chain. "
                                "Change its end date if it ended early.") % {"title": intervention.title})
    record(actor, Change.INTERVENTION_REMOVE, track, {"intervention": intervention.pk, "title": intervention.title})
    intervention.delete()


def activity_save(*, track, actor, **fields) -> RecruitmentActivity:
    """Plan a recruitment activity; the track's employers' representatives are asked to it (a
    reminder, e-mailed with a calendar file)."""
    activity = RecruitmentActivity.objects.create(track=track, **fields)
    record(actor, Change.ACTIVITY_SAVE, track, {"activity": activity.pk})
    with translation.override("sv"):
        message = _("%(kind)s on %(when)s, %(place)s (%(track)s).") % {
            "kind": activity.get_kind_display(), "place": activity.place, "track": track.title,
            "when": formats.date_format(timezone.localtime(activity.starts_at), "j F Y H:i")}
        attachment = invitation_file(activity_entry(activity, track.title)).decode()
    people = (Membership.objects.filter(role=Role.EMPLOYER_REPRESENTATIVE, user__is_active=True,
                                        organisation__in=track.employers.values("pk"))
              .exclude(user=actor).values_list("user_id", flat=True).distinct())
    notify([Reminder(user_id, "activity", f"{activity.pk}", timezone.localtime(activity.starts_at).date(), message,
                     reverse("tracks:activities", args=[track.pk]), calendar=attachment) for user_id in people])
    return activity


def activity_remove(*, track, actor, activity) -> None:
    record(actor, Change.ACTIVITY_REMOVE, track, {"activity": activity.pk})
    activity.delete()


# --- Letters of intent ---------------------------------------------------------------------


def letter_revise(*, letter, actor, **commitments) -> LetterOfIntent:
    """Change what the letter commits the employer to. A signed letter is never changed in place:
    its signed version stays as it was, and the new text is version N + 1, a draft to be sent and
    signed again. A letter already sent goes back to draft, so the employer never signs a text
    other than the one they were sent."""
    changed = sorted(name for name in COMMITMENTS if name in commitments and getattr(letter, name) != commitments[name])
    if not changed:
        return letter
    was = letter.status
    Status = LetterOfIntent.Status
    if was == Status.SIGNED:
        letter.version += 1
        letter.signed_on, letter.signed_by_name, letter.signed_by_title = None, "", ""
    if was in (Status.SIGNED, Status.SENT, Status.DECLINED):
        letter.status, letter.sent_at = Status.DRAFT, None
    for name in changed:
        setattr(letter, name, commitments[name])
    letter.save()
    record(actor, Change.LETTER_REVISE, letter, {"fields": changed, "version": letter.version, "was": was})
    return letter


def letter_send(*, letter, actor) -> LetterOfIntent:
    if letter.status not in (LetterOfIntent.Status.DRAFT, LetterOfIntent.Status.DECLINED):
        raise ValidationError(_("Only a draft or declined letter can be sent."))
    letter.status, letter.sent_at = LetterOfIntent.Status.SENT, timezone.now()
    letter.save(update_fields=["status", "sent_at"])
    record(actor, Change.LETTER_SEND, letter, {"version": letter.version})
    return letter


def letter_waive(*, letter, actor, reason) -> LetterOfIntent:
    if letter.status == LetterOfIntent.Status.SIGNED:
        raise ValidationError(_("A signed letter cannot be waived."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why no letter of intent is needed.")})
    letter.status, letter.waiver_reason = LetterOfIntent.Status.WAIVED, reason.strip()
    letter.save(update_fields=["status", "waiver_reason"])
    record(actor, Change.LETTER_WAIVE, letter)
    return letter


@transaction.atomic
def letter_sign(*, letter, actor, name, title, signed_on) -> LetterOfIntent:
    """The employer's representative accepts the letter in their own view. What they signed is
    kept as its own record (`SignedLetter`), never changed afterwards."""
    if letter.status != LetterOfIntent.Status.SENT:
        raise ValidationError(_("Only a letter sent to the employer can be signed."))
    not_after_today(signed_on, field="signed_on", what=_("The signature"))
    not_before(signed_on, timezone.localdate(letter.sent_at) if letter.sent_at else None, field="signed_on",
               message=_("The letter cannot be signed before it was sent (%(date)s)."))
    letter.status = LetterOfIntent.Status.SIGNED
    letter.signed_by_name, letter.signed_by_title, letter.signed_on = name, title, signed_on
    letter.save(update_fields=["status", "signed_by_name", "signed_by_title", "signed_on"])
    SignedLetter.objects.create(
        letter=letter, version=letter.version, signed_on=signed_on, signed_by_name=name, signed_by_title=title,
        signed_by=actor, **{field: getattr(letter, field) for field in COMMITMENTS},
    )
    record(actor, Change.LETTER_SIGN, letter, {"version": letter.version})
    return letter


def letter_decline(*, letter, actor, reason) -> LetterOfIntent:
    if letter.status != LetterOfIntent.Status.SENT:
        raise ValidationError(_("Only a letter sent to the employer can be declined."))
    letter.status, letter.decline_reason = LetterOfIntent.Status.DECLINED, reason.strip()
    letter.save(update_fields=["status", "decline_reason"])
    record(actor, Change.LETTER_DECLINE, letter, {"version": letter.version})
    return letter
