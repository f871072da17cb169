"""The shared vocabularies that competences, licences, languages and occupations are named in:
Arbetsförmedlingen's JobTech taxonomy, shipped as data (taxonomy/data), with Jobbspår's own
synonyms. A concept keeps the taxonomy's id; one that disappears from a newer export is marked
replaced (or deprecated), never deleted while anything names it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.text import key as text_key


class Version(models.Model):
    """A taxonomy export loaded into Jobbspår: which, when, and what it changed."""

    label = models.CharField(_("version"), max_length=200)
    loaded_at = models.DateTimeField(_("loaded"), default=timezone.now)
    added = models.PositiveIntegerField(_("concepts added"), default=0)
    changed = models.PositiveIntegerField(_("labels changed"), default=0)
    retired = models.PositiveIntegerField(_("concepts no longer in the export"), default=0)

    class Meta:
        verbose_name = _("taxonomy version")
        verbose_name_plural = _("taxonomy versions")
        ordering = ["-loaded_at"]

    def __str__(self):
        return self.label

    @classmethod
    def current(cls):
        return cls.objects.order_by("-loaded_at", "-pk").first()


class Concept(models.Model):
    class Kind(models.TextChoices):
        SKILL = "skill", _("Competence")
        HEADLINE = "headline", _("Competence heading")
        OCCUPATION = "occupation", _("Occupation group (SSYK 2012)")
        OCCUPATION_NAME = "occupation_name", _("Occupation name")
        LICENCE = "licence", _("Driving licence")
        LANGUAGE = "language", _("Language")
        EDUCATION = "education", _("Education level (SUN 2020)")

    id = models.CharField(_("concept id"), max_length=20, primary_key=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    label = models.CharField(_("label"), max_length=300)
    code = models.CharField(_("code"), max_length=20, blank=True, db_index=True)
    headline = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="skills_under",
                                 verbose_name=_("heading"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("broader concept"))
    related_skills = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="occupations",
                                            verbose_name=_("usual competences"))
    replaced_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces",
                                    verbose_name=_("replaced by"))
    deprecated = models.BooleanField(_("no longer in the taxonomy"), default=False)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["kind", "label"]
        indexes = [models.Index(fields=["kind", "search_key"])]

    def __str__(self):
        return self.label

    @property
    def current(self):
        """The concept to use now: the one that replaced it, if any."""
        return self.replaced_by or self


class Synonym(models.Model):
    """Another way of writing a concept ("B-körkort" for licence B, "städning" for the cleaning
    skills): the taxonomy copy carries none, so Jobbspår keeps its own, which the administrator
    extends."""

    text = models.CharField(_("written as"), max_length=300)
    key = models.CharField(max_length=300, db_index=True, editable=False)
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="synonyms", verbose_name=_("concept"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["text"]
        constraints = [models.UniqueConstraint(fields=["key", "concept"], name="one_synonym_per_concept")]

    def __str__(self):
        return f"{self.text} → {self.concept}"

    def clean(self):
        self.key = text_key(self.text)


# CEFR levels, lowest first: what a language requirement and a participant's language say.
class Cefr(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


CEFR_RANK = {level: rank for rank, level in enumerate(Cefr.values, start=1)}
