"""Importing rows from a spreadsheet, the same way for every kind of thing imported: upload →
preview with every row's errors → confirm (all or nothing) → the rejected rows as a file with an
error column. Each app declares an `Importer` (its columns, how a row is checked and how the checked
rows are saved through its services); the pages and files here are the same for all of them.

Between the preview and the confirmation the checked file waits in the cache (shared by every web
process) under a random key, for the user who sent it and for an hour; nothing is saved to the
database until the confirmation, which checks the rows again (someone may have registered one of
them meanwhile) and saves them in one transaction or not at all."""

import secrets
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .spreadsheets import Sheet, csv_bytes, max_bytes, max_rows, read_table, workbook

STASH_SECONDS = 60 * 60
PREVIEW_ROWS = 50
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class Column:
    key: str
    header: str  # lazy: the Swedish header of the template and the one looked for in a file
    required: bool = False
    help: str = ""
    aliases: tuple = ()


@dataclass
class Checked:
    """One row of the file after its check: its errors (in the reader's language), or the
    arguments its service is called with."""

    number: int
    cells: list
    values: dict
    errors: list = field(default_factory=list)
    prepared: dict | None = None


class Importer:
    """What an app declares. `check` sees all rows at once (duplicates within the file, one
    query for what many rows refer to); `save` gets the rows that passed, inside a transaction."""

    kind = ""
    title = ""
    permission = ""
    columns: list[Column] = []
    summary = ()  # the keys shown for each row on the preview
    done_url = ""

    def check(self, request, rows: list[Checked]) -> None:
        raise NotImplementedError

    def save(self, request, rows: list[Checked], detail: dict) -> list:
        """Save the rows through the app's services and record the import itself (its audit
        event, with `detail`: the file's name and how many rows it had and were rejected)."""
        raise NotImplementedError

    def done_message(self, count: int) -> str:
        raise NotImplementedError


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


def error_text(form_errors, labels: dict) -> list[str]:
    """A form's errors as plain sentences, each with the column it is about."""
    texts = []
    for name, errors in form_errors.items():
        label = labels.get(name)
        for error in errors:
            message = strip_tags(str(error)).strip()
            texts.append(f"{label}: {message}" if label else message)
    return texts


def _normal(text) -> str:
    return " ".join(str(text).replace("*", "").split()).casefold()


def _in_both(text) -> list[str]:
    """A header as the Swedish and the English template write it, whatever the reader's language."""
    names = []
    for language in ("sv", "en"):
        with translation.override(language):
            names.append(str(text))
    return names


def choice(value: str, choices, *, field_label) -> str:
    """A choice written in a cell, by its Swedish or English label or its stored value; ValidationError
    saying which values are accepted."""
    wanted = _normal(value)
    for stored, label in choices:
        if wanted in {_normal(stored), *(_normal(name) for name in _in_both(label))}:
            return stored
    raise ValidationError(_("%(field)s: “%(value)s” is not one of %(choices)s.") % {
        "field": field_label, "value": value, "choices": ", ".join(str(label) for stored, label in choices if stored)})


YES = {"ja", "j", "yes", "y", "x", "1", "sant", "true"}
NO = {"nej", "n", "no", "0", "falskt", "false", ""}


def yes_no(value: str, *, field_label) -> bool:
    wanted = _normal(value)
    if wanted in YES:
        return True
    if wanted in NO:
        return False
    raise ValidationError(_("%(field)s: write ja or nej, not “%(value)s”.") % {"field": field_label, "value": value})


def _mapping(importer, headers) -> dict[int, str]:
    """Which column of the file holds which field; a missing required column refuses the file."""
    known = {}
    for column in importer.columns:
        for name in (column.header, *_in_both(column.header), column.key, *column.aliases):
            known.setdefault(_normal(name), column.key)
    mapping = {}
    for index, header in enumerate(headers):
        key = known.get(_normal(header))
        if key and key not in mapping.values():
            mapping[index] = key
    missing = [str(c.header) for c in importer.columns if c.required and c.key not in mapping.values()]
    if missing:
        raise ValidationError(_("The file lacks the columns %(columns)s. Download the template to see which columns "
                                "are expected.") % {"columns": ", ".join(missing)}, code="columns")
    return mapping


def _rows(stash) -> list[Checked]:
    mapping = {int(k): v for k, v in stash["mapping"].items()}
    width = len(stash["headers"])
    rows = []
    for number, cells in stash["rows"]:
        cells = (cells + [""] * width)[:max(width, len(cells))]
        values = {key: cells[index] if index < len(cells) else "" for index, key in mapping.items()}
        rows.append(Checked(number=number, cells=cells, values=values, errors=list(stash["errors"].get(str(number), []))))
    return rows


def _stash_key(token):
    return f"import:{token}"


def keep(*, user, kind, name, headers, mapping, rows, errors) -> str:
    """Keep a checked file for its sender until the confirmation (or an hour); the key returned
    is the preview's."""
    token = secrets.token_urlsafe(18)
    cache.set(_stash_key(token), {"user": user, "kind": kind, "name": name, "headers": headers,
                                  "mapping": {str(k): v for k, v in mapping.items()}, "rows": rows,
                                  "errors": {str(k): v for k, v in errors.items()}}, STASH_SECONDS)
    return token


def _load(request, importer, token):
    stash = cache.get(_stash_key(token)) if token else None
    if not stash or stash["user"] != request.user.pk or stash["kind"] != importer.kind:
        raise Http404  # expired, or someone else's
    return stash


def _check_all(importer, request, rows):
    importer.check(request, rows)
    for row in rows:
        if row.errors:
            row.prepared = None


def _preview(request, importer, stash, token, *, problem="", status=200):
    rows = _rows(stash)
    bad = [r for r in rows if r.errors]
    good = [r for r in rows if not r.errors]
    labels = {c.key: c.header for c in importer.columns}
    context = {
        "importer": importer, "token": token, "file_name": stash["name"], "problem": problem,
        "summary": [labels[k] for k in importer.summary], "total": len(rows),
        "bad": [(r.number, [r.values.get(k, "") for k in importer.summary], r.errors) for r in bad],
        "good": [(r.number, [r.values.get(k, "") for k in importer.summary]) for r in good[:PREVIEW_ROWS]],
        "good_count": len(good), "more_good": max(0, len(good) - PREVIEW_ROWS),
        "urls": _urls(importer),
    }
    return render(request, "imports/preview.html", context, status=status)


def _urls(importer):
    from django.urls import reverse

    app = importer.url_namespace
    return {"page": reverse(f"{app}:import"), "confirm": reverse(f"{app}:import_confirm"),
            "template_csv": reverse(f"{app}:import_template", args=["csv"]),
            "template_xlsx": reverse(f"{app}:import_template", args=["xlsx"]),
            "errors": f"{app}:import_errors"}


def _allowed(request, importer):
    if not request.user.has_perm(importer.permission):
        raise PermissionDenied


def upload_page(request, importer):
    """The upload form; sent, the file's preview (or the form again with why the file is refused)."""
    _allowed(request, importer)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            table = read_table(form.cleaned_data["file"])
            mapping = _mapping(importer, table.headers)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            kept = {"user": request.user.pk, "kind": importer.kind, "name": form.cleaned_data["file"].name[:200],
                    "headers": table.headers, "mapping": mapping, "rows": table.rows}
            rows = _rows({**kept, "mapping": {str(k): v for k, v in mapping.items()}, "errors": {}})
            _check_all(importer, request, rows)
            token = keep(**kept, errors={r.number: r.errors for r in rows if r.errors})
            return _preview(request, importer, cache.get(_stash_key(token)), token)
    context = {"importer": importer, "form": form, "urls": _urls(importer), "max_mb": max_bytes() // (1024 * 1024),
               "max_rows": max_rows()}
    return render(request, "imports/upload.html", context)


def confirm(request, importer):
    """Save the rows that passed the preview, checked again, all in one transaction or none."""
    _allowed(request, importer)
    token = request.POST.get("token", "")
    stash = _load(request, importer, token)
    rows = [r for r in _rows(stash) if not r.errors]
    if not rows:
        return _preview(request, importer, stash, token, problem=_("No row can be imported. Nothing was saved."))
    _check_all(importer, request, rows)
    failed = [r for r in rows if r.errors]
    if failed:
        stash["errors"].update({str(r.number): r.errors for r in failed})
        cache.set(_stash_key(token), stash, STASH_SECONDS)
        return _preview(request, importer, stash, token, problem=_(
            "Since the preview, %(count)s rows have become invalid (for example, someone registered the same person). "
            "Nothing was saved. The rows are listed below; confirm again to import the others.") % {"count": len(failed)})
    try:
        with transaction.atomic():
            saved = importer.save(request, rows, {
                "kind": importer.kind, "file": stash["name"], "rows": len(stash["rows"]),
                "rejected": len(stash["errors"])})
    except (ValidationError, IntegrityError) as error:
        text = " ".join(strip_tags(str(m)) for m in getattr(error, "messages", [str(error)]))
        return _preview(request, importer, stash, token, problem=_("Nothing was saved: %(reason)s") % {"reason": text})
    cache.delete(_stash_key(token))
    messages.success(request, importer.done_message(len(saved)))
    return redirect(importer.done_url)


def errors_file(request, importer, token, fmt):
    """The rows that were not imported, as the file had them, with what is wrong in the last column."""
    _allowed(request, importer)
    stash = _load(request, importer, token)
    rows = [r for r in _rows(stash) if r.errors]
    width = len(stash["headers"])
    sheet = Sheet(_("Rejected rows"), [*stash["headers"], _("Error")],
                  [[*(r.cells + [""] * width)[:width], " ".join(r.errors)] for r in rows])
    return _download(sheet, fmt, _("rejected-rows"))


def template_file(request, importer, fmt):
    """An empty file with the expected columns as its header row."""
    _allowed(request, importer)
    return _download(Sheet(str(importer.title)[:31], [c.header for c in importer.columns], []), fmt,
                     _("import-template"))


def _download(sheet, fmt, stem):
    if fmt not in FORMATS:
        raise Http404
    body = csv_bytes(sheet) if fmt == "csv" else workbook([sheet])
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    return response


def urlpatterns(importer_class):
    """The four pages of an import, in the app's urls: import, import_confirm, import_errors,
    import_template."""
    importer = importer_class()

    @login_required
    def page(request):
        return upload_page(request, importer)

    @login_required
    @require_POST
    def confirm_view(request):
        return confirm(request, importer)

    @login_required
    def errors_view(request, token, fmt):
        return errors_file(request, importer, token, fmt)

    @login_required
    def template_view(request, fmt):
        return template_file(request, importer, fmt)

    return [
        path("import/", page, name="import"),
        path("import/confirm/", confirm_view, name="import_confirm"),
        path("import/<str:token>/rejected.<str:fmt>", errors_view, name="import_errors"),
        path("import/template.<str:fmt>", template_view, name="import_template"),
    ]
