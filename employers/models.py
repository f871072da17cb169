from django.conf import settings
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
        _("licences"), max_length=300, blank=True, help_text=_("For example: driving licence B, forklift (truckkort).")
    )
    in_library = models.BooleanField(_("in the shared library"), default=True)
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
    competence = models.CharField(_("competence"), max_length=200)
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
        return self.competence
