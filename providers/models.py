"""What education providers offer: modules in a catalogue, and their intakes.

A module is something a provider runs again and again (an SFI course, a Yrkesvux vocational
package, a labour-market training); an intake is one start of it, with its dates and the places
still free. A track's chain points at an intake when it takes a step from the catalogue
(tracks.Intervention.intake)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from employers.models import SwedishLevel


class Module(models.Model):
    class Kind(models.TextChoices):
        SFI = "sfi", _("SFI")
        VOCATIONAL_SWEDISH = "vocational_swedish", _("Vocational Swedish")
        YRKESVUX = "yrkesvux", _("Yrkesvux course")
        VOCATIONAL_PACKAGE = "vocational_package", _("Vocational package (yrkespaket)")
        LABOUR_MARKET_TRAINING = "labour_market_training", _("Labour-market training")
        VALIDATION = "validation", _("Validation")
        OTHER = "other", _("Other")

    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="modules",
                                 verbose_name=_("education provider"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    occupation = models.ForeignKey("employers.Occupation", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="modules", verbose_name=_("occupation (SSYK)"))
    competences = models.ManyToManyField("taxonomy.Concept", blank=True, related_name="modules",
                                         verbose_name=_("competences it gives"))
    swedish_prerequisite = models.CharField(_("Swedish needed to start"), max_length=20, choices=SwedishLevel.choices,
                                            blank=True)
    prerequisites = models.TextField(_("other prerequisites"), blank=True)
    weeks = models.PositiveIntegerField(_("length in weeks"))
    hours_per_week = models.PositiveIntegerField(_("hours per week"))
    places = models.PositiveIntegerField(_("places per intake"))
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("municipality"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    distance = models.BooleanField(_("can be taken at a distance"), default=False)
    language_support = models.CharField(_("language support"), max_length=200, blank=True,
                                        help_text=_("Languages teachers or tutors can explain in, e.g. Arabic, Somali."))
    published = models.BooleanField(_("published in the catalogue"), default=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["title", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("providers:module", args=[self.pk])


class Intake(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="intakes", verbose_name=_("module"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    free_places = models.PositiveIntegerField(_("free places"))

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["start_date"])]

    def __str__(self):
        return f"{self.module.title} {self.start_date:%Y-%m-%d}"


def intake_end(start: datetime.date, weeks: int) -> datetime.date:
    """The Friday of the module's last week, for an intake starting on `start`."""
    last_monday = start - datetime.timedelta(days=start.weekday()) + datetime.timedelta(weeks=max(weeks, 1) - 1)
    return max(start, last_monday + datetime.timedelta(days=4))
