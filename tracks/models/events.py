"""What happened on a track, as its Händelser page lists it: one row per recorded change that
concerns the track (the audit event holds who, what and when). Written by tracks/events.py."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .track import Track


class TrackEvent(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="events")
    audit_event = models.OneToOneField("accounts.AuditEvent", on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("what"), max_length=60)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("who"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["track", "-created_at"])]
