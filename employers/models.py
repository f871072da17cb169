from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Cefr


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


class Occupation(models.Model):
    """An SSYK 2012 unit group (yrkesgrupp): four digits and its Swedish name."""

    code = models.CharField(_("SSYK code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    major_code = models.CharField(_("major group"), max_length=1)
    major_name = models.CharField(_("major group name"), max_length=200)

    class Meta:
        verbose_name = _("occupation (SSYK 2012)")
        verbose_name_plural = _("occupations (SSYK 2012)")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class EducationLevel(models.TextChoices):
    """The highest completed education, in the three bands the follow-up uses (SUN 2020 levels:
    below upper secondary = 1–2, upper secondary = 3, post-secondary = 4–6)."""

    BELOW_UPPER_SECONDARY = "below_upper_secondary", _("Below upper secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    POST_SECONDARY = "post_secondary", _("Post-secondary")


class SwedishLevel(models.TextChoices):
    """In rising order: matching compares a participant's level with a profile's by position."""

    NONE = "", _("No requirement")
    SFI_A = "sfi_a", _("SFI course A")
    SFI_B = "sfi_b", _("SFI course B")
    SFI_C = "sfi_c", _("SFI course C")
    SFI_D = "sfi_d", _("SFI course D")
    SAS_BASIC = "sas_basic", _("Swedish as a second language, basic")
    SAS_UPPER = "sas_upper", _("Swedish as a second language, upper secondary")
    FLUENT = "fluent", _("Fluent or native")


# Where each Swedish level lies on the CEFR scale (Skolverket's course plans for SFI: course A ≈ A1,
# B ≈ A2, C ≈ B1, D ≈ B1+/B2; Swedish as a second language at basic level ≈ B2, at upper secondary
# level ≈ C1). Matching compares Swedish asked as a CEFR level with these.
SWEDISH_CEFR = {
    "sfi_a": "A1", "sfi_b": "A2", "sfi_c": "B1", "sfi_d": "B2", "sas_basic": "B2", "sas_upper": "C1", "fluent": "C2",
}


class CompetenceProfile(models.Model):
    """What an occupation requires. Library profiles are shared; a track's requirement profile
    is a copy of one (`origin`), adapted locally."""

    title = models.CharField(_("title"), max_length=200)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="profiles", verbose_name=_("occupation")
    )
    description = models.TextField(_("description"), blank=True)
    swedish_level = models.CharField(
        _("Swedish level"), max_length=20, choices=SwedishLevel.choices, blank=True, default=""
    )
    licences = models.CharField(
        _("other licences and certificates (free text)"), max_length=300, blank=True,
        help_text=_("Only what is not in the list of driving licences, e.g. a forklift licence."),
    )
    licence_concepts = models.ManyToManyField(
        "taxonomy.Concept", blank=True, related_name="+", limit_choices_to={"kind": "licence"},
        verbose_name=_("driving licences"),
    )
    education_level = models.CharField(_("education level"), max_length=30, choices=EducationLevel.choices, blank=True)
    in_library = models.BooleanField(_("in the shared library"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_versions",
        verbose_name=_("previous version"),
    )
    owner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("owning organisation"),
        help_text=_("Who approves new versions of a library profile besides the administrator; none: the administrator."),
    )
    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("competence profile")
        verbose_name_plural = _("competence profiles")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def latest(self):
        """The newest version of this library profile (itself if none is newer). Follows the chain
        of versions, one query per step: versions are few."""
        profile = self
        while (newer := profile.next_versions.filter(in_library=True).order_by("-version").first()) is not None:
            profile = newer
        return profile


class Requirement(models.Model):
    class Kind(models.TextChoices):
        MUST = "must", _("Must")
        MERIT = "merit", _("Merit")

    class Level(models.TextChoices):
        BASIC = "basic", _("Basic")
        GOOD = "good", _("Good")
        VERY_GOOD = "very_good", _("Very good")

    class Validation(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate or grades")
        PRACTICAL = "practical", _("Practical test")
        INTERVIEW = "interview", _("Interview")
        INDUSTRY = "industry", _("Industry validation")
        REFERENCES = "references", _("References")

    profile = models.ForeignKey(
        CompetenceProfile, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("profile")
    )
    concept = models.ForeignKey(
        "taxonomy.Concept", on_delete=models.PROTECT, null=True, blank=True, related_name="requirements",
        limit_choices_to={"kind": "skill"}, verbose_name=_("competence (from the vocabulary)"),
    )
    competence = models.CharField(
        _("competence"), max_length=200,
        help_text=_("The concept's label, or the text as written when it is not in the vocabulary (“other”)."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.GOOD)
    kind = models.CharField(_("must or merit"), max_length=10, choices=Kind.choices, default=Kind.MUST)
    validation = models.CharField(
        _("how it is validated"), max_length=20, choices=Validation.choices, default=Validation.INTERVIEW
    )

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["kind", "id"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The concept's label, or the text as written when it names none."""
        return self.concept.label if self.concept_id else self.competence

    @property
    def is_other(self):
        """Named in free text, not in the vocabulary: shown to the coordinator to map."""
        return self.concept_id is None


class LanguageRequirement(models.Model):
    """A language the profile asks for, at a CEFR level (Swedish has a level of its own)."""

    profile = models.ForeignKey(CompetenceProfile, on_delete=models.CASCADE, related_name="languages",
                                verbose_name=_("profile"))
    language = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+",
                                 limit_choices_to={"kind": "language"}, verbose_name=_("language"))
    level = models.CharField(_("level (CEFR)"), max_length=2, choices=Cefr.choices, default=Cefr.B1)
    kind = models.CharField(_("must or merit"), max_length=10, choices=Requirement.Kind.choices,
                            default=Requirement.Kind.MUST)

    class Meta:
        verbose_name = _("language requirement")
        verbose_name_plural = _("language requirements")
        ordering = ["language__label"]
        constraints = [models.UniqueConstraint(fields=["profile", "language"], name="one_level_per_language")]

    def __str__(self):
        return f"{self.language} {self.level}"
