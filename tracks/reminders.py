"""The reminder rules. Each is a plain function of the data and a date that returns the reminders
due then; `run_all` stores the new ones. Set-based: one query per rule (plus one for who
coordinates which track), never one per object, so the job stays fast at national scale."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from accounts.notifications import Reminder, notify
from lib.workdays import add_working_days, is_working_day
from participants.models import display_name

from .models import (
    WORKING_PHASES,
    Candidacy,
    ChecklistItem,
    FollowUp,
    Intervention,
    LetterOfIntent,
    OutcomeCheck,
    Phase,
    Problem,
    Shortlist,
    ShortlistEntry,
    Track,
)


def _coordinators(track_ids) -> dict[int, list[int]]:
    pairs = Track.coordinators.through.objects.filter(track_id__in=set(track_ids)).values_list("track_id", "user_id")
    result: dict[int, list[int]] = {}
    for track_id, user_id in pairs:
        result.setdefault(track_id, []).append(user_id)
    return result


def _date(day):
    return day.isoformat()


NAME_FIELDS = ("candidacy__participant_id", "candidacy__participant__first_name", "candidacy__participant__last_name",
               "candidacy__participant__protected_identity", "candidacy__participant__pseudonymised_at")


def _name(row) -> str:
    """The participant's name as a reminder may give it (never a protected or pseudonymised one)."""
    return display_name(row["candidacy__participant__first_name"], row["candidacy__participant__last_name"],
                        protected=row["candidacy__participant__protected_identity"],
                        pseudonymised=row["candidacy__participant__pseudonymised_at"] is not None,
                        pk=row["candidacy__participant_id"])


def follow_ups_due(today: datetime.date) -> list[Reminder]:
    """A follow-up due today or overdue → the coordinators and the officer who nominated."""
    rows = list(
        FollowUp.objects.filter(held_on__isnull=True, due_date__lte=today, candidacy__status=Candidacy.Status.ENROLLED,
                                candidacy__track__phase__in=WORKING_PHASES)
        .values("pk", "due_date", "candidacy__track_id", "candidacy__track__title", "candidacy__nominated_by_id",
                *NAME_FIELDS)
    )
    coordinators = _coordinators(r["candidacy__track_id"] for r in rows)
    reminders = []
    for r in rows:
        name = _name(r)
        message = _("Reminder: follow up %(name)s in %(track)s (due %(date)s).") % {
            "name": name, "track": r["candidacy__track__title"], "date": _date(r["due_date"])}
        url = reverse("tracks:follow_up", args=[r["candidacy__track_id"], r["pk"]])
        for user_id in {*coordinators.get(r["candidacy__track_id"], []), r["candidacy__nominated_by_id"]}:
            reminders.append(Reminder(user_id, "follow_up_due", str(r["pk"]), r["due_date"], message, url))
    return reminders


def checklist_due(today: datetime.date) -> list[Reminder]:
    """A checklist task due within 3 working days, or overdue → its assignee."""
    horizon = add_working_days(today, 3)
    items = ChecklistItem.objects.filter(
        status=ChecklistItem.Status.OPEN, assignee__isnull=False, due_date__lte=horizon, track__phase__in=WORKING_PHASES
    ).select_related("track")
    return [
        Reminder(item.assignee_id, "checklist_due", str(item.pk), item.due_date,
                 _("Reminder: the task ”%(task)s” in %(track)s is due %(date)s.") % {
                     "task": item.label, "track": item.track.title, "date": _date(item.due_date)},
                 reverse("tracks:detail", args=[item.track_id]) + "#checklist")
        for item in items
    ]


def shortlists_due(today: datetime.date) -> list[Reminder]:
    """A shortlist deadline within 2 working days, or passed → the employer's representatives;
    once passed, the coordinators too."""
    horizon = add_working_days(today, 2)
    shortlists = list(
        Shortlist.objects.filter(sent_at__isnull=False, deadline__lte=horizon,
                                 entries__decision=ShortlistEntry.Decision.PENDING).distinct().select_related("track")
    )
    representatives: dict[int, list[int]] = {}
    for org_id, user_id in Membership.objects.filter(
        role=Role.EMPLOYER_REPRESENTATIVE, organisation__in={s.employer_id for s in shortlists}
    ).values_list("organisation_id", "user_id"):
        representatives.setdefault(org_id, []).append(user_id)
    coordinators = _coordinators(s.track_id for s in shortlists)
    reminders = []
    for s in shortlists:
        message = _("Reminder: decide on the candidates for %(track)s by %(date)s.") % {"track": s.track.title, "date": _date(s.deadline)}
        for user_id in representatives.get(s.employer_id, []):
            reminders.append(Reminder(user_id, "shortlist_due", str(s.pk), s.deadline, message, reverse("tracks:shortlist", args=[s.pk])))
        if s.deadline < today:
            late = _("Reminder: the employer has not decided the shortlist for %(track)s (deadline %(date)s).") % {
                "track": s.track.title, "date": _date(s.deadline)}
            for user_id in coordinators.get(s.track_id, []):
                reminders.append(Reminder(user_id, "shortlist_overdue", str(s.pk), s.deadline, late,
                                          reverse("tracks:candidates", args=[s.track_id])))
    return reminders


def letters_unsigned(today: datetime.date) -> list[Reminder]:
    """A letter of intent still unsigned 10 working days before the track's planned start
    (when recruitment should begin) → the coordinators."""
    horizon = add_working_days(today, 10)
    letters = list(
        LetterOfIntent.objects.filter(track__phase=Phase.PLANNING, track__planned_start__lte=horizon)
        .exclude(status__in=[LetterOfIntent.Status.SIGNED, LetterOfIntent.Status.WAIVED])
        .select_related("track", "employer")
    )
    coordinators = _coordinators(letter.track_id for letter in letters)
    return [
        Reminder(user_id, "letter_unsigned", str(letter.pk), letter.track.planned_start,
                 _("Reminder: %(employer)s has not signed the letter of intent for %(track)s.") % {
                     "employer": letter.employer.name, "track": letter.track.title},
                 reverse("tracks:detail", args=[letter.track_id]) + "#letters")
        for letter in letters
        for user_id in coordinators.get(letter.track_id, [])
    ]


def chain_gaps_ahead(today: datetime.date) -> list[Reminder]:
    """A participant's chain has a gap starting within 10 working days → the coordinators."""
    from .services import chain_gaps

    horizon = add_working_days(today, 10)
    candidacies = list(
        Candidacy.objects.filter(status=Candidacy.Status.ENROLLED, track__phase__in=WORKING_PHASES)
        .select_related("track", "participant").prefetch_related("chain")
    )
    coordinators = _coordinators(c.track_id for c in candidacies)
    reminders = []
    for c in candidacies:
        for gap in chain_gaps(c, list(c.chain.all())):
            if today <= gap.start <= horizon:
                message = _("Reminder: %(name)s has no intervention from %(start)s to %(end)s (%(track)s).") % {
                    "name": c.participant.full_name, "start": _date(gap.start), "end": _date(gap.end), "track": c.track.title}
                for user_id in coordinators.get(c.track_id, []):
                    reminders.append(Reminder(user_id, "chain_gap", str(c.pk), gap.start, message,
                                              reverse("tracks:personal_chain", args=[c.track_id, c.pk])))
    return reminders


def interventions_starting(today: datetime.date) -> list[Reminder]:
    """An intervention starts within 5 working days → the coordinators."""
    horizon = add_working_days(today, 5)
    interventions = list(
        Intervention.objects.filter(start_date__gte=today, start_date__lte=horizon, track__phase__in=WORKING_PHASES)
        .select_related("track")
    )
    coordinators = _coordinators(i.track_id for i in interventions)
    return [
        Reminder(user_id, "intervention_starts", str(i.pk), i.start_date,
                 _("Reminder: %(title)s starts %(date)s in %(track)s.") % {"title": i.title, "date": _date(i.start_date), "track": i.track.title},
                 reverse("tracks:detail", args=[i.track_id]) + "#chain")
        for i in interventions
        for user_id in coordinators.get(i.track_id, [])
    ]


def closing_not_started(today: datetime.date) -> list[Reminder]:
    """The planned end is within 15 working days and no closing task is done → the coordinators."""
    horizon = add_working_days(today, 15)
    tracks = list(
        Track.objects.filter(phase=Phase.EXECUTION, planned_end__lte=horizon)
        .exclude(checklist__phase=Phase.CLOSING, checklist__status__in=[ChecklistItem.Status.DONE, ChecklistItem.Status.NOT_APPLICABLE])
    )
    coordinators = _coordinators(t.pk for t in tracks)
    return [
        Reminder(user_id, "closing_not_started", str(t.pk), t.planned_end,
                 _("Reminder: %(track)s ends %(date)s and its closing has not started.") % {"track": t.title, "date": _date(t.planned_end)},
                 reverse("tracks:detail", args=[t.pk]) + "#checklist")
        for t in tracks
        for user_id in coordinators.get(t.pk, [])
    ]


def outcome_checks_due(today: datetime.date) -> list[Reminder]:
    """A +90 or +180 day check is due → the coordinators."""
    checks = list(
        OutcomeCheck.objects.filter(status="", due_date__lte=today)
        .values("pk", "due_date", "days_after", "candidacy__track_id", "candidacy__track__title", *NAME_FIELDS)
    )
    coordinators = _coordinators(c["candidacy__track_id"] for c in checks)
    return [
        Reminder(user_id, "outcome_check", str(c["pk"]), c["due_date"],
                 _("Reminder: record how %(name)s is doing %(days)s days after %(track)s.") % {
                     "name": _name(c),
                     "days": c["days_after"], "track": c["candidacy__track__title"]},
                 reverse("tracks:detail", args=[c["candidacy__track_id"]]) + "#people")
        for c in checks
        for user_id in coordinators.get(c["candidacy__track_id"], [])
    ]


def escalations_waiting(today: datetime.date) -> list[Reminder]:
    """An escalated problem without a decision for 10 working days → the steering group."""
    # Escalated on or before `cutoff` means ten working days have passed since (up to today).
    last_working_day = today if is_working_day(today) else add_working_days(today, -1)
    cutoff = add_working_days(last_working_day, -10)
    problems = list(
        Problem.objects.filter(escalated_at__date__lte=cutoff, decided_at__isnull=True, track__agreement__isnull=False)
        .select_related("track")
    )
    members: dict[int, list[int]] = {}
    for agreement_id, user_id in Membership.objects.filter(
        role=Role.STEERING_GROUP_MEMBER, steering_group__agreement__in={p.track.agreement_id for p in problems}
    ).values_list("steering_group__agreement_id", "user_id"):
        members.setdefault(agreement_id, []).append(user_id)
    return [
        Reminder(user_id, "escalation_waiting", str(p.pk), p.escalated_at.date(),
                 _("Reminder: the problem ”%(title)s” (%(track)s) awaits the steering group's decision since %(date)s.") % {
                     "title": p.title, "track": p.track.title, "date": _date(p.escalated_at.date())},
                 reverse("tracks:problem_decide", args=[p.track_id, p.pk]))
        for p in problems
        for user_id in members.get(p.track.agreement_id, [])
    ]


def agreements_ending(today: datetime.date) -> list[Reminder]:
    """A local agreement ends within 30 days → the administrators, who keep the reference data."""
    from accounts.models import LocalAgreement

    agreements = list(LocalAgreement.objects.filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=30)))
    admins = list(Membership.objects.filter(role=Role.ADMINISTRATOR).values_list("user_id", flat=True))
    return [
        Reminder(user_id, "agreement_ending", str(a.pk), a.valid_until,
                 _("Reminder: %(agreement)s ends %(date)s; its tracks need a new agreement.") % {
                     "agreement": a.name, "date": _date(a.valid_until)},
                 reverse("admin:accounts_localagreement_change", args=[a.pk]))
        for a in agreements
        for user_id in admins
    ]


def _provider_people(organisation_ids) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for organisation_id, user_id in Membership.objects.filter(role=Role.PROVIDER, organisation__in=set(organisation_ids)) \
            .values_list("organisation_id", "user_id"):
        result.setdefault(organisation_id, []).append(user_id)
    return result


def attendance_not_reported(today: datetime.date) -> list[Reminder]:
    """Last week's attendance is missing for someone placed in a provider's module → the provider's people."""
    from .selectors import attendance_missing

    week = today - datetime.timedelta(days=today.weekday(), weeks=1)
    interventions = list(Intervention.objects.filter(
        provider_organisation__isnull=False, start_date__lte=week + datetime.timedelta(days=4), end_date__gte=week,
        track__phase__in=WORKING_PHASES).select_related("track"))
    missing = attendance_missing(interventions, week)
    people = _provider_people(i.provider_organisation_id for i, _n in missing)
    return [
        Reminder(user_id, "attendance_missing", f"{i.pk}:{week.isoformat()}", week + datetime.timedelta(days=7),
                 _("Reminder: attendance in %(title)s for the week of %(week)s is not reported for %(n)s learners.") % {
                     "title": i.title, "week": _date(week), "n": n},
                 reverse("tracks:learners_attendance", args=[i.pk]) + f"?week={week.isoformat()}")
        for i, n in missing
        for user_id in people.get(i.provider_organisation_id, [])
    ]


def intakes_unfilled(today: datetime.date) -> list[Reminder]:
    """An intake starts within 5 working days with places free → the provider's people, and the
    coordinators of the tracks whose chain takes it."""
    from providers.models import Intake

    horizon = add_working_days(today, 5)
    intakes = list(Intake.objects.filter(start_date__gte=today, start_date__lte=horizon, free_places__gt=0,
                                         module__published=True).select_related("module"))
    people = _provider_people(i.module.provider_id for i in intakes)
    in_chains = list(Intervention.objects.filter(intake__in=intakes, track__phase__in=WORKING_PHASES)
                     .values_list("intake_id", "track_id"))
    coordinators = _coordinators(track for _intake, track in in_chains)
    reminders = []
    for intake in intakes:
        message = _("Reminder: %(title)s starts %(date)s and still has %(n)s free places.") % {
            "title": intake.module.title, "date": _date(intake.start_date), "n": intake.free_places}
        for user_id in people.get(intake.module.provider_id, []):
            reminders.append(Reminder(user_id, "intake_unfilled", str(intake.pk), intake.start_date, message,
                                      reverse("providers:module", args=[intake.module_id])))
        for intake_id, track_id in in_chains:
            if intake_id == intake.pk:
                reminders += [Reminder(user_id, "intake_unfilled", f"{intake.pk}:{track_id}", intake.start_date, message,
                                       reverse("tracks:chain", args=[track_id])) for user_id in coordinators.get(track_id, [])]
    return reminders


RULES = [
    follow_ups_due, checklist_due, shortlists_due, letters_unsigned, chain_gaps_ahead,
    interventions_starting, closing_not_started, outcome_checks_due, escalations_waiting, agreements_ending,
    attendance_not_reported, intakes_unfilled,
]


def run_all(today: datetime.date, rules=RULES) -> int:
    """Every rule, stored once; returns how many notifications are new. Messages in Swedish."""
    with translation.override("sv"):
        return notify([reminder for rule in rules for reminder in rule(today)])
