import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput

from .models import Report
from .selectors import followup_agreements, followup_municipalities

MAX_PERIOD_DAYS = 3 * 366


def last_month(today):
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


class FollowupForm(forms.Form):
    """A follow-up report for an agreement or a municipality (or both: the agreement's tracks led by
    the municipality) and a period. Only what the user may report on is offered."""

    agreement = forms.ModelChoiceField(
        None, required=False, label=_("Local agreement"), empty_label=_("All agreements"),
    )
    municipality = forms.ModelChoiceField(
        None, required=False, label=_("Municipality"), empty_label=_("All municipalities"),
        help_text=_("The municipality that leads the tracks."),
    )
    period_from = forms.DateField(label=_("From"), widget=DateInput())
    period_to = forms.DateField(label=_("To"), widget=DateInput())
    format = forms.ChoiceField(choices=Report.Format.choices, initial=Report.Format.PDF, label=_("Format"),
                               widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        start, end = last_month(timezone.localdate())
        kwargs.setdefault("initial", {}).update({"period_from": start, "period_to": end})
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = followup_agreements(user)
        self.fields["municipality"].queryset = followup_municipalities(user)

    def clean(self):
        data = super().clean()
        if not data.get("agreement") and not data.get("municipality"):
            raise ValidationError(_("Choose an agreement or a municipality."))
        start, end = data.get("period_from"), data.get("period_to")
        if start and end:
            if end < start:
                self.add_error("period_to", _("The end of the period cannot be before its start."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("period_to", _("The period can be at most three years."))
        return data
