"""A participant's own access: no password to forget. A coordinator or officer invites the person
to the address on record; the person logs in with a one-time code sent there. The account is a
user of the kernel marked as a participant (so sessions, history and audit work as for staff),
bound to one participant — and so, through the personnummer, to the person an e-identification
login names (`account_for_identity`)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_DAYS = 14
CODE_MINUTES = 10
CODE_TRIES = 5


class Language(models.TextChoices):
    """The languages of the participant's own pages (staff pages stay Swedish or English)."""

    SWEDISH = "sv", "Svenska"
    ENGLISH = "en", "English"
    ARABIC = "ar", "العربية"


class ParticipantAccount(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    participant = models.OneToOneField("participants.Participant", on_delete=models.CASCADE, related_name="account")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participant_account")
    channel = models.CharField(_("codes sent by"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    address = models.CharField(_("sent to"), max_length=254, db_index=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    activated_at = models.DateTimeField(_("first logged in"), null=True, blank=True)
    closed_at = models.DateTimeField(_("access closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant's access")
        verbose_name_plural = _("participants' access")

    def __str__(self):
        return str(self.participant)

    @property
    def invitation_expires_at(self):
        return self.invited_at + timedelta(days=INVITATION_DAYS)

    def may_log_in(self, now=None) -> bool:
        """Open unless closed; an invitation never used expires after INVITATION_DAYS."""
        now = now or timezone.now()
        return self.closed_at is None and (self.activated_at is not None or now < self.invitation_expires_at)


class OneTimeCode(models.Model):
    """A code sent to the participant: single use, valid CODE_MINUTES, at most CODE_TRIES tries.
    Only its keyed digest is stored."""

    class Purpose(models.TextChoices):
        LOGIN = "login", _("log in")
        EXTRACT = "extract", _("download my register extract")

    account = models.ForeignKey(ParticipantAccount, on_delete=models.CASCADE, related_name="codes")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["account", "purpose", "-created_at"])]
