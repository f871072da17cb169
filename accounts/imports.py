"""Staff users imported from a spreadsheet by the administrator: each with one role in one
organisation (named by its organisation number or its exact name), checked by one form and saved
by `user_create`. Operator roles and steering groups are given in the admin site. The pages are
lib.imports'."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from stdnum.se import orgnr

from lib.imports import Column, Importer, choice, error_text

from . import services
from .audit import Change, record
from .models import ROLE_ORGANISATION_KINDS, Organisation, Role, User, email_key

COLUMNS = [
    Column("email", gettext_lazy("E-mail address"), required=True, aliases=("e-post",)),
    Column("full_name", gettext_lazy("Name"), required=True, aliases=("full name", "fullständigt namn")),
    Column("role", gettext_lazy("Role"), required=True,
           help=gettext_lazy("Coordinator, Municipality officer, AF officer, Employer representative or "
                             "Education provider.")),
    Column("organisation", gettext_lazy("Organisation"), required=True,
           help=gettext_lazy("Its organisation number, or its name exactly as in Jobbspår.")),
]
LABELS = {c.key: c.header for c in COLUMNS}
ROLES = [(value, label) for value, label in Role.choices if value in ROLE_ORGANISATION_KINDS]


class UserRowForm(forms.Form):
    email = forms.EmailField(max_length=254)
    full_name = forms.CharField(max_length=200)
    role = forms.CharField()
    organisation = forms.CharField(max_length=200)

    def __init__(self, *args, organisations, taken, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations, self.taken = organisations, taken

    def clean_email(self):
        email = email_key(self.cleaned_data["email"])
        if email in self.taken:
            raise forms.ValidationError(self.taken[email])
        return email

    def clean_role(self):
        try:
            return choice(self.cleaned_data["role"], ROLES, field_label=LABELS["role"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages[0].split(": ", 1)[-1]) from None

    def clean_organisation(self):
        written = self.cleaned_data["organisation"].strip()
        key = orgnr.format(written) if orgnr.is_valid(written) else written.casefold()
        found = self.organisations.get(key, [])
        if len(found) > 1:
            raise forms.ValidationError(_("Several organisations are named “%(name)s”: write its organisation "
                                          "number.") % {"name": written})
        if not found:
            raise forms.ValidationError(_("There is no organisation “%(name)s” in Jobbspår.") % {"name": written})
        return found[0]

    def clean(self):
        data = super().clean()
        role, organisation = data.get("role"), data.get("organisation")
        if role and organisation and organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
            self.add_error("role", _("This role cannot be held in this kind of organisation."))
        return data


class UserImport(Importer):
    kind = "users"
    title = gettext_lazy("Import users")
    permission = "accounts.import_users"
    url_namespace = "users"
    columns = COLUMNS
    summary = ("full_name", "email")
    done_url = reverse_lazy("admin:accounts_user_changelist")

    def done_message(self, count):
        return ngettext("%(count)s user is added.", "%(count)s users are added.", count) % {"count": count}

    def check(self, request, rows):
        organisations = {}
        for organisation in Organisation.objects.all():
            organisations.setdefault(organisation.name.casefold(), []).append(organisation)
            if organisation.org_number:
                organisations.setdefault(organisation.org_number, []).append(organisation)
        registered = _("A user with this e-mail address is already in Jobbspår.")
        taken = {email: registered for email in User.objects.values_list("email", flat=True)}
        for row in rows:
            form = UserRowForm(row.values, organisations=organisations, taken=taken)
            if form.is_valid():
                row.prepared = form.cleaned_data
                taken[form.cleaned_data["email"]] = _("The same address is on row %(row)s.") % {"row": row.number}
            else:
                row.errors = error_text(form.errors, LABELS)

    def save(self, request, rows, detail):
        saved = [services.user_create(actor=request.user, **row.prepared) for row in rows]
        record(request.user, Change.IMPORT, None, {**detail, "saved": len(saved)})
        return saved
