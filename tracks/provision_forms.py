"""The education provider's forms: how a module ended for a learner, and its part of a three-way
follow-up."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput

from .models import Completion


class CompletionForm(forms.Form):
    result = forms.ChoiceField(label=_("How did the module end?"), choices=Completion.Result.choices,
                               widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    grade = forms.CharField(label=_("Grade or certificate"), required=False, max_length=200)
    reason = forms.CharField(label=_("Why was it interrupted?"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProviderPartForm(forms.Form):
    text = forms.CharField(label=_("How the participant is doing in your module"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 5}))
