"""A candidacy's life, from nomination to outcome, in one function.

`TRANSITIONS` says which status may follow which, who may make the move (a django-rules
permission on the candidacy) and what the move needs (a reason for declines and withdrawals, a
start date for enrolment). `candidacy_change_status` is the only code that assigns
`Candidacy.status`: it checks the table, saves through the model so the change history has every
step with who and when, and writes one audit event per person. Nomination, shortlists, the
employer's decisions, enrolment and withdrawal are the services around it."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from accounts.audit import Change, record, record_many
from accounts.models import Membership, Role

from ..models import Candidacy, Phase, Shortlist, ShortlistEntry
from .chain import chain_copy, followups_schedule

S = Candidacy.Status


@dataclass(frozen=True)
class Move:
    """Who may make a move (a permission on the candidacy) and what it needs."""

    permission: str
    needs: tuple[str, ...] = ()


BEFORE_ENROLMENT = (S.NOMINATED, S.SHORTLISTED, S.APPROVED_FOR_INTERVIEW, S.APPROVED)
# The employer's decisions; a decision can be changed (after an interview, or a mistake) until enrolment.
DECISIONS = (S.APPROVED_FOR_INTERVIEW, S.APPROVED, S.DECLINED)
OUTCOMES = (S.COMPLETED, S.LEFT_EARLY)

TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.NOMINATED, S.SHORTLISTED): Move("tracks.shortlist_candidacy"),
    **{
        (source, target): Move("tracks.decide_candidacy", ("reason",) if target == S.DECLINED else ())
        for source in (S.SHORTLISTED, *DECISIONS) for target in DECISIONS if source != target
    },
    (S.APPROVED, S.ENROLLED): Move("tracks.enrol_candidacy", ("start",)),
    **{(source, target): Move("tracks.record_outcome") for source in (S.ENROLLED, *OUTCOMES) for target in OUTCOMES
       if source != target},
    **{(source, S.WITHDRAWN): Move("tracks.withdraw_candidacy", ("reason",)) for source in BEFORE_ENROLMENT},
}

NEEDS = {
    "reason": _("Give a reason."),
    "start": _("Give the start date."),
}


def allowed_moves(candidacy) -> list[str]:
    """The statuses the candidacy may go to next, in the order of `Candidacy.Status`."""
    return [target for target in S.values if (candidacy.status, target) in TRANSITIONS]


def _check(candidacy, actor, to, given: dict) -> Move:
    move = TRANSITIONS.get((candidacy.status, to))
    if move is None:
        raise ValidationError(_("%(name)s cannot go from %(from)s to %(to)s.") % {
            "name": candidacy.participant.full_name, "from": candidacy.get_status_display().lower(),
            "to": S(to).label.lower()})
    if not actor.has_perm(move.permission, candidacy):
        raise PermissionDenied
    missing = [str(NEEDS[need]) for need in move.needs if not given.get(need)]
    if missing:
        raise ValidationError(missing)
    return move


@transaction.atomic
def candidacy_change_status(*, candidacies, actor, to, reason="", start=None, placed_with=None) -> list[Candidacy]:
    """Move every candidacy in `candidacies` to `to`, or none of them. The one function that
    assigns a candidacy's status."""
    candidacies = list(candidacies)
    reason = reason.strip()
    for candidacy in candidacies:
        _check(candidacy, actor, to, {"reason": reason, "start": start})
    fields = ["status"]
    details = []
    for candidacy in candidacies:
        details.append({"track": candidacy.track_id, "candidacy": candidacy.pk, "from": candidacy.status, "to": to})
        candidacy.status = to
        candidacy._history_user = actor
        candidacy._change_reason = reason[:100] or None
        if to == S.ENROLLED:
            candidacy.enrolled_on, candidacy.enrolled_by, candidacy.placed_with = start, actor, placed_with
        if to == S.WITHDRAWN:
            candidacy.withdrawal_reason = reason
    if to == S.ENROLLED:
        fields += ["enrolled_on", "enrolled_by", "placed_with"]
    if to == S.WITHDRAWN:
        fields.append("withdrawal_reason")
    bulk_update_with_history(candidacies, Candidacy, fields, default_user=actor)
    record_many(actor, Change.CANDIDACY_STATUS, [c.participant for c in candidacies], details=details)
    return candidacies


def candidacy_nominate(*, track, participant, actor, organisation, motivation) -> Candidacy:
    """An officer puts a participant forward for a recruiting track."""
    if track.phase != Phase.RECRUITMENT:
        raise ValidationError(_("Participants can be nominated only while the track is recruiting."))
    if organisation is None or not (organisation.pk == track.lead_municipality_id
                                    or track.partners.filter(pk=organisation.pk).exists()):
        raise ValidationError(_("Only the lead municipality and the partners that have accepted to take part "
                                "nominate to this track."))
    candidacy = Candidacy(track=track, participant=participant, nominated_by=actor,
                          nominating_organisation=organisation, motivation=motivation.strip())
    candidacy._history_user = actor
    candidacy.save()
    record(actor, Change.CANDIDACY_NOMINATE, participant, {"track": track.pk, "candidacy": candidacy.pk})
    return candidacy


def candidacy_withdraw(*, candidacy, actor, reason) -> Candidacy:
    """The nominating officer or the coordinator takes a nomination back before enrolment, with a
    reason (the person got a job elsewhere, moved, no longer wants to take part…)."""
    return candidacy_change_status(candidacies=[candidacy], actor=actor, to=S.WITHDRAWN, reason=reason)[0]


# --- Shortlists and the employer's decisions -------------------------------------------------


@transaction.atomic
def shortlist_create(*, track, employer, candidacies, deadline, actor, today=None) -> Shortlist:
    """Put nominated candidates before one of the track's employers, to decide by `deadline`."""
    if deadline < (today or timezone.localdate()):
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    if not track.employers.filter(pk=employer.pk).exists():
        raise ValidationError({"employer": _("The employer does not take part in this track.")})
    candidacies = list(candidacies)
    shortlist = Shortlist.objects.create(track=track, employer=employer, deadline=deadline, created_by=actor)
    ShortlistEntry.objects.bulk_create([ShortlistEntry(shortlist=shortlist, candidacy=c) for c in candidacies])
    candidacy_change_status(candidacies=candidacies, actor=actor, to=S.SHORTLISTED)
    record(actor, Change.SHORTLIST_CREATE, shortlist, {"candidates": len(candidacies)})
    return shortlist


def shortlist_send(*, shortlist, actor) -> Shortlist:
    """Send the shortlist to the employer; its representatives get an e-mail at once."""
    if shortlist.sent_at is not None:
        raise ValidationError(_("The shortlist is already sent."))
    count = shortlist.entries.count()
    title = " ".join(shortlist.track.title.split())  # a line break in a subject would make the mail fail
    subject = _("Candidates for %(track)s await your decision") % {"track": title}
    body = ngettext(
        "Hello,\n\nThe coordinator of the job track ”%(track)s” has put %(count)s candidate before you. "
        "Please decide by %(deadline)s:\n\n%(url)s\n\nJobbspår",
        "Hello,\n\nThe coordinator of the job track ”%(track)s” has put %(count)s candidates before you. "
        "Please decide on each by %(deadline)s:\n\n%(url)s\n\nJobbspår",
        count,
    ) % {"track": title, "count": count, "deadline": shortlist.deadline.isoformat(),
         "url": settings.SITE_URL + reverse("tracks:shortlist", args=[shortlist.pk])}
    shortlist.sent_at = timezone.now()
    shortlist.save(update_fields=["sent_at"])
    record(actor, Change.SHORTLIST_SEND, shortlist)
    recipients = list(
        Membership.objects.filter(organisation=shortlist.employer, role=Role.EMPLOYER_REPRESENTATIVE, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    messages = [(subject, body, None, [address]) for address in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return shortlist


DECISION_STATUS = {
    ShortlistEntry.Decision.INTERVIEW: S.APPROVED_FOR_INTERVIEW,
    ShortlistEntry.Decision.APPROVED: S.APPROVED,
    ShortlistEntry.Decision.DECLINED: S.DECLINED,
}


@transaction.atomic
def shortlist_decide(*, entry, actor, decision, reason="", text="") -> ShortlistEntry:
    """The employer's representative decides on one candidate; the coordinator sees it at once."""
    if decision not in DECISION_STATUS:
        raise ValidationError(_("Choose approve for interview, approve for the track, or decline."))
    declined = decision == ShortlistEntry.Decision.DECLINED
    if declined:
        if reason not in ShortlistEntry.DeclineReason.values:
            raise ValidationError({"reason": _("Choose why the candidate is declined.")})
        if reason == ShortlistEntry.DeclineReason.OTHER and not text.strip():
            raise ValidationError({"text": _("Write the reason when you choose Other.")})
    candidacy = entry.candidacy
    if candidacy.status == S.WITHDRAWN:
        raise ValidationError(_("The candidate is no longer put forward: the nomination was withdrawn."))
    if candidacy.status not in (S.SHORTLISTED, *DECISIONS):
        raise ValidationError(_("The candidate is enrolled already; the decision cannot be changed."))
    entry.decision, entry.decided_by, entry.decided_at = decision, actor, timezone.now()
    entry.decline_reason = reason if declined else ""
    entry.decline_text = text.strip() if declined else ""
    entry.save(update_fields=["decision", "decided_by", "decided_at", "decline_reason", "decline_text"])
    if candidacy.status != DECISION_STATUS[decision]:
        said = entry.get_decline_reason_display() if declined else ""
        candidacy_change_status(candidacies=[candidacy], actor=actor, to=DECISION_STATUS[decision], reason=said)
    record(actor, Change.SHORTLIST_DECIDE, candidacy.participant, {"decision": decision, "shortlist": entry.shortlist_id,
                                                                   "track": candidacy.track_id})
    return entry


def placing_employer(candidacy):
    """The employer a participant is placed with: the one whose shortlist approved them (the
    latest decision), or the track's only employer."""
    entry = (candidacy.shortlist_entries.filter(decision=ShortlistEntry.Decision.APPROVED, shortlist__sent_at__isnull=False)
             .select_related("shortlist__employer").order_by("-decided_at").first())
    if entry is not None:
        return entry.shortlist.employer
    employers = list(candidacy.track.employers.all()[:2])
    return employers[0] if len(employers) == 1 else None


@transaction.atomic
def candidacy_enrol(*, candidacy, actor, start) -> Candidacy:
    """An approved candidate becomes a participant of the track from `start`, with their own
    copy of the chain and follow-ups scheduled."""
    if candidacy.status != S.APPROVED:
        raise ValidationError(_("Only a candidate the employer has approved for the track can be enrolled."))
    if not candidacy.participant.registered_at_af:
        raise ValidationError(
            _("%(name)s is not registered at Arbetsförmedlingen, which taking part requires. Register the person "
              "there first, then record it on their page.") % {"name": candidacy.participant.full_name}
        )
    if start and start > candidacy.track.planned_end:
        raise ValidationError({"start": _("The start date is after the track's planned end (%(date)s).") % {
            "date": candidacy.track.planned_end.isoformat()}})
    candidacy_change_status(candidacies=[candidacy], actor=actor, to=S.ENROLLED, start=start,
                            placed_with=placing_employer(candidacy))
    chain_copy(candidacy=candidacy)
    followups_schedule(candidacy=candidacy)
    return candidacy
