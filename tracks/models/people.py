"""People on a track: candidacies from nomination to outcome, shortlists and the employer's
decisions, follow-ups, outcomes with later checks, workplace feedback, each participant's own chain
and invitations to recruitment activities.

Nothing here assigns `Candidacy.status` but `services.candidacy_change_status`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .track import Intervention, RecruitmentActivity, Track


class Candidacy(models.Model):
    """A participant put forward for a track, from nomination to outcome."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        SHORTLISTED = "shortlisted", _("On a shortlist")
        APPROVED_FOR_INTERVIEW = "approved_for_interview", _("Approved for interview")
        APPROVED = "approved", _("Approved for the track")
        DECLINED = "declined", _("Declined by the employer")
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        LEFT_EARLY = "left_early", _("Left early")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="candidacies")
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("participant")
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.NOMINATED, editable=False
    )
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nominating_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="nominations", verbose_name=_("nominated by")
    )
    motivation = models.TextField(_("motivation"))
    nominated_at = models.DateTimeField(_("nominated"), default=timezone.now)
    enrolled_on = models.DateField(_("start date"), null=True, blank=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("enrolled by"))
    withdrawal_reason = models.TextField(_("why the nomination was withdrawn"), blank=True, editable=False)
    placed_with = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="placements",
        editable=False, verbose_name=_("placed with"),
        help_text=_("The employer that approved the participant and takes them in; only its representatives see them."),
    )

    history = HistoricalRecords(verbose_name=_("candidacy (history)"))

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["-nominated_at"]
        constraints = [models.UniqueConstraint(fields=["track", "participant"], name="one_candidacy_per_track")]
        indexes = [models.Index(fields=["nominating_organisation", "participant"])]  # an officer's list of people

    def __str__(self):
        return f"{self.participant} – {self.track}"


class Shortlist(models.Model):
    """Candidates the coordinator puts before one employer, who decides on each by a deadline."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="shortlists")
    employer = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="shortlists", verbose_name=_("employer")
    )
    deadline = models.DateField(_("decision deadline"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.track} – {self.employer}"

    def is_overdue(self, today=None):
        return self.sent_at is not None and (today or timezone.localdate()) > self.deadline


class ShortlistEntry(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        INTERVIEW = "interview", _("Approved for interview")
        APPROVED = "approved", _("Approved for the track")
        DECLINED = "declined", _("Declined")

    class DeclineReason(models.TextChoices):
        LACKS_COMPETENCE = "lacks_competence", _("Lacks a required competence")
        SWEDISH = "swedish", _("Swedish level")
        DID_NOT_ATTEND = "did_not_attend", _("Did not attend")
        OTHER = "other", _("Other")

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="shortlist_entries")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    decline_text = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["candidacy__participant__last_name", "id"]
        constraints = [models.UniqueConstraint(fields=["shortlist", "candidacy"], name="one_entry_per_candidacy")]


# Candidacies whose participant took part: what follow-ups and outcomes are about.
TOOK_PART = [Candidacy.Status.ENROLLED, Candidacy.Status.COMPLETED, Candidacy.Status.LEFT_EARLY]


class Outcome(models.Model):
    """How a participant left the track. Later checks at +90 and +180 days record the status then."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("Employment without subsidy")
        SUBSIDISED = "subsidised", _("Employment with wage subsidy")
        STUDIES = "studies", _("Studies")
        JOB_SEEKING = "job_seeking", _("Still job-seeking")
        OTHER = "other", _("Other")
        LEFT_EARLY = "left_early", _("Left early")

    class Subsidy(models.TextChoices):
        NEW_START = "new_start", _("New-start job")
        INTRODUCTION = "introduction", _("Introduction job")
        DEVELOPMENT = "development", _("Wage subsidy for development in employment")
        OTHER = "other", _("Other subsidy")

    class EmploymentForm(models.TextChoices):
        PERMANENT = "permanent", _("Permanent")
        FIXED_TERM = "fixed_term", _("Fixed-term")
        HOURLY = "hourly", _("Hourly")

    candidacy = models.OneToOneField(Candidacy, on_delete=models.CASCADE, related_name="outcome")
    kind = models.CharField(_("outcome"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    subsidy = models.CharField(_("wage subsidy"), max_length=20, choices=Subsidy.choices, blank=True)
    employer = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": "employer"}, verbose_name=_("employer"),
    )
    employment_form = models.CharField(_("form of employment"), max_length=20, choices=EmploymentForm.choices, blank=True)
    study_plan = models.BooleanField(_("application or study plan in place"), default=False)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why the participant left early, or what Other means."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(verbose_name=_("outcome (history)"))

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")


class OutcomeCheck(models.Model):
    """The participant's status some days after the outcome, recorded when due."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="outcome_checks")
    days_after = models.PositiveIntegerField(_("days after"))
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status then"), max_length=20, choices=Outcome.Kind.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outcome check")
        verbose_name_plural = _("outcome checks")
        ordering = ["due_date"]
        constraints = [models.UniqueConstraint(fields=["candidacy", "days_after"], name="one_check_per_offset")]


class FollowUp(models.Model):
    """A structured check on how a participant is doing: scheduled, then recorded."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Meeting with the participant")
        EMPLOYER = "employer", _("Check with the employer")
        PROVIDER = "provider", _("Check with the provider")
        THREE_WAY = "three_way", _("Three-way meeting")

    class Progress(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        SOME_CONCERN = "some_concern", _("Some concern")
        AT_RISK = "at_risk", _("At risk")

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="follow_ups")
    due_date = models.DateField(_("due"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARTICIPANT)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attended = models.BooleanField(_("the participant attended"), null=True, blank=True)
    progress = models.CharField(_("progress"), max_length=20, choices=Progress.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Confidential: never shown to the employer."))
    next_step = models.TextField(_("next step"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A three-way meeting booked with the participant, the employer and the education provider, and
    # what each of them said: the provider writes its own part; the coordinator records the others.
    meeting_at = models.DateTimeField(_("meeting"), null=True, blank=True)
    meeting_place = models.CharField(_("place"), max_length=200, blank=True)
    participant_part = models.TextField(_("the participant's part"), blank=True)
    employer_part = models.TextField(_("the employer's part"), blank=True)
    provider_part = models.TextField(_("the education provider's part"), blank=True)
    provider_part_by = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("education provider"))

    history = HistoricalRecords(verbose_name=_("follow-up (history)"))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]

    @property
    def done(self):
        return self.held_on is not None

    def is_overdue(self, today=None):
        return not self.done and self.due_date < (today or timezone.localdate())


class WorkplaceFeedback(models.Model):
    """Short feedback from the employer's representative on their own enrolled participant."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="workplace_feedback")
    text = models.TextField(_("feedback"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("workplace feedback")
        verbose_name_plural = _("workplace feedback")
        ordering = ["-created_at"]


class PersonalIntervention(models.Model):
    """One step of a participant's own chain: a copy of the track's, adapted to the person
    (moved, skipped, or added)."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="chain")
    source = models.ForeignKey(Intervention, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=Intervention.Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    skipped = models.BooleanField(_("skipped for this participant"), default=False)

    class Meta:
        verbose_name = _("personal intervention")
        verbose_name_plural = _("personal interventions")
        ordering = ["start_date", "end_date", "id"]

    def __str__(self):
        return self.title


class ActivityInvitation(models.Model):
    """A candidate invited to a recruitment activity (e.g. speed dating), and whether they came."""

    activity = models.ForeignKey(RecruitmentActivity, on_delete=models.CASCADE, related_name="invitations")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="invitations")
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["candidacy__participant__last_name", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "candidacy"], name="one_invitation_per_candidate")]


class ParticipantTask(models.Model):
    """Something the coordinator asks of a participant (bring a document, answer a question,
    confirm a time), with a due date; the participant does it on their own pages."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Bring a document")
        QUESTION = "question", _("Answer a question")
        CONFIRM = "confirm", _("Confirm a time")

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("what to do"), max_length=200)
    details = models.TextField(_("more about it"), blank=True, max_length=1000)
    due_on = models.DateField(_("due"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("participant's task")
        verbose_name_plural = _("participants' tasks")
        ordering = ["done_at", "due_on", "id"]

    def __str__(self):
        return self.title

    @property
    def track_id(self):
        return self.candidacy.track_id
