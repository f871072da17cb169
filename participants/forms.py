from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import Municipality, Organisation
from accounts.selectors import organisation_key
from employers.models import Requirement
from lib import personnummer as identity
from lib.plausible import today
from taxonomy.fields import ConceptField
from taxonomy.models import Cefr, Concept
from taxonomy.search import licence_field

from .account import Language, ParticipantAccount
from .models import Competence, Participant, TargetGroup
from .services import TooManyLookups, personnummer_lookup


class ParticipantForm(forms.ModelForm):
    personnummer = forms.CharField(
        label=_("Personal identity number"),
        help_text=_("Personnummer or coordination number, e.g. 19850412-1234."),
        max_length=15,
    )
    target_groups = forms.MultipleChoiceField(
        choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Target groups")
    )
    licence_concepts = forms.ModelMultipleChoiceField(
        Concept.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label=_("Driving licences"),
        help_text=_("Tick every category on the licence."))

    class Meta:
        model = Participant
        fields = [
            "first_name", "last_name", "personnummer", "email", "phone", "gender", "education_level", "swedish_level",
            "registered_at_af", "registered_at_af_since", "home_municipality", "af_office", "target_groups",
            "licence_concepts", "licences", "available_from", "protected_identity",
        ]
        widgets = {"registered_at_af_since": DateInput(), "available_from": DateInput()}
        labels = {"licences": _("Other licences and certificates")}

    def __init__(self, *args, user=None, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.membership = user, membership
        licence_field(self.fields["licence_concepts"])
        self.fields["home_municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["af_office"].queryset = Organisation.objects.filter(kind=Organisation.Kind.AF_OFFICE)
        if self.instance.pk:
            # The full number is never in the form: it is shown masked, and read in full only by the
            # logged reveal on the person's page. Typing one in corrects it.
            field = self.fields["personnummer"]
            field.required, field.label = False, _("Correct the personal identity number")
            field.help_text = _("Leave empty to keep %(masked)s. Fill in only to correct it, e.g. 19850412-1234.") % {
                "masked": self.instance.personnummer_masked_real}
            self.initial["personnummer"] = ""

    def clean_personnummer(self):
        written = self.cleaned_data["personnummer"]
        if self.instance.pk and not written.strip():
            return self.instance.personnummer
        number = identity.normalize(written)
        try:
            existing, visible = personnummer_lookup(actor=self.user, number=number, exclude=self.instance.pk,
                                                    whose_org=organisation_key(self.membership))
        except TooManyLookups:
            raise forms.ValidationError(
                _("You have checked many personal identity numbers in a short while. Try again in an hour."),
                code="throttled") from None
        if existing is not None and visible:
            raise forms.ValidationError(format_html(
                '{} <a href="{}">{}</a>',
                _("This person is already registered."),
                reverse("participants:detail", args=[existing.pk]),
                _("Open %(name)s") % {"name": existing.full_name},
            ), code="duplicate")
        if existing is not None:
            raise forms.ValidationError(
                _("This number cannot be registered by you. If the person takes part in a job track, ask its "
                  "coordinator; otherwise ask Jobbspår's administrator."), code="duplicate")
        return number

    def clean(self):
        data = super().clean()
        if data.get("registered_at_af_since") and not data.get("registered_at_af"):
            self.add_error("registered_at_af", _("Tick this if the person is registered at Arbetsförmedlingen."))
        return data


class EvidenceForm(forms.Form):
    """How a competence is known: the quality-assured mapping. Anything stronger than self-reported
    says when and by whom; an officer's assessment defaults to today and the officer."""

    level = forms.ChoiceField(choices=Requirement.Level.choices, label=_("Level"), initial=Requirement.Level.GOOD)
    source = forms.ChoiceField(choices=Competence.Source.choices, label=_("How it is known"),
                               initial=Competence.Source.SELF_ASSESSED)
    validated_on = forms.DateField(label=_("Validated or assessed on"), required=False, widget=DateInput())
    validated_by = forms.CharField(label=_("Validated or assessed by"), max_length=200, required=False,
                                   help_text=_("The education provider, the industry validation or the employer. "
                                               "Empty for your own assessment: your name is recorded."))

    def clean(self):
        data = super().clean()
        source, on = data.get("source"), data.get("validated_on")
        if on and on > today():
            self.add_error("validated_on", _("The date cannot be in the future."))
        if source in (Competence.Source.VALIDATED, Competence.Source.EMPLOYER_CONFIRMED):
            if not data.get("validated_by", "").strip():
                self.add_error("validated_by", _("Say who validated or confirmed it."))
            if not on:
                self.add_error("validated_on", _("Say when it was validated or confirmed."))
        return data


class CompetenceForm(EvidenceForm):
    prefix = "competence"
    competence = ConceptField(kind=Concept.Kind.SKILL, allow_other=True, label=_("Competence"))
    field_order = ["competence", "level", "source", "validated_on", "validated_by"]


class LanguageForm(forms.Form):
    prefix = "language"
    language = ConceptField(kind=Concept.Kind.LANGUAGE, label=_("Language"),
                            help_text=_("Swedish has its own level in the personal details."))
    level = forms.ChoiceField(choices=Cefr.choices, label=_("Level (CEFR)"), initial=Cefr.B1,
                              help_text=_("A1–A2 basic, B1–B2 independent, C1–C2 proficient."))


class InviteForm(forms.Form):
    """Invite the person to their own pages, to the e-mail address (or mobile) on record."""

    prefix = "invite"
    channel = forms.ChoiceField(choices=ParticipantAccount.Channel.choices, label=_("Send the invitation and codes by"),
                                initial=ParticipantAccount.Channel.EMAIL, widget=forms.RadioSelect)
    language = forms.ChoiceField(choices=Language.choices, label=_("In the language"), initial=Language.SWEDISH,
                                 help_text=_("The person can change it on their own pages."))
