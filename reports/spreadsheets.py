"""Spreadsheets (openpyxl) and CSV files: one sheet per table, numbers as numbers (shares as
fractions formatted as percent), headers bold and frozen. CSV is UTF-8 with a byte-order mark and
semicolons, which is what Excel in Swedish expects when the file is opened by a double click."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

PERCENT = "0.0%"
INVALID_TITLE_CHARACTERS = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass
class Sheet:
    title: str
    headers: list
    rows: list  # lists of cells: str, int, float, date or Share
    widths: list | None = None


class Share(float):
    """A fraction that the spreadsheet shows as a percentage."""


def workbook(sheets: list[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title.translate(INVALID_TITLE_CHARACTERS)[:31])
        ws.append([defuse(str(h)) for h in sheet.headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([_cell(value) for value in row])
            for cell, value in zip(ws[ws.max_row], row):
                if isinstance(value, Share):
                    cell.number_format = PERCENT
        ws.freeze_panes = "A2"
        for n, header in enumerate(sheet.headers, start=1):
            longest = max([len(str(header))] + [len(str(r[n - 1])) for r in sheet.rows[:200] if n <= len(r)])
            ws.column_dimensions[get_column_letter(n)].width = min(max(10, longest + 2), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    if isinstance(value, Share):
        return float(value)
    if value is None:
        return ""
    if isinstance(value, (int, float)) or hasattr(value, "isoformat"):
        return value
    return defuse(str(value))


def csv_bytes(sheet: Sheet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(h) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Share):
        return f"{float(value):.4f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    return defuse(str(value))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def defuse(text: str) -> str:
    """Every text cell of every spreadsheet and CSV file passes here: one that starts like a
    formula gets an apostrophe first, so a name or title such as "=HYPERLINK(...)" typed into a
    form is shown as text and never runs in the reader's Excel (formula injection). The .xlsx
    writer then stores it as a string, which openpyxl would otherwise have made a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
