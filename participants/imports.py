"""Participants imported from a spreadsheet by the officers and coordinators who register them:
each row is checked by the registration's own form (personnummer, already registered, the
registration at Arbetsförmedlingen) and saved by its own service (`participant_register`, with
its audit event per person). The pages are lib.imports'."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from accounts.audit import Change, record
from accounts.models import Municipality, Organisation
from employers.models import SwedishLevel
from lib import personnummer as identity
from lib.imports import Column, Importer, choice, error_text, yes_no
from taxonomy.search import licences

from . import services
from .forms import ParticipantForm
from .models import Participant, TargetGroup

COLUMNS = [
    Column("first_name", gettext_lazy("First name"), required=True),
    Column("last_name", gettext_lazy("Last name"), required=True),
    Column("personnummer", gettext_lazy("Personal identity number"), required=True,
           help=gettext_lazy("Twelve or ten digits, with or without a dash: 19850412-1234."), aliases=("pnr",)),
    Column("email", gettext_lazy("E-mail address"), aliases=("e-post",)),
    Column("phone", gettext_lazy("Phone")),
    Column("gender", gettext_lazy("Gender"), required=True, help=gettext_lazy("Woman, Man or Other or not stated.")),
    Column("education_level", gettext_lazy("Education level"), required=True,
           help=gettext_lazy("Below upper secondary, Upper secondary or Post-secondary.")),
    Column("swedish_level", gettext_lazy("Swedish level"),
           help=gettext_lazy("For example SFI course C; empty when not known.")),
    Column("registered_at_af", gettext_lazy("Registered at Arbetsförmedlingen"), help=gettext_lazy("Ja or nej.")),
    Column("registered_at_af_since", gettext_lazy("Registered at Arbetsförmedlingen since"),
           help=gettext_lazy("A date: 2026-01-31.")),
    Column("home_municipality", gettext_lazy("Municipality code"),
           help=gettext_lazy("The home municipality's four-digit code, e.g. 1480 for Göteborg; empty: your municipality's."),
           aliases=("kommun", "kommunkod", "hemkommun")),
    Column("af_office", gettext_lazy("Arbetsförmedlingen office"),
           help=gettext_lazy("The office's name as in Jobbspår; empty: your office's, if you work at one.")),
    Column("target_groups", gettext_lazy("Target groups"), help=gettext_lazy("Separated by commas.")),
    Column("licence_concepts", gettext_lazy("Driving licences"), help=gettext_lazy("Categories, e.g. B, C, CE.")),
    Column("licences", gettext_lazy("Other licences and certificates")),
    Column("available_from", gettext_lazy("Available from"), help=gettext_lazy("A date: 2026-01-31.")),
    Column("protected_identity", gettext_lazy("Protected identity"), help=gettext_lazy("Ja or nej; empty is nej.")),
]
LABELS = {c.key: c.header for c in COLUMNS}


class ParticipantImport(Importer):
    kind = "participants"
    title = gettext_lazy("Import participants")
    permission = "participants.import_participants"
    url_namespace = "participants"
    columns = COLUMNS
    summary = ("first_name", "last_name")
    done_url = reverse_lazy("participants:list")

    def done_message(self, count):
        return ngettext("%(count)s participant is registered.", "%(count)s participants are registered.", count) % {
            "count": count}

    def check(self, request, rows):
        known = _References.load([_number(row.values.get("personnummer", "")) for row in rows])
        seen = {}
        for row in rows:
            data, unread = known.form_data(row.values, request.membership)
            number = _number(row.values.get("personnummer", ""))
            if number and number in seen:
                unread["personnummer"] = [_("%(field)s: the same number is on row %(row)s.") % {
                    "field": LABELS["personnummer"], "row": seen[number]}]
            elif number:
                seen[number] = row.number
            form = _RowForm(data, user=request.user, membership=request.membership, known=known)
            if form.is_valid() and not unread:
                row.prepared = {name: form.cleaned_data[name] for name in form.Meta.fields}
                continue
            # What could not be read says so once; the form's errors about the other fields follow.
            found = {name: errors for name, errors in form.errors.items() if name not in unread}
            row.errors = [message for messages in unread.values() for message in messages] + error_text(
                found, {**{n: f.label for n, f in form.fields.items()}, **LABELS})

    def save(self, request, rows, detail):
        saved = services.participants_register(actor=request.user, people=[row.prepared for row in rows])
        record(request.user, Change.IMPORT, None, {**detail, "saved": len(saved)})
        return saved


class _Known(forms.ModelChoiceField):
    """A choice among rows read once for the whole file: the same answer as the query per row."""

    def __init__(self, field, objects):
        super().__init__(field.queryset, required=field.required, label=field.label)
        self.objects = objects

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = self.objects.get(value) or self.objects.get(str(value))
        if found is None and str(value).isdigit():
            found = self.objects.get(int(value))
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": value})
        return found


class _KnownMany(forms.ModelMultipleChoiceField):
    """Several choices among rows read once for the whole file."""

    def __init__(self, field, objects):
        super().__init__(field.queryset, required=field.required, label=field.label)
        self.objects = objects

    def clean(self, value):
        value = self.prepare_value(value)
        if value in self.empty_values:
            return []
        found = []
        for one in value:
            concept = self.objects.get(one) or (self.objects.get(int(one)) if str(one).isdigit() else None)
            if concept is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": one})
            found.append(concept)
        return found


class _RowForm(ParticipantForm):
    """The registration's form for one row of a file, with what every row looks up read once for
    the whole file: a number nobody has needs no look-up (the form's look-up answers "nobody" too,
    and a number somebody has is looked up as the form does, throttled and logged), and the
    municipality and office come from the rows read before."""

    def __init__(self, *args, known, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known
        self.fields["home_municipality"] = _Known(self.fields["home_municipality"], known.municipality_objects)
        self.fields["af_office"] = _Known(self.fields["af_office"], known.office_objects)
        self.fields["licence_concepts"] = _KnownMany(self.fields["licence_concepts"], known.licence_objects)

    def _new(self):
        number = _number(self.data.get("personnummer", ""))
        return number is not None and number not in self.known.registered

    def clean_personnummer(self):
        if self._new():
            return identity.normalize(self.cleaned_data["personnummer"])
        return super().clean_personnummer()

    def _get_validation_exclusions(self):
        # Checked above from what was read once: the number's uniqueness, and that the
        # municipality and office exist (the model would ask the database again for each).
        excluded = set(super()._get_validation_exclusions()) | {"home_municipality", "af_office"}
        return excluded | {"personnummer"} if self._new() else excluded


def _number(text):
    try:
        return identity.normalize(text)
    except ValidationError:
        return None


class _References:
    """What rows refer to by code or name, read once for the whole file."""

    @classmethod
    def load(cls, numbers):
        self = cls()
        self.municipality_objects = {m.pk: m for m in Municipality.objects.all()}
        self.municipalities = set(self.municipality_objects)
        self.office_objects = {o.pk: o for o in Organisation.objects.filter(kind=Organisation.Kind.AF_OFFICE)}
        self.offices = {o.name.casefold(): pk for pk, o in self.office_objects.items()}
        wanted = sorted({n for n in numbers if n})
        self.registered = set()
        for start in range(0, len(wanted), 500):  # SQLite's limit on a query's parameters
            self.registered.update(Participant.objects.filter(personnummer__in=wanted[start:start + 500])
                                   .values_list("personnummer", flat=True))
        self.licence_objects = {c.pk: c for c in licences()}
        self.licences = {c.code.casefold(): pk for pk, c in self.licence_objects.items()}
        return self

    def form_data(self, values, membership):
        """The row as the registration form's fields, with what the officer would have had filled
        in by default; what cannot be read goes to the errors."""
        organisation = membership.organisation if membership else None
        data = {key: values.get(key, "") for key in ("first_name", "last_name", "personnummer", "email", "phone",
                                                     "registered_at_af_since", "licences", "available_from")}
        errors = {}

        def read(key, convert):
            try:
                return convert(values.get(key, "").strip())
            except ValidationError as error:
                errors[key] = error.messages
                return ""

        data["gender"] = read("gender", lambda v: v and choice(v, Participant.Gender.choices, field_label=LABELS["gender"]))
        data["education_level"] = read("education_level", lambda v: v and choice(
            v, Participant.Education.choices, field_label=LABELS["education_level"]))
        data["swedish_level"] = read("swedish_level", lambda v: v and choice(
            v, SwedishLevel.choices, field_label=LABELS["swedish_level"]))
        data["target_groups"] = read("target_groups", lambda v: [
            choice(part, TargetGroup.choices, field_label=LABELS["target_groups"]) for part in _parts(v)])
        data["licence_concepts"] = read("licence_concepts", self._licences)
        data["home_municipality"] = read("home_municipality", lambda v: self._municipality(v, organisation))
        data["af_office"] = read("af_office", lambda v: self._office(v, organisation))
        at_af = read("registered_at_af", lambda v: yes_no(v, field_label=LABELS["registered_at_af"]) if v else None)
        if at_af is None:  # not given: an AF officer's job seekers are registered there
            at_af = organisation is not None and organisation.kind == Organisation.Kind.AF_OFFICE
        if at_af:
            data["registered_at_af"] = "on"
        if read("protected_identity", lambda v: yes_no(v, field_label=LABELS["protected_identity"])):
            data["protected_identity"] = "on"
        return data, errors

    def _municipality(self, value, organisation):
        if not value:
            return organisation.municipality_id if organisation else ""
        code = value.zfill(4) if value.isdigit() else value  # Excel drops the leading zero of 0180
        if code not in self.municipalities:
            raise ValidationError(_("%(field)s: there is no municipality with the code “%(code)s”.") % {
                "field": LABELS["home_municipality"], "code": value})
        return code

    def _office(self, value, organisation):
        if not value:
            is_office = organisation is not None and organisation.kind == Organisation.Kind.AF_OFFICE
            return organisation.pk if is_office else ""
        if value.casefold() not in self.offices:
            raise ValidationError(_("%(field)s: there is no Arbetsförmedlingen office named “%(name)s”.") % {
                "field": LABELS["af_office"], "name": value})
        return self.offices[value.casefold()]

    def _licences(self, value):
        unknown = [part for part in _parts(value) if part.casefold() not in self.licences]
        if unknown:
            raise ValidationError(_("%(field)s: unknown categories %(codes)s.") % {
                "field": LABELS["licence_concepts"], "codes": ", ".join(unknown)})
        return [self.licences[part.casefold()] for part in _parts(value)]


def _parts(value):
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
