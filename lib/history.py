"""Change history kept by django-simple-history, shaped for a page: each record with who, when,
and what changed since the record before it of the same object. Generic over the model the caller
hands it (participants and tracks each read their own history tables and pass them here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Values shown old → new; other fields (names, numbers, contact details, free text) only say
# that they changed, so the history repeats no personal data and no confidential note.
SHOWN = (models.DateField, models.BooleanField, models.IntegerField)
HIDDEN_FIELDS = {
    "personnummer", "first_name", "last_name", "email", "phone", "notes", "reason", "motivation", "withdrawal_reason",
    "next_step",
}
KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def _value(field, value):
    if value in (None, ""):
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


def _changes(record, previous):
    """What changed between two records of one object, over every tracked field, editable or not
    (a status that only its service changes is history too)."""
    if previous is None:
        return []
    changes = []
    for field in record.tracked_fields:
        old, new = getattr(previous, field.attname), getattr(record, field.attname)
        if field.primary_key or old == new:
            continue
        shown = field.name not in HIDDEN_FIELDS and (field.choices or isinstance(field, SHOWN))
        changes.append({
            "field": field.verbose_name,
            "old": _value(field, old) if shown else None,
            "new": _value(field, new) if shown else None,
        })
    return changes


def entries(label, records, describe):
    """Each record with what changed since the one before it of the same object."""
    result, previous = [], {}
    for record in sorted(records, key=lambda r: (r.id, r.history_date)):
        result.append({
            "when": record.history_date, "who": record.history_user, "what": label, "about": describe(record),
            "kind": KINDS.get(record.history_type, ""), "changes": _changes(record, previous.get(record.id)),
        })
        previous[record.id] = record
    return result


def newest_first(*groups) -> list[dict]:
    return sorted((entry for group in groups for entry in group), key=lambda e: e["when"], reverse=True)
