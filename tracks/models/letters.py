"""Letters of intent: what an employer commits to. A signed letter is a record: its content is
frozen in a `SignedLetter`, and a change makes a new version that is sent and signed again."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .track import Track


class LetterOfIntent(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to the employer")
        SIGNED = "signed", _("Signed")
        DECLINED = "declined", _("Declined")
        WAIVED = "waived", _("Waived")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="letters")
    employer = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="letters_of_intent", verbose_name=_("employer")
    )
    intended_hires = models.PositiveIntegerField(_("intended hires"), default=0)
    internship_places = models.PositiveIntegerField(_("internship places"), default=0)
    supervisors = models.PositiveIntegerField(_("supervisors"), default=0)
    takes_part_in_selection = models.BooleanField(_("takes part in selecting participants"), default=True)
    other_commitments = models.TextField(_("other commitments"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    waiver_reason = models.TextField(_("why no letter is needed"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_by_title = models.CharField(_("title"), max_length=200, blank=True)
    decline_reason = models.TextField(_("why the employer declined"), blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Goes up when the content of a signed letter is changed; the signed versions are kept."),
    )

    class Meta:
        verbose_name = _("letter of intent")
        verbose_name_plural = _("letters of intent")
        ordering = ["employer__name"]
        constraints = [models.UniqueConstraint(fields=["track", "employer"], name="one_letter_per_employer")]

    def __str__(self):
        return f"{self.track} – {self.employer}"

    @property
    def settled(self):
        """Signed, or waived with a written reason: what the planning gate asks for."""
        return self.status == self.Status.SIGNED or (self.status == self.Status.WAIVED and self.waiver_reason)


# What a letter commits the employer to: frozen at signing, compared when the letter is changed.
COMMITMENTS = ["intended_hires", "internship_places", "supervisors", "takes_part_in_selection", "other_commitments"]


class SignedLetterQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("A signed letter is a record: it is never changed.")

    def delete(self):
        raise PermissionError("A signed letter is a record: it is never deleted.")


class SignedLetter(models.Model):
    """One version of a letter of intent as the employer signed it. Written once, by
    `services.letter_sign`, never changed: the PDF of any version can be opened at any time."""

    letter = models.ForeignKey(LetterOfIntent, on_delete=models.PROTECT, related_name="signed_versions")
    version = models.PositiveIntegerField(_("version"))
    intended_hires = models.PositiveIntegerField(_("intended hires"))
    internship_places = models.PositiveIntegerField(_("internship places"))
    supervisors = models.PositiveIntegerField(_("supervisors"))
    takes_part_in_selection = models.BooleanField(_("takes part in selecting participants"))
    other_commitments = models.TextField(_("other commitments"), blank=True)
    signed_on = models.DateField(_("signed on"))
    signed_by_name = models.CharField(_("signed by"), max_length=200)
    signed_by_title = models.CharField(_("title"), max_length=200)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed in Jobbspår by"), help_text=_("Empty for letters signed before versions were kept."),
    )
    signed_at = models.DateTimeField(_("signed in Jobbspår"), default=timezone.now)

    objects = SignedLetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed letter of intent")
        verbose_name_plural = _("signed letters of intent")
        ordering = ["letter", "-version"]
        constraints = [models.UniqueConstraint(fields=["letter", "version"], name="one_signature_per_version")]

    def __str__(self):
        return f"{self.letter} v{self.version}"

    # The PDF template reads a signed version and the current letter alike.
    status = LetterOfIntent.Status.SIGNED

    @property
    def track(self):
        return self.letter.track

    @property
    def employer(self):
        return self.letter.employer

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A signed letter is a record: it is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("A signed letter is a record: it is never deleted.")


