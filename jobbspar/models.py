from django.db import models
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
