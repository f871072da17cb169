import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import User, email_key
from jobbspar.models import RetentionPolicy
from lib import personnummer as identity
from participants.models import Participant


class PersonnummerField(forms.CharField):
    """A personnummer or coordination number, to the participant who has it (or a clear message)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        number = identity.normalize(value)
        participant = Participant.objects.filter(personnummer=number).first()
        if participant is None:
            raise ValidationError(_("No participant in Jobbspår has this personal identity number."))
        return participant


class AccessLogSearchForm(forms.Form):
    participant = PersonnummerField(label=_("Participant's personal identity number"), required=False, max_length=15)
    user = forms.EmailField(label=_("User's e-mail address"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean_user(self):
        email = self.cleaned_data["user"]
        if not email:
            return None
        user = User.objects.filter(email=email_key(email)).first()
        if user is None:
            raise ValidationError(_("No user has this e-mail address."))
        return user

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return data


class SubjectAccessForm(forms.Form):
    participant = PersonnummerField(label=_("Personal identity number"), max_length=15,
                                    help_text=_("Of the person who asked for their data, e.g. 19850412-1234."))


class MonthField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        try:
            month = datetime.datetime.strptime(value, "%Y-%m").date()
        except (TypeError, ValueError):
            raise ValidationError(_("Give the month as YYYY-MM, e.g. 2026-10.")) from None
        if month > timezone.localdate():
            raise ValidationError(_("The month has not begun yet."))
        return month


class LogReviewForm(forms.Form):
    month = MonthField(label=_("Month"), max_length=7, help_text=_("YYYY-MM"))


class RetentionPolicyForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["pseudonymise_after_months", "notes_after_months", "report_files_after_days"]

    def clean(self):
        data = super().clean()
        for name, low in (("pseudonymise_after_months", 1), ("notes_after_months", 1), ("report_files_after_days", 1)):
            value = data.get(name)
            if value is not None and not low <= value <= 1200:
                self.add_error(name, _("Give a number from %(low)s to 1200.") % {"low": low})
        return data
