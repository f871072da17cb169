from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import Municipality, Organisation
from accounts.selectors import organisation_key
from lib import personnummer as identity

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

    class Meta:
        model = Participant
        fields = [
            "first_name", "last_name", "personnummer", "email", "phone", "gender", "education_level", "swedish_level",
            "registered_at_af", "registered_at_af_since", "home_municipality", "af_office", "target_groups",
            "licences", "available_from", "protected_identity",
        ]
        widgets = {"registered_at_af_since": DateInput(), "available_from": DateInput()}

    def __init__(self, *args, user=None, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.membership = user, membership
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


class CompetenceForm(forms.ModelForm):
    prefix = "competence"

    class Meta:
        model = Competence
        fields = ["name", "level", "source"]
