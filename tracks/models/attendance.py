"""What an education provider reports about the participants placed in its module: attendance per
week, progress in words, and how the module ended for each of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import Candidacy
from .track import Intervention


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused (agreed in advance)")

    class Reason(models.TextChoices):
        ILLNESS = "illness", _("Illness")
        CHILD = "child", _("Care of a sick child")
        APPOINTMENT = "appointment", _("Appointment with an authority or a doctor")
        WORK = "work", _("Work or a job interview")
        UNKNOWN = "unknown", _("Unknown, did not get in touch")
        OTHER = "other", _("Other")

    # A step with reports is not removed (services/plan.py refuses): what was reported stays.
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="attendance")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="attendance")
    week = models.DateField(_("week (its Monday)"))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason for absence"), max_length=20, choices=Reason.choices, blank=True)
    progress = models.TextField(_("progress"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["week", "id"]
        constraints = [models.UniqueConstraint(fields=["intervention", "candidacy", "week"], name="one_attendance_a_week")]


class Completion(models.Model):
    class Result(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        INTERRUPTED = "interrupted", _("Interrupted")

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="completions")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="completions")
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    date = models.DateField(_("date"))
    grade = models.CharField(_("grade or certificate"), max_length=200, blank=True)
    reason = models.TextField(_("why it was interrupted"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [models.UniqueConstraint(fields=["intervention", "candidacy"], name="one_completion")]
