"""A job track and what the coordinator plans for it through its phases.

Nothing here assigns `Track.phase` but `services.track_change_phase`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import TargetGroup


class Phase(models.TextChoices):
    PLANNING = "planning", _("Planning")
    RECRUITMENT = "recruitment", _("Recruitment")
    EXECUTION = "execution", _("Execution")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The way forward; cancelled is reachable from any phase but closed.
NEXT_PHASE = {
    Phase.PLANNING: Phase.RECRUITMENT,
    Phase.RECRUITMENT: Phase.EXECUTION,
    Phase.EXECUTION: Phase.CLOSING,
    Phase.CLOSING: Phase.CLOSED,
}
WORKING_PHASES = [Phase.PLANNING, Phase.RECRUITMENT, Phase.EXECUTION, Phase.CLOSING]


class Track(models.Model):
    class Kind(models.TextChoices):
        LOCAL = "local", _("Local job track")
        FAST = "fast", _("Fast track")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LOCAL)
    title = models.CharField(_("title"), max_length=200)
    occupation = models.ForeignKey(
        "employers.Occupation", on_delete=models.PROTECT, related_name="tracks", verbose_name=_("occupation")
    )
    lead_municipality = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="led_tracks",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("lead municipality"),
    )
    partners = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="partner_tracks",
        verbose_name=_("partner organisations"),
        help_text=_("Other municipalities, Arbetsförmedlingen offices and education providers."),
    )
    employers = models.ManyToManyField(
        "accounts.Organisation",
        related_name="employer_tracks",
        limit_choices_to={"kind": "employer"},
        verbose_name=_("employers"),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_tracks", verbose_name=_("coordinators")
    )
    agreement = models.ForeignKey(
        "accounts.LocalAgreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tracks",
        verbose_name=_("local agreement"),
    )
    places = models.PositiveIntegerField(_("places"), default=0)
    intended_hires = models.PositiveIntegerField(_("intended hires"), default=0)
    follow_up_days = models.PositiveIntegerField(
        _("follow-up every (days)"), default=14, help_text=_("How often each participant is followed up during execution.")
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    round_number = models.PositiveIntegerField(_("round"), default=1)
    predecessor = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successor", verbose_name=_("previous round")
    )
    requirement_profile = models.OneToOneField(
        "employers.CompetenceProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="track",
        verbose_name=_("requirement profile"),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.PLANNING, editable=False)
    phase_changed_at = models.DateTimeField(_("phase changed"), default=timezone.now, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    evaluation = models.TextField(
        _("evaluation"), blank=True, help_text=_("Summary of the track and its results, written at closing.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("job track")
        verbose_name_plural = _("job tracks")
        ordering = ["-planned_start", "title"]
        indexes = [models.Index(fields=["phase", "planned_start"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("tracks:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.phase in WORKING_PHASES

    def target_group_labels(self):
        return [TargetGroup(value).label for value in self.target_groups if value in TargetGroup.values]


class PhaseChange(models.Model):
    """Who moved a track from one phase to another, and when. Written only by the phase service."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(_("from"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("to"), max_length=20, choices=Phase.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["at", "id"]


class ChecklistItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="checklist")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    key = models.CharField(
        _("task from the process model"), max_length=40, blank=True, help_text=_("Empty for the coordinator's own tasks.")
    )
    title = models.CharField(_("task"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("assignee"),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    not_applicable_reason = models.TextField(_("why not applicable"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "id"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """The task in the reader's language: seeded tasks are translated, own tasks as written."""
        from ..checklists import SEEDED_TASKS

        return SEEDED_TASKS.get(self.key, self.title) if self.key else self.title


class Intervention(models.Model):
    class Kind(models.TextChoices):
        SFI = "sfi", _("SFI")
        VOCATIONAL_SWEDISH = "vocational_swedish", _("Vocational Swedish")
        YRKESVUX = "yrkesvux", _("Yrkesvux")
        LABOUR_MARKET_TRAINING = "labour_market_training", _("Labour-market training")
        INTERNSHIP = "internship", _("Internship")
        VALIDATION = "validation", _("Validation")
        INTRODUCTION = "introduction", _("Introduction at the workplace")
        MENTOR = "mentor", _("Mentor or supervisor")
        OTHER = "other", _("Other")

    class Responsible(models.TextChoices):
        AF = "af", _("Arbetsförmedlingen")
        MUNICIPALITY = "municipality", _("Municipality")
        EMPLOYER = "employer", _("Employer")
        PROVIDER = "provider", _("Education provider")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    responsible = models.CharField(_("responsible party"), max_length=20, choices=Responsible.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    hours_per_week = models.PositiveIntegerField(_("hours per week"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    finished = models.BooleanField(_("finished"), default=False)
    # Taken from the providers' catalogue: the intake it is, and the provider who reports on it.
    intake = models.ForeignKey("providers.Intake", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="interventions", verbose_name=_("intake in the catalogue"))
    provider_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                              related_name="provided_interventions", verbose_name=_("education provider"))

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["start_date", "end_date", "id"]

    def __str__(self):
        return self.title


class RecruitmentActivity(models.Model):
    class Kind(models.TextChoices):
        INFORMATION_MEETING = "information_meeting", _("Information meeting")
        SPEED_DATING = "speed_dating", _("Speed dating")
        INTERVIEW = "interview", _("Interview")
        STUDY_VISIT = "study_visit", _("Study visit")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("recruitment activity")
        verbose_name_plural = _("recruitment activities")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"


class Problem(models.Model):
    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="problems")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    question = models.TextField(_("what the steering group is asked"), blank=True)
    proposal = models.TextField(_("what the coordinator proposes"), blank=True)
    decision = models.TextField(_("steering group's decision"), blank=True)
    decision_owner = models.CharField(_("who carries the decision out"), max_length=200, blank=True)
    decision_due = models.DateField(_("by when"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["resolved_at", "-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.resolved_at is None

    @property
    def awaits_decision(self):
        return self.escalated_at is not None and self.decided_at is None


class ProfileProposal(models.Model):
    """An employer's proposed change to its track's requirement profile; the coordinator decides."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the coordinator")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="profile_proposals")
    concept = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("competence (from the vocabulary)"))
    competence = models.CharField(_("competence"), max_length=200)
    level = models.CharField(_("level"), max_length=20, default="good")
    kind = models.CharField(_("must or merit"), max_length=10, default="must")
    comment = models.TextField(_("comment"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("proposed profile change")
        verbose_name_plural = _("proposed profile changes")
        ordering = ["-proposed_at"]


class ProfilePublication(models.Model):
    """A coordinator's request to publish a track's adapted requirement profile to the shared
    library: as a new version of the library profile it came from, or as a new library profile.
    The content is frozen in `proposed` at the time of asking; the administrator or the owning
    organisation approves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    proposed = models.OneToOneField("employers.CompetenceProfile", on_delete=models.CASCADE, related_name="publication",
                                    verbose_name=_("proposed profile"))
    replaces = models.ForeignKey("employers.CompetenceProfile", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="publications", verbose_name=_("new version of"))
    source_track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("from the track"))
    owner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("owning organisation"))
    note = models.TextField(_("what changed and why"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("comment on the decision"), blank=True)

    class Meta:
        verbose_name = _("profile publication")
        verbose_name_plural = _("profile publications")
        ordering = ["-requested_at"]
