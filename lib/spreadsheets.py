"""Spreadsheets (openpyxl) and CSV files, written and read.

Written: one sheet per table, numbers as numbers (shares as fractions formatted as percent),
headers bold and frozen. CSV is UTF-8 with a byte-order mark and semicolons, which is what Excel
in Swedish expects when the file is opened by a double click. Every text cell is defused.

Read (imports): a .csv (UTF-8 with or without a byte-order mark, or Windows-1252 as older Excel
saves it; ; or , between cells) or an .xlsx's first sheet, as rows of text. Nothing in a file runs:
formulas are never evaluated (the values Excel saved with them are read), a workbook with macros is
refused, and so is a zip that would unpack to far more than it holds (a zip bomb) — before openpyxl
opens it. A file that is too large, has too many rows, or is not what its name says is refused with
a message that says why."""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
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
    writer.writerow([defuse(str(h)) for h in sheet.headers])
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


# --- Reading ---------------------------------------------------------------------------------

MAX_COLUMNS = 60
MAX_CELL = 1000  # characters: no field of ours holds more
ZIP_MAX_UNPACKED = 100 * 1024 * 1024  # an .xlsx of 5,000 rows unpacks to a few MB
ZIP_MAX_RATIO = 100  # XML packs well (10–20 times), never a hundred
ZIP_MAX_MEMBERS = 1000
MACROS = ("vbaproject.bin", ".bin")
ACCEPTED = (".csv", ".xlsx")
MACRO_TYPES = (".xlsm", ".xltm", ".xlsb", ".xls", ".xla", ".xlam")


@dataclass
class Table:
    """What a file holds: its header row and the rows under it, each cell as text ("" when
    empty), each row with its row number in the file (for the messages)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 5000)


def refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def read_table(upload) -> Table:
    """The table in an uploaded file (a Django UploadedFile, or anything with .name, .size and
    .read()); ValidationError, with a message for the person who sent it, when it is refused."""
    name = (getattr(upload, "name", "") or "").lower()
    if upload.size > max_bytes():
        refuse(_("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)}, "too_large")
    if name.endswith(MACRO_TYPES):
        refuse(_("Files with macros and old Excel files (.xls) are not accepted. Save the file as .xlsx or .csv."),
               "macros")
    if not name.endswith(ACCEPTED):
        refuse(_("Only .xlsx and .csv files can be imported."), "type")
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        refuse(_("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)}, "too_large")
    rows = _xlsx_rows(data) if name.endswith(".xlsx") else _csv_rows(data)
    return _table(rows)


def _table(rows) -> Table:
    headers, body = None, []
    for number, cells in rows:
        if len(cells) > MAX_COLUMNS:
            refuse(_("The file has more than %(n)s columns.") % {"n": MAX_COLUMNS}, "columns")
        cells = [_text(cell) for cell in cells]
        if not any(cells):
            continue
        if headers is None:
            headers = cells
            continue
        body.append((number, cells))
        if len(body) > max_rows():
            refuse(_("The file has more than %(n)s rows. Split it into smaller files.") % {"n": max_rows()}, "rows")
    if headers is None:
        refuse(_("The file is empty."), "empty")
    return Table(headers=[h.strip() for h in headers], rows=body)


def _text(value) -> str:
    """A cell as the text an officer would have typed: whole numbers without decimals, dates
    as dates, text as it is (a text that starts with = stays text: nothing is evaluated)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > MAX_CELL:
        return text[:MAX_CELL]
    return text


def _csv_rows(data: bytes):
    if b"\x00" in data[:8192]:
        refuse(_("The file is not a CSV file: it holds binary data. Save it as .csv or .xlsx."), "not_text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV (semicolon separated)" on older Windows
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            yield number, cells
    except csv.Error:
        refuse(_("The CSV file cannot be read: check the quotation marks."), "malformed")


def _check_zip(data: bytes) -> None:
    """Before openpyxl opens anything: an .xlsx is a zip with a workbook in it, no macros, and
    members that do not unpack to many times what they hold (a zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        refuse(_("The file is not an Excel file (.xlsx), whatever its name says."), "not_xlsx")
    names = {m.filename.lower() for m in members}
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        refuse(_("The file is not an Excel file (.xlsx), whatever its name says."), "not_xlsx")
    if any(n.endswith(MACROS) for n in names):
        refuse(_("Files with macros are not accepted. Save the file as .xlsx without macros, or as .csv."), "macros")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > ZIP_MAX_MEMBERS or unpacked > ZIP_MAX_UNPACKED or unpacked / packed > ZIP_MAX_RATIO:
        refuse(_("The file unpacks to far more than it holds and is refused (it may be a zip bomb)."), "zip_bomb")


def _xlsx_rows(data: bytes):
    _check_zip(data)
    try:
        # read_only streams the sheet; data_only reads the values Excel saved, never a formula.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a damaged file; each means the same to the sender
        refuse(_("The Excel file cannot be read. Open it in Excel and save it again as .xlsx."), "malformed")
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    except ValidationError:
        raise
    except Exception:
        refuse(_("The Excel file cannot be read. Open it in Excel and save it again as .xlsx."), "malformed")
    finally:
        book.close()
