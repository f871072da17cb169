"""Job seekers taking part in tracks. Personal data: only what the work needs, no special
categories (health, ethnicity). The personnummer is stored once and shown masked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employers.models import EducationLevel, Requirement, SwedishLevel
from lib import personnummer as identity
from taxonomy.models import Cefr


def display_name(first_name: str, last_name: str, *, protected=False, pseudonymised=False, pk=None) -> str:
    """A person's name as most pages, every export, report, e-mail and employer page show it:
    never the name of someone with protected identity, nor of someone pseudonymised (the record's
    number tells two of them apart)."""
    if pseudonymised:
        return str(_("Pseudonymised participant %(number)s") % {"number": pk or ""}).strip()
    if protected:
        return str(_("Participant with protected identity %(number)s") % {"number": pk or ""}).strip()
    return f"{first_name} {last_name}"


class TargetGroup(models.TextChoices):
    YOUNG = "young", _("Young people")
    NEWLY_ARRIVED = "newly_arrived", _("Newly arrived")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    UNIVERSITY_EDUCATED = "university_educated", _("University-educated")


class Participant(models.Model):
    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", _("Other or not stated")

    Education = EducationLevel

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    personnummer = models.CharField(
        _("personal identity number"),
        max_length=12,
        unique=True,
        help_text=_("Personnummer or coordination number, stored as twelve digits."),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    education_level = models.CharField(_("education level"), max_length=30, choices=Education.choices)
    swedish_level = models.CharField(_("Swedish level"), max_length=20, choices=SwedishLevel.choices, blank=True)
    registered_at_af = models.BooleanField(_("registered at Arbetsförmedlingen"), default=False)
    registered_at_af_since = models.DateField(_("registered since"), null=True, blank=True)
    home_municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="participants", verbose_name=_("home municipality")
    )
    af_office = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="af_participants",
        limit_choices_to={"kind": "af_office"},
        verbose_name=_("responsible Arbetsförmedlingen office"),
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    licences = models.CharField(
        _("other licences and certificates (free text)"), max_length=300, blank=True,
        help_text=_("Only what is not in the list of driving licences, e.g. a forklift licence."),
    )
    licence_concepts = models.ManyToManyField(
        "taxonomy.Concept", blank=True, related_name="+", limit_choices_to={"kind": "licence"},
        verbose_name=_("driving licences"),
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    protected_identity = models.BooleanField(
        _("protected identity"), default=False,
        help_text=_("Skyddad identitet: the name and contact details are shown only to the coordinators of the "
                    "person's tracks and to the officers who registered or nominated them; never in exports, "
                    "reports, e-mails or to employers."),
    )
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True, editable=False)
    # Written by the person on their own pages; shown to employers only when they say so.
    presentation = models.TextField(_("presentation"), blank=True, max_length=1500)
    presentation_shown = models.BooleanField(_("show my presentation to employers"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("registered in Jobbspår"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("participant (history)"))

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["last_name", "first_name", "id"]
        # Each way in to a list of people (participants.selectors.participants_visible_to_many) reads
        # the ids from one of these without visiting the table; the last is the list's order.
        indexes = [models.Index(fields=["home_municipality", "last_name", "first_name", "id"]),
                   models.Index(fields=["created_by", "id"]), models.Index(fields=["af_office", "id"]),
                   models.Index(fields=["last_name", "first_name", "id"])]

    def __str__(self):
        return self.full_name

    @property
    def identity_hidden(self) -> bool:
        return self.protected_identity or self.pseudonymised_at is not None

    @property
    def full_name(self):
        """The name as shown to most readers (see `display_name`); `real_name` for those who may."""
        return display_name(self.first_name, self.last_name, protected=self.protected_identity,
                            pseudonymised=self.pseudonymised_at is not None, pk=self.pk)

    @property
    def real_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def short_name(self):
        """The first name, for sentences ("How is Amina doing?"), or the hidden name."""
        return self.full_name if self.identity_hidden else self.first_name

    @property
    def sort_name(self):
        return self.full_name if self.identity_hidden else f"{self.last_name}, {self.first_name}"

    @property
    def presentation_for_employers(self) -> str:
        """The person's own words, for the employers who receive them on a shortlist: only when they
        chose to show it, and never for a hidden identity."""
        return self.presentation if self.presentation_shown and not self.identity_hidden else ""

    @property
    def personnummer_masked(self):
        """Birth date and four stars; nothing at all when the identity is hidden."""
        if self.identity_hidden:
            return "–"
        return identity.masked(self.personnummer)

    @property
    def birth_year(self):
        """The year of birth only (what an education provider sees); nothing when the identity is hidden."""
        return "–" if self.identity_hidden or not self.personnummer else self.personnummer[:4]

    @property
    def personnummer_masked_real(self):
        return identity.masked(self.personnummer) if self.pseudonymised_at is None else "–"

    @property
    def personnummer_formatted(self):
        return identity.formatted(self.personnummer)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participants:detail", args=[self.pk])

    def licence_list(self):
        return [part.strip() for part in self.licences.split(",") if part.strip()]


class Learned(models.TextChoices):
    """How a person learned what they know, as they tell it themselves."""

    WORK_ABROAD = "work_abroad", _("At work in another country")
    WORK_SWEDEN = "work_sweden", _("At work in Sweden")
    EDUCATION_ABROAD = "education_abroad", _("In education in another country")
    EDUCATION_SWEDEN = "education_sweden", _("In education in Sweden")
    OTHER = "other", _("In another way")


class Competence(models.Model):
    """A competence the person holds, named by a concept of the vocabulary (or, flagged, in free
    text), with how well and how it is known: the quality-assured mapping of the source documents."""

    class Source(models.TextChoices):
        """How the competence is known, weakest first: matching weighs the stronger above."""

        SELF_ASSESSED = "self_assessed", _("Self-reported")
        ASSESSED = "assessed", _("Assessed by an officer")
        VALIDATED = "validated", _("Validated")
        EMPLOYER_CONFIRMED = "employer_confirmed", _("Confirmed by the employer after an internship")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="competences")
    concept = models.ForeignKey(
        "taxonomy.Concept", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": "skill"}, verbose_name=_("competence (from the vocabulary)"),
    )
    name = models.CharField(_("competence"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Requirement.Level.choices, default=Requirement.Level.GOOD)
    source = models.CharField(_("how it is known"), max_length=20, choices=Source.choices, default=Source.SELF_ASSESSED)
    validated_on = models.DateField(_("validated or assessed on"), null=True, blank=True)
    validated_by = models.CharField(
        _("validated or assessed by"), max_length=200, blank=True,
        help_text=_("Who: the officer, the education provider, the industry validation, the employer."),
    )
    learned = models.CharField(_("how I learned it"), max_length=20, choices=Learned.choices, blank=True)
    years = models.PositiveSmallIntegerField(_("years of experience"), null=True, blank=True)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.concept.label if self.concept_id else self.name

    @property
    def is_other(self):
        return self.concept_id is None


class LanguageSkill(models.Model):
    """A language the person speaks, at a CEFR level (Swedish has its own level on the record)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+",
                                 limit_choices_to={"kind": "language"}, verbose_name=_("language"))
    level = models.CharField(_("level (CEFR)"), max_length=2, choices=Cefr.choices)
    self_reported = models.BooleanField(_("self-reported"), default=False, editable=False)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["language__label"]
        constraints = [models.UniqueConstraint(fields=["participant", "language"], name="one_level_per_spoken_language")]

    def __str__(self):
        return f"{self.language} {self.level}"


from .account import OneTimeCode, ParticipantAccount  # noqa: E402,F401 (models of this app, kept in their own module)
