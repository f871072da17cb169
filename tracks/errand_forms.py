from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput

from .models import ParticipantTask


class ParticipantTaskForm(forms.ModelForm):
    """Something the participant is asked to do, on their own pages."""

    prefix = "task"

    class Meta:
        model = ParticipantTask
        fields = ["kind", "title", "details", "due_on"]
        widgets = {"due_on": DateInput(), "details": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"title": _("In plain words, e.g. “Bring your school certificate”. The participant reads it, "
                                 "in Swedish."),
                      "details": _("Never anything about other people.")}
