"""The participant's forms, in plain language (klarspråk)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import Requirement
from participants.account import Language
from participants.models import Learned, Participant
from taxonomy.fields import ConceptField
from taxonomy.models import Cefr, Concept
from taxonomy.search import licence_field


class AddressForm(forms.Form):
    address = forms.CharField(label=_("Your e-mail address or mobile number"), max_length=254,
                              help_text=_("The one your coordinator or officer has. We send a code there."),
                              widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}))


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=12, help_text=_("Six digits."),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices, label=_("Language"))


class SkillForm(forms.Form):
    prefix = "skill"
    competence = ConceptField(kind=Concept.Kind.SKILL, label=_("What you know"),
                              help_text=_("Write a word, in Swedish, English or Arabic, and choose from the list."))
    level = forms.ChoiceField(choices=Requirement.Level.choices, label=_("How well"), initial=Requirement.Level.GOOD)
    learned = forms.ChoiceField(choices=[("", _("Choose"))] + list(Learned.choices), label=_("How you learned it"),
                                required=False)
    years = forms.IntegerField(label=_("Years of experience"), min_value=0, max_value=60, required=False)


class SpokenForm(forms.Form):
    prefix = "spoken"
    language = ConceptField(kind=Concept.Kind.LANGUAGE, label=_("Language"))
    level = forms.ChoiceField(choices=Cefr.choices, label=_("How well (CEFR)"), initial=Cefr.B1,
                              help_text=_("A1–A2 a little, B1–B2 well, C1–C2 very well."))


class PresentationForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["presentation", "presentation_shown"]
        labels = {"presentation": _("About me"), "presentation_shown": _("Show my presentation to employers")}
        help_texts = {
            "presentation": _("A few sentences about you: what you have done, what you are good at, what you want "
                              "to work with. At most 1,500 characters."),
            "presentation_shown": _("Employers who are sent your name on a shortlist then read it. Nothing else "
                                    "about you is shown to them because of this."),
        }
        widgets = {"presentation": forms.Textarea(attrs={"rows": 8, "maxlength": 1500})}


class TaskForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ChangeRequestForm(forms.Form):
    prefix = "change"
    text = forms.CharField(label=_("What is wrong, and what should it say?"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class LicenceForm(forms.Form):
    prefix = "licence"
    licence_concepts = forms.ModelMultipleChoiceField(
        Concept.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label=_("Driving licences I hold"),
        help_text=_("Tick every category on your licence. To take one away, ask your officer."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        licence_field(self.fields["licence_concepts"])
