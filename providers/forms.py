import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import Municipality
from employers.models import Occupation
from taxonomy.fields import ConceptField
from taxonomy.models import Concept

from .models import Module

YEARS = datetime.timedelta(days=5 * 365)


class ModuleForm(forms.ModelForm):
    occupation = forms.ModelChoiceField(Occupation.objects.all(), required=False, label=_("Occupation (SSYK)"))
    municipality = forms.ModelChoiceField(Municipality.objects.order_by("name"), required=False, label=_("Municipality"))

    class Meta:
        model = Module
        fields = ["kind", "title", "description", "occupation", "swedish_prerequisite", "prerequisites", "weeks",
                  "hours_per_week", "places", "municipality", "address", "distance", "language_support", "published"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "prerequisites": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        for name, high in (("weeks", 156), ("hours_per_week", 40), ("places", 500)):
            value = data.get(name)
            if value is not None and not 1 <= value <= high:
                self.add_error(name, _("Give a number from 1 to %(n)s.") % {"n": high})
        return data


class CompetenceForm(forms.Form):
    prefix = "competence"
    competence = ConceptField(kind=Concept.Kind.SKILL, label=_("Competence the module gives"))


class IntakeForm(forms.Form):
    prefix = "intake"
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False,
                               help_text=_("Leave empty: the module's length from the start."))
    free_places = forms.IntegerField(label=_("Free places"), min_value=0, max_value=500)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("start_date", "end_date"):
            day = data.get(name)
            if day and not today - YEARS <= day <= today + YEARS:
                self.add_error(name, _("Give a date within five years of today."))
        return data


class CatalogueSearchForm(forms.Form):
    search = forms.CharField(label=_("Words in the title or the provider's name"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds"))] + Module.Kind.choices, required=False)
    occupation = forms.ModelChoiceField(Occupation.objects.filter(modules__isnull=False).distinct(), required=False,
                                        label=_("Occupation (SSYK)"), empty_label=_("All occupations"))
    municipality = forms.ModelChoiceField(Municipality.objects.filter(pk__in=Module.objects.values("municipality"))
                                          .order_by("name"), required=False, label=_("Municipality"),
                                          empty_label=_("All municipalities"))
    distance = forms.BooleanField(label=_("Include modules that can be taken at a distance"), required=False,
                                  initial=True)
    start_from = forms.DateField(label=_("Starts on or after"), required=False, widget=DateInput())
    start_to = forms.DateField(label=_("Starts on or before"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start_from") and data.get("start_to") and data["start_to"] < data["start_from"]:
            self.add_error("start_to", _("The window must end on or after its start."))
        return data
