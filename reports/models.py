"""A generated report: what was asked for, by whom, how far its rendering has come, and its file.

The file lives in the "reports" storage (local media by default, object storage in production);
it is reached only through the download view, which checks permission again."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Kind(models.TextChoices):
        TRACK_STATUS = "track_status", _("Track status report")
        FOLLOWUP = "followup", _("Steering-group follow-up report")

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Excel")

    class Variant(models.TextChoices):
        NAMES = "names", _("With participants' names")
        NUMBERS = "numbers", _("Numbers only")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting in line")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.PDF)
    variant = models.CharField(_("contents"), max_length=10, choices=Variant.choices, default=Variant.NUMBERS)
    track = models.ForeignKey(
        "tracks.Track", on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("job track")
    )
    agreement = models.ForeignKey(
        "accounts.LocalAgreement", on_delete=models.CASCADE, null=True, blank=True, related_name="reports",
        verbose_name=_("local agreement"),
    )
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
        verbose_name=_("municipality"),
    )
    period_from = models.DateField(_("from"), null=True, blank=True)
    period_to = models.DateField(_("to"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="reports",
        verbose_name=_("requested by"), help_text=_("Empty for the monthly report the system makes itself."),
    )
    # The monthly report of an agreement is made once per month: "monthly:<agreement>:<YYYY-MM>".
    key = models.CharField(max_length=60, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    file_name = models.CharField(_("file"), max_length=300, blank=True)
    file_size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    removed_at = models.DateTimeField(_("file removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "created_at"]),
            models.Index(fields=["status", "heartbeat_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="track_status", track__isnull=False) | Q(kind="followup", track__isnull=True),
                name="report_subject_fits_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject}"

    @property
    def scope(self) -> str:
        """What the report covers: the track, or the agreement (else the municipality)."""
        if self.kind == self.Kind.TRACK_STATUS:
            return str(self.track)
        return str(self.agreement or self.municipality or "")

    @property
    def subject(self) -> str:
        """The scope and, for a follow-up report, its period."""
        if self.period_from and self.period_to:
            return f"{self.scope}, {self.period_from:%Y-%m-%d} – {self.period_to:%Y-%m-%d}"
        return self.scope

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_available(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file_name) and self.removed_at is None

    @property
    def download_name(self) -> str:
        stem = "sparstatus" if self.kind == self.Kind.TRACK_STATUS else "uppfoljning"
        return f"jobbspar-{stem}-{self.pk}.{self.format}"

    @property
    def content_type(self) -> str:
        if self.format == self.Format.XLSX:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return "application/pdf"
