"""Every form in the project, found by opening every page of the permission matrix as each persona
who may open it, is sent bad input: empty values, 10,000 characters, <script> and quotes, SQL-like
text, formulas (= + - @), tabs and line breaks (CR/LF in titles), impossible dates, dates next year
and dates before anything they could follow, periods that end before they start, negative and huge
numbers, and choices that do not exist. Never a server error; a rejected form says why in Swedish and leaves
everything already saved as it was; nothing sent comes back unescaped."""

import datetime
import functools
import hashlib
import io
import zipfile
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from .test_permission_matrix import MATRIX, OK

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world, db):
    """Built once for the module; each page's sweep runs in its own rolled-back savepoint."""
    return shared_world


@pytest.fixture(autouse=True)
def media_root(settings, shared_media):
    settings.MEDIA_ROOT = str(shared_media)
    settings.STORAGES = {**settings.STORAGES, "reports": {
        **settings.STORAGES["reports"], "OPTIONS": {"location": str(shared_media / "reports"), "allow_overwrite": True}}}
    return shared_media

SCRIPT = '<script>alert("xss")</script>'
SQL = "' OR '1'='1'; DROP TABLE tracks_track; --"
QUOTES = "\"'`´’ ; -- /* */ \\"
# Header forms on every page: sent on the start page only.
EVERYWHERE = {"/accounts/logout/", "/i18n/setlang/", "/accounts/membership/"}
ENGLISH = ["This field is required", "Enter a valid", "Ensure this value", "Select a valid choice", "is not one of"]
PERSONAS = ["coordinator", "municipality_officer", "af_officer", "employer", "steering", "provider", "participant", "administrator",
            "privacy_officer", "anonymous"]
# Not ours: Django's admin site is tested by Django.
SKIP_ACTIONS = ("/admin/",)
UNCHANGED_MODELS = {"accounts.auditevent", "sessions.session", "axes.accessattempt", "axes.accesslog",
                    "axes.accessfailurelog"}
# Reference data and the framework's own tables: no form of ours writes them, so hashing them on
# every send would only cost time.
NOT_WRITABLE_BY_FORMS = {"accounts.county", "accounts.municipality", "employers.occupation", "auth.permission",
                         "contenttypes.contenttype", "admin.logentry", "taxonomy.concept", "taxonomy.version",
                         "taxonomy.concept_related_skills"}


class Forms(HTMLParser):
    """The forms of a page: action, method, and each field with its type, value and options."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                self.form["fields"].append({"name": a["name"], "type": kind, "value": None, "choice": a.get("value", "on")})
            else:
                self.form["fields"].append({"name": a["name"], "type": kind, "value": a.get("value", "")})
        elif tag == "select" and a.get("name"):
            self.select = {"name": a["name"], "type": "select", "value": "", "options": []}
            self.form["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(a.get("value", ""))
            if "selected" in a:
                self.select["value"] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = {"name": a["name"], "type": "textarea", "value": ""}
            self.form["fields"].append(self.textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data


def base_values(form):
    """The form as the page filled it in (an edit form keeps its current values)."""
    data = {}
    for field in form["fields"]:
        if field["type"] in ("checkbox", "radio"):
            continue
        if field["type"] == "select" and not field["value"] and field["options"]:
            field_value = next((o for o in field["options"] if o), "")
        else:
            field_value = field["value"]
        data.setdefault(field["name"], field_value)
    return data


def bad(form, category):
    """The form's values with every field of the category's kind made bad."""
    data = base_values(form)
    dates = [f["name"] for f in form["fields"] if f["type"] == "date"]
    for field in form["fields"]:
        name, kind = field["name"], field["type"]
        if name == "csrfmiddlewaretoken":
            continue
        text_like = kind in ("text", "textarea", "email", "search", "password", "url", "tel")
        if category == "empty":
            data[name] = ""
        elif category == "long":
            data[name] = "ö" * 10_000
        elif category == "script" and (text_like or kind in ("select", "hidden", "checkbox", "radio")):
            data[name] = f"{SCRIPT}{QUOTES}"
        elif category == "sql" and (text_like or kind in ("select", "number", "hidden")):
            data[name] = SQL
        elif category == "formula" and text_like:
            data[name] = FORMULAS[len(name) % len(FORMULAS)]
        elif category == "control" and text_like:
            data[name] = "Rad ett\r\nBcc: evil@example.invalid\tflik"
        elif category == "dates" and kind == "date":
            data[name] = "2026-02-31"
        elif category == "next_year" and kind == "date":
            data[name] = NEXT_YEAR
        elif category == "before_start" and kind == "date":
            data[name] = "2000-01-03"  # before anything it could follow: a track's start, an enrolment, a sending
        elif category == "numbers" and kind == "number":
            data[name] = "-1"
        elif category == "huge" and kind == "number":
            data[name] = "9" * 30
        if category in BAD_FILES and kind == "file":
            data[name] = BAD_FILES[category]()
    if category == "periods" and len(dates) >= 2:  # the end before the start
        data[dates[0]], data[dates[-1]] = "2027-06-30", "2026-01-01"
    return data


@functools.cache
def _row_queries():
    """One SELECT of every row per table that a form could write, compiled once: the sweep reads
    them a thousand times, and compiling the ORM query each time was most of its cost."""
    return [
        model.objects.order_by("pk").values_list().query.sql_with_params()
        for model in apps.get_models(include_auto_created=True)  # the many-to-many tables too (licences held)
        if model._meta.label_lower not in UNCHANGED_MODELS | NOT_WRITABLE_BY_FORMS and not model._meta.proxy
    ]


def fingerprint():
    """Every saved row but the logs, as one hash: a rejected form must leave it unchanged."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for sql, params in _row_queries():
            cursor.execute(sql, params)
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def _zip(members, compression=zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


# Uploads (only where a form has a file field): a file that is not what its name says, a damaged
# workbook, a zip that is no workbook, and a zip bomb (20 MB of zeros packed into a few kB). The
# 50 MB file has its own test (tests/test_import.py) to keep the sweep fast.
BAD_FILES = {
    "file_png_named_xlsx": lambda: SimpleUploadedFile("rader.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "file_png_named_csv": lambda: SimpleUploadedFile("rader.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "file_damaged_xlsx": lambda: SimpleUploadedFile("rader.xlsx", _zip({"[Content_Types].xml": "<Types",
                                                                       "xl/workbook.xml": "inte xml"})),
    "file_zip_not_xlsx": lambda: SimpleUploadedFile("rader.xlsx", _zip({"readme.txt": "hej"})),
    "file_zip_bomb": lambda: SimpleUploadedFile("rader.xlsx", _zip({
        "[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>",
        "xl/worksheets/sheet1.xml": b"\x00" * (20 * 1024 * 1024)}, zipfile.ZIP_DEFLATED)),
    "file_script_csv": lambda: SimpleUploadedFile("rader.csv", f"{SCRIPT};{SQL}\r\n{QUOTES};=1+1\r\n".encode()),
}


def get_rows():
    return sorted(name for name, row in MATRIX.items() if row.method == "get" and OK in row.expected.values())


CATEGORIES = ["empty", "long", "script", "sql", "formula", "control", "dates", "next_year", "before_start", "periods",
              "numbers", "huge"]
FORMULAS = ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1)"]
NEXT_YEAR = (datetime.date.today() + datetime.timedelta(days=366)).isoformat()


def send(client, form, data, url):
    action = urljoin(url, form["action"] or url)
    if form["method"] == "post":
        return client.post(action, data)
    return client.get(action, data)


def check(response, rejected_before, after):
    body = response.content.decode(errors="replace") if not response.streaming else ""
    assert response.status_code < 500
    assert SCRIPT not in body, "sent HTML came back unescaped"
    rejected = response.status_code == 200 and ('role="alert"' in body or "error-summary" in body)
    if rejected:
        assert [e for e in ENGLISH if e in body] == [], "a message is not in Swedish"
        assert after == rejected_before, "a rejected form changed what was saved"


@pytest.mark.parametrize("url_name", get_rows())
def test_every_form_on_the_page_survives_bad_input(client, world, url_name):
    row = MATRIX[url_name]
    sent = set()
    for persona in PERSONAS:
        if row.expected.get(persona) != OK:
            continue
        client.logout()
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
        url = reverse(url_name, kwargs=row.kwargs(world, user))
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = Forms()
        parser.feed(page.content.decode())
        for form in parser.forms:
            path = urlparse(urljoin(url, form["action"] or url)).path
            key = (path, form["method"], tuple(sorted(f["name"] for f in form["fields"])))
            if key in sent or path.startswith(SKIP_ACTIONS) or (path in EVERYWHERE and url_name != "dashboard"):
                continue
            sent.add(key)
            before = fingerprint()
            has_file = any(f["type"] == "file" for f in form["fields"])
            for category in CATEGORIES + (list(BAD_FILES) if has_file else []):
                response = send(client, form, bad(form, category), url)
                after = fingerprint()
                check(response, before, after)
                before = after  # nothing changes between one send and the next
                if response.status_code == 302 and not response["Location"].startswith("/accounts/login"):
                    followed = client.get(response["Location"])
                    assert followed.status_code < 500
                    assert SCRIPT not in followed.content.decode(errors="replace")
                if user is not None and "_auth_user_id" not in client.session:
                    client.force_login(user)  # the form logged us out (logout, or a password change)
    assert sent or url_name in NO_FORMS, f"{url_name}: no form found; add it to NO_FORMS if it has none"


# Pages that have no form of their own (beyond the header's, sent on the start page).
NO_FORMS = {
    "healthz", "readyz", "password_change_done", "password_reset_done", "password_reset_complete",
    "password_reset_confirm",  # a bad token: no form to show
    "reports:list", "reports:detail", "reports:download", "reports:export_tracks", "reports:export_participants",
    "privacy:log_review_pdf", "tracks:letter_pdf", "tracks:letter_version_pdf", "tracks:personal_chain",
    "participants:history", "tracks:person_history",
    "taxonomy:suggest",  # the combobox's list of suggestions, an htmx partial
    "tracks:todo",  # a list of links
    "api:schema", "api:docs",  # the API's schema and its documentation: no form
    "providers:modules", "tracks:learners",  # lists of links
    "portal:meeting_ics",  # a calendar file
    "participants:import_errors", "participants:import_template",  # spreadsheet files
    "employers:import_errors", "employers:import_template", "users:import_errors", "users:import_template",
}


def test_the_fingerprint_sees_every_kind_of_change(world):
    """The sweep's "nothing changed" is only as good as its fingerprint: an update, an insert and
    a delete each change it (the delete back to what it was before the insert)."""
    from participants.models import Participant
    from tracks.models import ChecklistItem

    person = world.objects["participant"]
    before = fingerprint()
    Participant.objects.filter(pk=person.pk).update(phone="070-000 00 00")
    after_update = fingerprint()
    ChecklistItem.objects.create(track=world.track, phase="planning", title="Ny uppgift")
    after_insert = fingerprint()
    ChecklistItem.objects.filter(title="Ny uppgift").delete()
    assert len({before, after_update, after_insert}) == 3
    assert fingerprint() == after_update
