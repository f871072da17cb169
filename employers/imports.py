"""Employers imported from a spreadsheet by the administrator: each row checked by one form
(the organisation number valid and not already in Jobbspår nor twice in the file, a known
municipality code) and saved by `employer_create`. The pages are lib.imports'."""

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from stdnum.se import orgnr

from accounts.audit import Change, record
from accounts.models import Municipality, Organisation, validate_org_number
from lib.imports import Column, Importer, choice, error_text

from . import services
from .models import Employer

COLUMNS = [
    Column("name", gettext_lazy("Name"), required=True),
    Column("org_number", gettext_lazy("Organisation number"), required=True, help=gettext_lazy("NNNNNN-NNNN.")),
    Column("municipality", gettext_lazy("Municipality code"), required=True,
           help=gettext_lazy("Where the employer is: the municipality's four-digit code, e.g. 1480.")),
    Column("sector", gettext_lazy("Sector"), required=True, help=gettext_lazy("Public or Private.")),
    Column("size_band", gettext_lazy("Size"), required=True,
           help=gettext_lazy("The number of employees, or a band: 1–9, 10–49, 50–249, 250 or more.")),
    Column("industry", gettext_lazy("Industry"), required=True, help=gettext_lazy("For example: housing, care, retail.")),
]
LABELS = {c.key: c.header for c in COLUMNS}


class EmployerRowForm(forms.Form):
    name = forms.CharField(max_length=200)
    org_number = forms.CharField(max_length=20, validators=[validate_org_number])
    municipality = forms.CharField(max_length=10)
    sector = forms.CharField()
    size_band = forms.CharField()
    industry = forms.CharField(max_length=200)

    def __init__(self, *args, municipalities, taken, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities, self.taken = municipalities, taken

    def clean_org_number(self):
        number = orgnr.format(self.cleaned_data["org_number"])
        if number in self.taken:
            raise forms.ValidationError(self.taken[number])
        return number

    def clean_municipality(self):
        code = self.cleaned_data["municipality"].strip()
        code = code.zfill(4) if code.isdigit() else code
        if code not in self.municipalities:
            raise forms.ValidationError(_("There is no municipality with the code “%(code)s”.") % {"code": code})
        return self.municipalities[code]

    def clean_sector(self):
        return _choice(self.cleaned_data["sector"], Employer.Sector.choices, "sector")

    def clean_size_band(self):
        """A number of employees, or a band as its label or its first number ("10–49", "250 or more")."""
        value = self.cleaned_data["size_band"].strip()
        if found := re.match(r"\d+", value.replace(" ", "")):
            n = int(found.group())
            return "micro" if n < 10 else "small" if n < 50 else "medium" if n < 250 else "large"
        return _choice(value, Employer.SizeBand.choices, "size_band")


def _choice(value, choices, key):
    try:
        return choice(value, choices, field_label=LABELS[key])
    except forms.ValidationError as error:
        raise forms.ValidationError(error.messages[0].split(": ", 1)[-1]) from None


class EmployerImport(Importer):
    kind = "employers"
    title = gettext_lazy("Import employers")
    permission = "employers.import_employers"
    url_namespace = "employers"
    columns = COLUMNS
    summary = ("name", "org_number")
    done_url = reverse_lazy("admin:employers_employer_changelist")

    def done_message(self, count):
        return ngettext("%(count)s employer is added.", "%(count)s employers are added.", count) % {"count": count}

    def check(self, request, rows):
        municipalities = {m.code: m for m in Municipality.objects.all()}
        registered = _("An organisation with this number is already in Jobbspår.")
        taken = {number: registered for number in Organisation.objects.exclude(org_number="")
                 .values_list("org_number", flat=True)}
        for row in rows:
            form = EmployerRowForm(row.values, municipalities=municipalities, taken=taken)
            if form.is_valid():
                row.prepared = form.cleaned_data
                taken[form.cleaned_data["org_number"]] = _("The same number is on row %(row)s.") % {"row": row.number}
            else:
                row.errors = error_text(form.errors, LABELS)

    def save(self, request, rows, detail):
        saved = [services.employer_create(actor=request.user, **row.prepared) for row in rows]
        record(request.user, Change.IMPORT, None, {**detail, "saved": len(saved)})
        return saved
