"""The change history of a person's record and of their candidacies, follow-ups and outcomes
(django-simple-history), shaped for the person's page. Candidacies belong to tracks, which builds
on this app, so their models are reached through the relations, never imported."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Values shown old → new; other fields (names, numbers, contact details, free text) only say
# that they changed, so the history repeats no personal data and no confidential note.
SHOWN = (models.DateField, models.BooleanField, models.IntegerField)
HIDDEN_FIELDS = {"personnummer", "first_name", "last_name", "email", "phone", "notes", "reason", "motivation"}
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
    if previous is None:
        return []
    changes = []
    for change in record.diff_against(previous).changes:
        field = record.instance_type._meta.get_field(change.field)
        shown = change.field not in HIDDEN_FIELDS and (field.choices or isinstance(field, SHOWN))
        changes.append({
            "field": field.verbose_name,
            "old": _value(field, change.old) if shown else None,
            "new": _value(field, change.new) if shown else None,
        })
    return changes


def _entries(label, records, describe):
    """Each record with what changed since the one before it of the same object."""
    entries, previous = [], {}
    for record in sorted(records, key=lambda r: (r.id, r.history_date)):
        entries.append({
            "when": record.history_date, "who": record.history_user, "what": label, "about": describe(record),
            "kind": KINDS.get(record.history_type, ""), "changes": _changes(record, previous.get(record.id)),
        })
        previous[record.id] = record
    return entries


def change_history(participant) -> list[dict]:
    """Newest first, in four queries."""
    candidacy = participant.candidacies.model
    follow_up = candidacy._meta.get_field("follow_ups").related_model
    outcome = candidacy._meta.get_field("outcome").related_model
    entries = [
        *_entries(_("Personal details"), participant.history.select_related("history_user"), lambda r: ""),
        *_entries(_("Candidacy"), candidacy.history.filter(participant_id=participant.pk)
                  .select_related("history_user", "track"), lambda r: r.track.title if r.track else ""),
        *_entries(_("Follow-up"), follow_up.history.filter(candidacy__participant_id=participant.pk)
                  .select_related("history_user"), lambda r: str(r.due_date)),
        *_entries(_("Outcome"), outcome.history.filter(candidacy__participant_id=participant.pk)
                  .select_related("history_user"), lambda r: ""),
    ]
    return sorted(entries, key=lambda e: e["when"], reverse=True)
