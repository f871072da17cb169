"""The reports' tables as spreadsheet sheets; how sheets become .xlsx and CSV files is
`lib.spreadsheets` (one sheet per table, numbers as numbers, every text cell defused)."""

from django.utils.translation import gettext as _

# The writers live in lib (imports write their error files with them too); kept importable here.
from lib.spreadsheets import PERCENT, Share, Sheet, csv_bytes, defuse, workbook  # noqa: F401


def followup_sheets(context: dict) -> list[Sheet]:
    """The follow-up report's tables, one sheet each, from the same context as its PDF."""
    sheets = [
        Sheet(_("Key figures"), [_("Figure"), _("Value"), _("Reference")],
              [[row["label"], _number(row), row["reference"]] for row in context["headline"]]),
        Sheet(_("Tracks by phase"), [_("Phase"), _("Tracks")], [[r["label"], r["count"]] for r in context["phase_rows"]]),
        Sheet(_("Outcomes"), [_("Outcome"), _("Number"), _("Share")],
              [[r["label"], r["count"], Share(r["share"])] for r in context["outcome_rows"]]),
        Sheet(_("Funnel"), [_("Step"), _("All"), _("Women"), _("Men"), _("Other or not stated")],
              [[r["label"], r["total"], r["woman"], r["man"], r["other"]] for r in context["funnel_rows"]]),
    ]
    for _name, title, rows in context["splits"]:
        sheets.append(Sheet(title, [_("Group"), _("With an outcome"), _("To work"), _("Share to work"), _("Share to studies")],
                            [[r["label"], r["total"], r["to_work"], Share(r["share_to_work"]), Share(r["share_to_studies"])]
                             for r in rows]))
    sheets += [
        Sheet(_("Status after 90 and 180 days"), [_("Days after"), _("Status then"), _("Number")],
              [[r["days"], r["label"], r["count"]] for r in context["check_rows"]]),
        Sheet(_("Each track"), [_("Track"), _("Municipality"), _("Phase"), _("Places"), _("Nominated"), _("Started"),
                                _("Completed"), _("Left early"), _("To work"), _("To studies"), _("Share to work")],
              [[r["track"].title, r["track"].lead_municipality.name, r["track"].get_phase_display(), r["track"].places,
                r["figures"].nominated, r["figures"].started, r["figures"].completed, r["figures"].left_early,
                r["figures"].to_work, r["figures"].to_studies, Share(r["figures"].share_to_work)]
               for r in context["track_rows"]]),
        Sheet(_("Modules"), [_("Provider"), _("Module"), _("Completed"), _("Interrupted"), _("Share completed"),
                             _("Weeks present"), _("Weeks absent"), _("Weeks excused"), _("Attendance")],
              [[r["figures"].provider, r["figures"].module, r["figures"].completed, r["figures"].interrupted,
                Share(r["figures"].share_completed), r["figures"].present, r["figures"].absent, r["figures"].excused,
                Share(r["figures"].share_present)] for r in context["module_rows"]]),
        Sheet(_("Providers"), [_("Provider"), _("Completed"), _("Interrupted"), _("Share completed"), _("Attendance")],
              [[r["figures"].provider, r["figures"].completed, r["figures"].interrupted, Share(r["figures"].share_completed),
                Share(r["figures"].share_present)] for r in context["provider_rows"]]),
        Sheet(_("Escalations"), [_("Track"), _("Problem"), _("Severity"), _("Escalated"), _("Decision"), _("Decided")],
              [[p.track.title, p.title, p.get_severity_display(), p.escalated_at.date(), p.decision or _("Awaits decision"),
                p.decided_at.date() if p.decided_at else None] for p in context["escalations"]]),
    ]
    return sheets


def _number(row: dict):
    """A headline figure as a number: shares as Share, counts as they are, a missing median empty."""
    return Share(row["value"]) if row.get("is_share") else row["value"]
