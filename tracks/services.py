"""Every write to a track goes through here. `track_change_phase` is the only code that assigns
`Track.phase`."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import CompetenceProfile, Requirement
from jobbspar.accounts.audit import record

from .checklists import SEED
from .gates import GATES
from .models import (
    NEXT_PHASE,
    TOOK_PART,
    ActivityInvitation,
    Candidacy,
    ChecklistItem,
    FollowUp,
    Intervention,
    LetterOfIntent,
    Outcome,
    OutcomeCheck,
    PersonalIntervention,
    Phase,
    PhaseChange,
    Problem,
    ProfileProposal,
    Shortlist,
    ShortlistEntry,
    Track,
    WorkplaceFeedback,
)


class GateClosed(ValidationError):
    """The track may not move on; `messages` says what is missing."""


# --- Track ---------------------------------------------------------------------------------


@transaction.atomic
def track_create(*, actor, employers, partners=(), library_profile=None, **fields) -> Track:
    """A new track in planning: the actor coordinates it, every phase's checklist is seeded,
    each employer gets a draft letter of intent, and the requirement profile is copied from the
    library profile when one is given."""
    track = Track.objects.create(**fields)
    track.coordinators.add(actor)
    track.employers.set(employers)
    track.partners.set(partners)
    checklist_seed(track=track)
    LetterOfIntent.objects.bulk_create([LetterOfIntent(track=track, employer=e) for e in employers])
    if library_profile is not None:
        profile_copy(track=track, source=library_profile, actor=actor)
    record(actor, "track.create", track)
    return track


def track_update(*, track, actor, employers=None, partners=None, **fields) -> Track:
    for name, value in fields.items():
        setattr(track, name, value)
    track.save()
    if partners is not None:
        track.partners.set(partners)
    if employers is not None:
        employers_set(track=track, employers=employers)
    record(actor, "track.update", track, {"fields": sorted(fields)})
    return track


def employers_set(*, track, employers):
    """Employers on the track, each with a letter of intent; a letter already begun stays."""
    track.employers.set(employers)
    have = set(track.letters.values_list("employer_id", flat=True))
    LetterOfIntent.objects.bulk_create([LetterOfIntent(track=track, employer=e) for e in employers if e.pk not in have])
    track.letters.filter(status=LetterOfIntent.Status.DRAFT).exclude(employer__in=employers).delete()


@transaction.atomic
def track_change_phase(*, track, actor, to, reason="") -> Track:
    """Move the track to `to`: the next phase if its gate is open, or cancelled with a reason."""
    track = Track.objects.select_for_update().get(pk=track.pk)
    if to == Phase.CANCELLED:
        if track.phase in (Phase.CLOSED, Phase.CANCELLED):
            raise GateClosed([_("A closed or cancelled track cannot be cancelled.")])
        if not reason.strip():
            raise GateClosed([_("Say why the track is cancelled.")])
    else:
        if NEXT_PHASE.get(track.phase) != to:
            raise GateClosed([_("The track cannot move from %(from)s to %(to)s.") % {
                "from": track.get_phase_display().lower(), "to": Phase(to).label.lower()}])
        missing = GATES[to](track)
        if missing:
            raise GateClosed(missing)
    PhaseChange.objects.create(track=track, from_phase=track.phase, to_phase=to, actor=actor, reason=reason)
    track.phase, track.phase_changed_at = to, timezone.now()
    if to == Phase.CANCELLED:
        track.cancel_reason = reason
    track.save(update_fields=["phase", "phase_changed_at", "cancel_reason"])
    record(actor, "track.phase", track, {"to": to})
    return track


def _shifted(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


def new_round_start(track: Track, today: datetime.date) -> datetime.date:
    """The next round starts on the first Monday at least four weeks after the later of today
    and the previous round's planned end: time to plan and recruit again."""
    earliest = max(today, track.planned_end) + datetime.timedelta(weeks=4)
    return earliest + datetime.timedelta(days=(7 - earliest.weekday()) % 7)


@transaction.atomic
def track_start_new_round(*, track, actor, today=None) -> Track:
    """A new track in planning, copying profile, interventions (dates shifted), partners and
    employers, linked to its predecessor."""
    if track.phase != Phase.CLOSED:
        raise GateClosed([_("Only a closed track can start a new round.")])
    if hasattr(track, "successor"):
        raise GateClosed([_("This track already has a next round.")])
    shift = (new_round_start(track, today or timezone.localdate()) - track.planned_start).days
    successor = track_create(
        actor=actor,
        employers=list(track.employers.all()),
        partners=list(track.partners.all()),
        kind=track.kind,
        title=track.title,
        occupation=track.occupation,
        lead_municipality=track.lead_municipality,
        agreement=track.agreement,
        places=track.places,
        intended_hires=track.intended_hires,
        planned_start=_shifted(track.planned_start, shift),
        planned_end=_shifted(track.planned_end, shift),
        target_groups=list(track.target_groups),
        round_number=track.round_number + 1,
        predecessor=track,
    )
    successor.coordinators.add(*track.coordinators.all())
    if track.requirement_profile_id:
        profile_copy(track=successor, source=track.requirement_profile, actor=actor)
    Intervention.objects.bulk_create(
        [
            Intervention(
                track=successor,
                kind=i.kind,
                title=i.title,
                provider=i.provider,
                responsible=i.responsible,
                start_date=_shifted(i.start_date, shift),
                end_date=_shifted(i.end_date, shift),
                hours_per_week=i.hours_per_week,
                place=i.place,
            )
            for i in track.interventions.all()
        ]
    )
    return successor


# --- Checklist -----------------------------------------------------------------------------


def checklist_seed(*, track):
    items = [
        ChecklistItem(track=track, phase=phase, key=key, position=position)
        for phase, tasks in SEED.items()
        for position, (key, _title) in enumerate(tasks)
    ]
    ChecklistItem.objects.bulk_create(items)


def checklist_item_add(*, track, actor, phase, title, assignee=None, due_date=None) -> ChecklistItem:
    position = track.checklist.filter(phase=phase).count() + 100
    return ChecklistItem.objects.create(
        track=track, phase=phase, title=title, assignee=assignee, due_date=due_date, position=position
    )


def checklist_item_set_status(*, item, actor, status, reason="") -> ChecklistItem:
    if status == ChecklistItem.Status.NOT_APPLICABLE and not reason.strip():
        raise ValidationError({"reason": _("Say why the task does not apply.")})
    item.status = status
    item.not_applicable_reason = reason.strip() if status == ChecklistItem.Status.NOT_APPLICABLE else ""
    done = status != ChecklistItem.Status.OPEN
    item.completed_by, item.completed_at = (actor, timezone.now()) if done else (None, None)
    item.save(update_fields=["status", "not_applicable_reason", "completed_by", "completed_at"])
    return item


# --- Requirement profile -------------------------------------------------------------------


@transaction.atomic
def profile_copy(*, track, source, actor) -> CompetenceProfile:
    """The track's own requirement profile, copied from `source` and linked to it. A library
    profile is the origin; copying a track's profile keeps pointing at the library one."""
    origin = source if source.in_library else source.origin
    profile = CompetenceProfile.objects.create(
        title=source.title,
        occupation=source.occupation,
        description=source.description,
        swedish_level=source.swedish_level,
        licences=source.licences,
        in_library=False,
        origin=origin,
        created_by=actor,
    )
    Requirement.objects.bulk_create(
        [
            Requirement(profile=profile, competence=r.competence, level=r.level, kind=r.kind, validation=r.validation)
            for r in source.requirements.all()
        ]
    )
    old = track.requirement_profile
    track.requirement_profile = profile
    track.save(update_fields=["requirement_profile"])
    if old is not None:
        old.delete()
    return profile


def profile_ensure(*, track, actor) -> CompetenceProfile:
    """The track's requirement profile, created empty for its occupation when there is none."""
    if track.requirement_profile is None:
        track.requirement_profile = CompetenceProfile.objects.create(
            title=track.title, occupation=track.occupation, in_library=False, created_by=actor
        )
        track.save(update_fields=["requirement_profile"])
    return track.requirement_profile


def requirement_add(*, track, actor, **fields) -> Requirement:
    return Requirement.objects.create(profile=profile_ensure(track=track, actor=actor), **fields)


def proposal_create(*, track, actor, competence, level, kind, comment="") -> ProfileProposal:
    """The employer's representative proposes a requirement; the coordinator decides."""
    return ProfileProposal.objects.create(
        track=track, proposed_by=actor, competence=competence, level=level, kind=kind, comment=comment
    )


def proposal_decide(*, proposal, actor, accept: bool) -> ProfileProposal:
    if proposal.status != ProfileProposal.Status.OPEN:
        raise ValidationError(_("The proposal is already decided."))
    if accept:
        profile = profile_ensure(track=proposal.track, actor=actor)
        Requirement.objects.create(
            profile=profile, competence=proposal.competence, level=proposal.level, kind=proposal.kind
        )
    proposal.status = ProfileProposal.Status.ACCEPTED if accept else ProfileProposal.Status.REJECTED
    proposal.decided_by = actor
    proposal.save(update_fields=["status", "decided_by"])
    return proposal


# --- Letters of intent ---------------------------------------------------------------------


def letter_send(*, letter, actor) -> LetterOfIntent:
    if letter.status not in (LetterOfIntent.Status.DRAFT, LetterOfIntent.Status.DECLINED):
        raise ValidationError(_("Only a draft or declined letter can be sent."))
    letter.status, letter.sent_at = LetterOfIntent.Status.SENT, timezone.now()
    letter.save(update_fields=["status", "sent_at"])
    record(actor, "letter.send", letter)
    return letter


def letter_waive(*, letter, actor, reason) -> LetterOfIntent:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why no letter of intent is needed.")})
    letter.status, letter.waiver_reason = LetterOfIntent.Status.WAIVED, reason.strip()
    letter.save(update_fields=["status", "waiver_reason"])
    record(actor, "letter.waive", letter)
    return letter


def letter_sign(*, letter, actor, name, title, signed_on) -> LetterOfIntent:
    """The employer's representative accepts the letter in their own view."""
    if letter.status != LetterOfIntent.Status.SENT:
        raise ValidationError(_("Only a letter sent to the employer can be signed."))
    letter.status = LetterOfIntent.Status.SIGNED
    letter.signed_by_name, letter.signed_by_title, letter.signed_on = name, title, signed_on
    letter.save(update_fields=["status", "signed_by_name", "signed_by_title", "signed_on"])
    record(actor, "letter.sign", letter)
    return letter


def letter_decline(*, letter, actor, reason) -> LetterOfIntent:
    if letter.status != LetterOfIntent.Status.SENT:
        raise ValidationError(_("Only a letter sent to the employer can be declined."))
    letter.status, letter.decline_reason = LetterOfIntent.Status.DECLINED, reason.strip()
    letter.save(update_fields=["status", "decline_reason"])
    record(actor, "letter.decline", letter)
    return letter


# --- Problems ------------------------------------------------------------------------------


def problem_resolve(*, problem, actor) -> Problem:
    problem.resolved_at = timezone.now()
    problem.save(update_fields=["resolved_at"])
    return problem


def problem_escalate(*, problem, actor) -> Problem:
    if problem.track.agreement_id is None:
        raise ValidationError(_("The track runs under no local agreement, so it has no steering group."))
    if problem.escalated_at is not None:
        raise ValidationError(_("The problem is already escalated."))
    problem.escalated_at, problem.escalated_by = timezone.now(), actor
    problem.save(update_fields=["escalated_at", "escalated_by"])
    record(actor, "problem.escalate", problem)
    return problem


def problem_decide(*, problem, actor, decision) -> Problem:
    if not problem.awaits_decision:
        raise ValidationError(_("The problem does not await a decision."))
    if not decision.strip():
        raise ValidationError({"decision": _("Write the steering group's decision.")})
    problem.decision, problem.decided_by, problem.decided_at = decision.strip(), actor, timezone.now()
    problem.save(update_fields=["decision", "decided_by", "decided_at"])
    record(actor, "problem.decide", problem)
    return problem


# --- Candidacies ---------------------------------------------------------------------------


def candidacy_nominate(*, track, participant, actor, organisation, motivation):
    """An officer puts a participant forward for a recruiting track."""
    if track.phase != Phase.RECRUITMENT:
        raise ValidationError(_("Participants can be nominated only while the track is recruiting."))
    candidacy = Candidacy.objects.create(
        track=track, participant=participant, nominated_by=actor, nominating_organisation=organisation,
        motivation=motivation.strip(),
    )
    record(actor, "candidacy.nominate", participant, {"track": track.pk})
    return candidacy


@transaction.atomic
def shortlist_create(*, track, employer, candidacies, deadline, actor, today=None) -> Shortlist:
    """Put nominated candidates before one of the track's employers, to decide by `deadline`."""
    if deadline < (today or timezone.localdate()):
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    if not track.employers.filter(pk=employer.pk).exists():
        raise ValidationError({"employer": _("The employer does not take part in this track.")})
    shortlist = Shortlist.objects.create(track=track, employer=employer, deadline=deadline, created_by=actor)
    ShortlistEntry.objects.bulk_create([ShortlistEntry(shortlist=shortlist, candidacy=c) for c in candidacies])
    Candidacy.objects.filter(pk__in=[c.pk for c in candidacies]).update(status=Candidacy.Status.SHORTLISTED)
    record(actor, "shortlist.create", shortlist, {"candidates": len(candidacies)})
    return shortlist


def shortlist_send(*, shortlist, actor) -> Shortlist:
    """Send the shortlist to the employer; its representatives get an e-mail at once."""
    from django.conf import settings
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    from jobbspar.accounts.models import Membership, Role

    if shortlist.sent_at is not None:
        raise ValidationError(_("The shortlist is already sent."))
    shortlist.sent_at = timezone.now()
    shortlist.save(update_fields=["sent_at"])
    record(actor, "shortlist.send", shortlist)
    recipients = list(
        Membership.objects.filter(organisation=shortlist.employer, role=Role.EMPLOYER_REPRESENTATIVE, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    subject = _("Candidates for %(track)s await your decision") % {"track": shortlist.track.title}
    body = _(
        "Hello,\n\nThe coordinator of the job track ”%(track)s” has put %(count)s candidate(s) before you. "
        "Please decide on each by %(deadline)s:\n\n%(url)s\n\nJobbspår"
    ) % {
        "track": shortlist.track.title,
        "count": shortlist.entries.count(),
        "deadline": shortlist.deadline.isoformat(),
        "url": settings.SITE_URL + reverse("tracks:shortlist", args=[shortlist.pk]),
    }
    messages = [(subject, body, None, [address]) for address in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return shortlist


def shortlist_decide(*, entry, actor, decision, reason="", text="") -> ShortlistEntry:
    """The employer's representative decides on one candidate; the coordinator sees it at once."""
    if decision not in (ShortlistEntry.Decision.INTERVIEW, ShortlistEntry.Decision.APPROVED, ShortlistEntry.Decision.DECLINED):
        raise ValidationError(_("Choose approve for interview, approve for the track, or decline."))
    if decision == ShortlistEntry.Decision.DECLINED:
        if reason not in ShortlistEntry.DeclineReason.values:
            raise ValidationError({"reason": _("Choose why the candidate is declined.")})
        if reason == ShortlistEntry.DeclineReason.OTHER and not text.strip():
            raise ValidationError({"text": _("Write the reason when you choose Other.")})
    entry.decision, entry.decided_by, entry.decided_at = decision, actor, timezone.now()
    entry.decline_reason = reason if decision == ShortlistEntry.Decision.DECLINED else ""
    entry.decline_text = text.strip() if decision == ShortlistEntry.Decision.DECLINED else ""
    entry.save(update_fields=["decision", "decided_by", "decided_at", "decline_reason", "decline_text"])
    status = {
        ShortlistEntry.Decision.INTERVIEW: Candidacy.Status.APPROVED_FOR_INTERVIEW,
        ShortlistEntry.Decision.APPROVED: Candidacy.Status.APPROVED,
        ShortlistEntry.Decision.DECLINED: Candidacy.Status.DECLINED,
    }[decision]
    Candidacy.objects.filter(pk=entry.candidacy_id).update(status=status)
    record(actor, "shortlist.decide", entry.candidacy.participant, {"decision": decision, "shortlist": entry.shortlist_id})
    return entry


def candidacy_enrol(*, candidacy, actor, start) -> Candidacy:
    """An approved candidate becomes a participant of the track from `start`."""
    if candidacy.status != Candidacy.Status.APPROVED:
        raise ValidationError(_("Only a candidate the employer has approved for the track can be enrolled."))
    if not candidacy.participant.registered_at_af:
        raise ValidationError(
            _("%(name)s is not registered at Arbetsförmedlingen, which taking part requires. Register the person "
              "there first, then record it on their page.") % {"name": candidacy.participant.full_name}
        )
    candidacy.status, candidacy.enrolled_on, candidacy.enrolled_by = Candidacy.Status.ENROLLED, start, actor
    candidacy.save(update_fields=["status", "enrolled_on", "enrolled_by"])
    chain_copy(candidacy=candidacy)
    followups_schedule(candidacy=candidacy)
    record(actor, "candidacy.enrol", candidacy.participant, {"track": candidacy.track_id})
    return candidacy


# --- The participant's own chain ----------------------------------------------------------


def chain_copy(*, candidacy):
    """The participant's own copy of the track's interventions, to adapt to the person."""
    if candidacy.chain.exists():
        return
    PersonalIntervention.objects.bulk_create([
        PersonalIntervention(candidacy=candidacy, source=i, kind=i.kind, title=i.title, start_date=i.start_date, end_date=i.end_date)
        for i in candidacy.track.interventions.all()
    ])


def chain_gaps(candidacy, chain=None):
    """Gaps in the participant's own chain, within the time they take part."""
    from django.conf import settings

    from .gaps import find_gaps

    steps = [(p.start_date, p.end_date) for p in (chain if chain is not None else candidacy.chain.all()) if not p.skipped]
    start = candidacy.enrolled_on or candidacy.track.planned_start
    return find_gaps(steps, max_working_days=settings.GAP_MAX_WORKING_DAYS, within=(start, candidacy.track.planned_end))


# --- Follow-up and outcomes ----------------------------------------------------------------


def followups_schedule(*, candidacy):
    """Due follow-ups every `track.follow_up_days` from the start to the planned end. Safe to run
    again: dates already scheduled are left as they are."""
    track = candidacy.track
    step = datetime.timedelta(days=max(track.follow_up_days, 1))
    have = set(candidacy.follow_ups.values_list("due_date", flat=True))
    due, dates = candidacy.enrolled_on + step, []
    while due <= track.planned_end:
        if due not in have:
            dates.append(due)
        due += step
    FollowUp.objects.bulk_create([FollowUp(candidacy=candidacy, due_date=day) for day in dates])


def followup_record(*, follow_up, actor, **fields):
    for name, value in fields.items():
        setattr(follow_up, name, value)
    follow_up.recorded_by = actor
    follow_up.save()
    record(actor, "followup.record", follow_up.candidacy.participant, {"follow_up": follow_up.pk})
    return follow_up


OUTCOME_CHECK_DAYS = (90, 180)


@transaction.atomic
def outcome_record(*, candidacy, actor, kind, date, subsidy="", employer=None, employment_form="",
                   study_plan=False, reason="") -> Outcome:
    """How the participant left; checks at +90 and +180 days are scheduled, follow-ups after the
    exit are dropped."""
    errors = {}
    if candidacy.status not in TOOK_PART:
        raise ValidationError(_("Only an enrolled participant gets an outcome."))
    if kind == Outcome.Kind.SUBSIDISED and not subsidy:
        errors["subsidy"] = _("Choose the kind of wage subsidy.")
    if kind in (Outcome.Kind.EMPLOYMENT, Outcome.Kind.SUBSIDISED) and (employer is None or not employment_form):
        errors["employer"] = _("Give the employer and the form of employment.")
    if kind in (Outcome.Kind.LEFT_EARLY, Outcome.Kind.OTHER) and not reason.strip():
        errors["reason"] = _("Say why.")
    if errors:
        raise ValidationError(errors)
    outcome, _created = Outcome.objects.update_or_create(candidacy=candidacy, defaults=dict(
        kind=kind, date=date, subsidy=subsidy if kind == Outcome.Kind.SUBSIDISED else "", employer=employer,
        employment_form=employment_form, study_plan=study_plan, reason=reason.strip(), recorded_by=actor,
    ))
    candidacy.status = Candidacy.Status.LEFT_EARLY if kind == Outcome.Kind.LEFT_EARLY else Candidacy.Status.COMPLETED
    candidacy.save(update_fields=["status"])
    candidacy.follow_ups.filter(held_on__isnull=True, due_date__gt=date).delete()
    for days in OUTCOME_CHECK_DAYS:
        OutcomeCheck.objects.update_or_create(
            candidacy=candidacy, days_after=days, defaults={"due_date": date + datetime.timedelta(days=days)}
        )
    record(actor, "outcome.record", candidacy.participant, {"kind": kind, "track": candidacy.track_id})
    return outcome


def feedback_add(*, candidacy, actor, text):
    """Short workplace feedback from the employer's representative on their own participant."""
    return WorkplaceFeedback.objects.create(candidacy=candidacy, author=actor, text=text)


def outcome_check_record(*, check, actor, status) -> OutcomeCheck:
    if status not in Outcome.Kind.values:
        raise ValidationError(_("Choose the participant's status."))
    check.status, check.recorded_by, check.recorded_at = status, actor, timezone.now()
    check.save(update_fields=["status", "recorded_by", "recorded_at"])
    return check


def activity_invite(*, activity, candidacies, actor):
    have = set(activity.invitations.values_list("candidacy_id", flat=True))
    ActivityInvitation.objects.bulk_create(
        [ActivityInvitation(activity=activity, candidacy=c) for c in candidacies if c.pk not in have]
    )


def activity_record_attendance(*, activity, attended_ids, actor):
    """Everyone invited either came (listed) or did not."""
    invitations = activity.invitations.all()
    invitations.filter(candidacy_id__in=attended_ids).update(attended=True)
    invitations.exclude(candidacy_id__in=attended_ids).update(attended=False)
    record(actor, "activity.attendance", activity, {"attended": len(attended_ids)})
