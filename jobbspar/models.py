from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a periodic task ran: proof that a Celery worker and beat are alive."""

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    last_run_at = models.DateTimeField(_("last run"))
    runs = models.PositiveBigIntegerField(_("runs"), default=0)
    hostname = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} {self.last_run_at:%Y-%m-%d %H:%M:%S}"


class RetentionPolicy(models.Model):
    """How long personal data is kept (gallring): one row, edited by the administrator, applied
    every night by `jobbspar.retention`. Counted from the day the person's last track closed
    (or was cancelled), or from their registration if they never took part in a track."""

    pseudonymise_after_months = models.PositiveIntegerField(
        _("pseudonymise personal data after (months)"), default=36,
        help_text=_("Name, personal identity number, contact details and free text are replaced; the numbers "
                    "that reports and key figures need (gender, education, municipality, outcomes) stay."),
    )
    notes_after_months = models.PositiveIntegerField(
        _("delete follow-up notes after (months)"), default=24,
        help_text=_("The notes and next steps of follow-ups, and the employer's workplace feedback."),
    )
    report_files_after_days = models.PositiveIntegerField(_("remove report files after (days)"), default=90)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by")
    )

    class Meta:
        verbose_name = _("retention rules")
        verbose_name_plural = _("retention rules")

    def __str__(self):
        return str(_("Retention rules"))

    @classmethod
    def current(cls) -> "RetentionPolicy":
        return cls.objects.order_by("pk").first() or cls.objects.create()


class AccessibilityReport(models.Model):
    """A problem with the service's accessibility, reported from the accessibility statement's
    form by anyone (logged in or not); the administrators are told, and answer within two weeks."""

    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    page = models.CharField(_("page"), max_length=300, blank=True)
    description = models.TextField(_("what does not work"))
    contact = models.CharField(_("how to reach the reporter"), max_length=200, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.description[:80]


# The API's clients are this app's models, kept beside the API's code.
from .api.models import ApiClient  # noqa: E402, F401
