from django.db import models
from django.utils.translation import gettext_lazy as _


class Employer(models.Model):
    """What the product knows of an employer organisation beyond its name and number."""

    class Sector(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    class SizeBand(models.TextChoices):
        MICRO = "micro", _("1–9 employees")
        SMALL = "small", _("10–49 employees")
        MEDIUM = "medium", _("50–249 employees")
        LARGE = "large", _("250 employees or more")

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="employer",
        limit_choices_to={"kind": "employer"},
        verbose_name=_("organisation"),
    )
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices)
    industry = models.CharField(_("industry"), max_length=200, help_text=_("For example: housing, care, retail."))

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["organisation__name"]

    def __str__(self):
        return self.organisation.name
