from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import Municipality, Organisation
from lib import personnummer as identity

from .models import Competence, Participant, TargetGroup
from .selectors import participants_visible_to


class ParticipantForm(forms.ModelForm):
    personnummer = forms.CharField(
        label=_("Personal identity number"),
        help_text=_("Personnummer or coordination number, e.g. 19850412-1234."),
        max_length=15,
    )
    target_groups = forms.MultipleChoiceField(
        choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Target groups")
    )

    class Meta:
        model = Participant
        fields = [
            "first_name", "last_name", "personnummer", "email", "phone", "gender", "education_level", "swedish_level",
            "registered_at_af", "registered_at_af_since", "home_municipality", "af_office", "target_groups",
            "licences", "available_from", "protected_identity",
        ]
        widgets = {"registered_at_af_since": DateInput(), "available_from": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["home_municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["af_office"].queryset = Organisation.objects.filter(kind=Organisation.Kind.AF_OFFICE)
        if self.instance.pk:
            self.initial["personnummer"] = self.instance.personnummer_formatted

    def clean_personnummer(self):
        number = identity.normalize(self.cleaned_data["personnummer"])
        existing = Participant.objects.filter(personnummer=number).exclude(pk=self.instance.pk).first()
        if existing is not None:
            if participants_visible_to(self.user).filter(pk=existing.pk).exists():
                raise forms.ValidationError(format_html(
                    '{} <a href="{}">{}</a>',
                    _("This person is already registered."),
                    reverse("participants:detail", args=[existing.pk]),
                    _("Open %(name)s") % {"name": existing.full_name},
                ), code="duplicate")
            raise forms.ValidationError(
                _("This person is already registered by another organisation. Ask the track's coordinator to "
                  "nominate them, or the organisation that registered them."), code="duplicate")
        return number

    def clean(self):
        data = super().clean()
        if data.get("registered_at_af_since") and not data.get("registered_at_af"):
            self.add_error("registered_at_af", _("Tick this if the person is registered at Arbetsförmedlingen."))
        return data


class CompetenceForm(forms.ModelForm):
    prefix = "competence"

    class Meta:
        model = Competence
        fields = ["name", "level", "source"]
