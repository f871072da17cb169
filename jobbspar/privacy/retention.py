"""Gallring: the retention rules applied to personal data, every night, the same way a dry run
shows them to the administrator beforehand.

- Pseudonymise a person `pseudonymise_after_months` after their last track closed (or was
  cancelled), or after they were registered if they never took part: name, personal identity
  number, contact details, licences, competences and every free text about them go, in the
  records and in their change history. What key figures need stays (gender, education, home
  municipality, target groups, Swedish level, the candidacies, outcomes and dates), so reports
  give the same numbers afterwards.
- Delete the notes of follow-ups (and the employer's workplace feedback) `notes_after_months`
  after the person's last track closed.
- Remove report files `report_files_after_days` after they were made.

The audit log is kept as it is: it is append-only and has its own purpose (who read what)."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, Count, F, Max, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from accounts.audit import Operation, record
from jobbspar.models import RetentionPolicy
from participants.models import Competence, OneTimeCode, Participant, ParticipantAccount
from reports import services as report_services
from reports.models import Report
from tracks.models import Candidacy, FollowUp, Outcome, ParticipantTask, Phase, ShortlistEntry, WorkplaceFeedback

ENDED = [Phase.CLOSED, Phase.CANCELLED]


def participants_done_before(cutoff: datetime.datetime) -> QuerySet[Participant]:
    """People whose every track has ended, the last of them before `cutoff`; or who never took part
    in a track and were registered before it."""
    return (
        Participant.objects.filter(pseudonymised_at__isnull=True)
        .annotate(
            open_tracks=Count("candidacies", filter=~Q(candidacies__track__phase__in=ENDED)),
            last_ended=Max("candidacies__track__phase_changed_at"),
        )
        .filter(open_tracks=0)
        .filter(Q(last_ended__lte=cutoff) | Q(last_ended__isnull=True, created_at__lte=cutoff))
    )


@dataclass
class Plan:
    """What one run will do: shown as the dry run, then carried out."""

    policy: RetentionPolicy
    now: datetime.datetime
    participants: QuerySet  # to pseudonymise
    follow_ups: QuerySet  # whose notes go
    feedback: QuerySet  # employer feedback that goes
    reports: QuerySet  # whose files go


def plan(now: datetime.datetime | None = None) -> Plan:
    now = now or timezone.now()
    policy = RetentionPolicy.current()
    pseudonymise = participants_done_before(now - relativedelta(months=policy.pseudonymise_after_months))
    notes_done = participants_done_before(now - relativedelta(months=policy.notes_after_months)).values("pk")
    return Plan(
        policy=policy,
        now=now,
        participants=pseudonymise.order_by("last_ended", "pk"),
        follow_ups=FollowUp.objects.filter(candidacy__participant__in=notes_done).filter(~Q(notes="") | ~Q(next_step="")),
        feedback=WorkplaceFeedback.objects.filter(candidacy__participant__in=notes_done),
        reports=Report.objects.filter(
            created_at__lt=now - datetime.timedelta(days=policy.report_files_after_days), removed_at__isnull=True,
        ).exclude(file_name=""),
    )


@transaction.atomic
def pseudonymise(participant_ids: list[int], now: datetime.datetime) -> int:
    """Replace what identifies the people, in their records and in the history of those records."""
    if not participant_ids:
        return 0
    def scrubbed(pk):
        """The record's own number stands in for the name, and "P" + twelve digits for the
        personnummer (unique, and never a valid number): one UPDATE for everyone."""
        return {
            "first_name": "Pseudonymiserad", "last_name": Cast(pk, CharField()),
            "personnummer": Concat(Value("P"), LPad(Cast(pk, CharField()), 11, Value("0"))), "email": "", "phone": "",
            "licences": "", "available_from": None, "registered_at_af_since": None, "protected_identity": False,
            "presentation": "", "presentation_shown": False,
        }

    Participant.objects.filter(pk__in=participant_ids).update(pseudonymised_at=now, **scrubbed(F("pk")))
    Participant.history.filter(id__in=participant_ids).update(**scrubbed(F("id")))
    Competence.objects.filter(participant_id__in=participant_ids).delete()
    candidacies = Candidacy.objects.filter(participant_id__in=participant_ids)
    candidacies.update(motivation="")
    Candidacy.history.filter(participant_id__in=participant_ids).update(motivation="")
    Outcome.objects.filter(candidacy__in=candidacies).update(reason="")
    Outcome.history.filter(candidacy__participant_id__in=participant_ids).update(reason="")
    ShortlistEntry.objects.filter(candidacy__in=candidacies).update(decline_text="")
    _clear_notes(FollowUp.objects.filter(candidacy__in=candidacies), participant_ids)
    WorkplaceFeedback.objects.filter(candidacy__in=candidacies).delete()
    ParticipantTask.objects.filter(candidacy__in=candidacies).update(title="–", details="", answer="")
    _close_access(participant_ids, now)
    return len(participant_ids)


def _close_access(participant_ids: list[int], now: datetime.datetime):
    """The person's own login goes too: closed, its codes deleted, its user no longer named."""
    accounts = ParticipantAccount.objects.filter(participant_id__in=participant_ids)
    OneTimeCode.objects.filter(account__in=accounts).delete()
    get_user_model().objects.filter(participant_account__in=accounts).update(
        full_name="Pseudonymiserad", is_active=False)
    accounts.update(closed_at=now, address="")


def _clear_notes(follow_ups: QuerySet, participant_ids: list[int]):
    follow_ups.update(notes="", next_step="")
    FollowUp.history.filter(candidacy__participant_id__in=participant_ids).update(notes="", next_step="")


def apply(the_plan: Plan) -> dict:
    """Carry out the plan; returns what was done, and writes it to the audit log."""
    people = list(the_plan.participants.values_list("pk", flat=True))
    notes_people = list(the_plan.follow_ups.values_list("candidacy__participant_id", flat=True).distinct())
    done = {"notes_deleted": the_plan.follow_ups.count(), "feedback_deleted": the_plan.feedback.count()}
    _clear_notes(FollowUp.objects.filter(candidacy__participant_id__in=notes_people), notes_people)
    the_plan.feedback.delete()
    done["pseudonymised"] = pseudonymise(people, the_plan.now)
    done["report_files_removed"] = report_services.remove_old_reports(
        now=the_plan.now, days=the_plan.policy.report_files_after_days)
    record(None, Operation.RETENTION_APPLY, None, done)
    return done


def run(now: datetime.datetime | None = None) -> dict:
    return apply(plan(now))
