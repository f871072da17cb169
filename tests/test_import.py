"""Importing participants from a spreadsheet: the preview lists every bad row with its Swedish
error, the confirmation saves all the good rows or none, the error file lists exactly the bad
rows, and a file that is not what it says (macros, a PNG, a zip bomb, 50 MB) is refused with a
message and nothing saved."""

import csv
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import AuditEvent
from lib.spreadsheets import read_table
from participants.models import Participant

from .factories import ParticipantFactory, valid_personnummer

pytestmark = pytest.mark.django_db

HEADERS = ["Förnamn", "Efternamn", "Personnummer", "Kön", "Utbildningsnivå", "Kommunkod"]


@pytest.fixture
def world(world_once):
    return world_once


@pytest.fixture
def officer(client, world):
    user = world.user("municipality_officer")
    client.force_login(user)
    return user


def csv_file(rows, headers=HEADERS, name="deltagare.csv", delimiter=";", bom=True):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, (("\ufeff" if bom else "") + out.getvalue()).encode(), content_type="text/csv")


def xlsx_bytes(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good(first="Amina", number=None, municipality="1480"):
    return [first, "Yusuf", number or valid_personnummer(), "Kvinna", "Gymnasial", municipality]


def upload(client, file):
    return client.post(reverse("participants:import"), {"file": file})


def token_of(response):
    """The preview's key: in the confirmation's form, or in the error file's address."""
    body = response.content.decode()
    found = re.search(r'name="token" value="([^"]+)"', body) or re.search(r"/import/([^/]+)/rejected\.", body)
    return found.group(1)


def confirm(client, response):
    return client.post(reverse("participants:import_confirm"), {"token": token_of(response)})


def preview_errors(response):
    """Each rejected row's number and errors, as the preview's table shows them."""
    body = response.content.decode()
    table = body.split('id="rejected"', 1)[1].split("</table>", 1)[0]
    found = {}
    for row in re.findall(r"<tr><td>(\d+)</td>.*?</tr>", table, re.S):
        found[int(row)] = re.findall(r"<li>(.*?)</li>", table.split(f"<tr><td>{row}</td>", 1)[1].split("</tr>", 1)[0])
    return found


def test_import_preview_lists_every_bad_row_with_its_error_in_swedish(client, officer, world):
    existing = ParticipantFactory(home_municipality_id="1480")
    twice = valid_personnummer()
    rows = [
        good("Amina"),
        ["Bo", "Berg", "19900412-1234", "Man", "Gymnasial", "1480"],  # wrong check digit
        ["Cia", "Carlsson", existing.personnummer, "Kvinna", "Gymnasial", "1480"],  # already registered
        ["Dan", "Ek", twice, "Man", "Eftergymnasial", "1480"],
        ["Eva", "Ek", twice, "Kvinna", "Eftergymnasial", "1480"],  # the same number twice in the file
        ["Fia", "Fors", valid_personnummer(), "Kvinna", "Gymnasial", "9999"],  # no such municipality
        ["", "Gran", valid_personnummer(), "Okänt", "Gymnasial", "1480"],  # no first name, no such gender
    ]
    response = upload(client, csv_file(rows))
    assert response.status_code == 200
    errors = preview_errors(response)
    assert sorted(errors) == [3, 4, 6, 7, 8]
    assert errors[3] == ["Personnummer: Ange ett giltigt personnummer eller samordningsnummer, till exempel 19850412-1234."]
    assert errors[4][0].startswith("Personnummer: Personen finns redan registrerad. Öppna ")
    assert errors[6] == ["Personnummer: samma nummer finns på rad 5."]
    assert errors[7] == ["Kommunkod: det finns ingen kommun med koden ”9999”."]
    assert sorted(errors[8]) == sorted(["Kön: ”Okänt” är inte ett av Kvinna, Man, Annat eller vill inte ange.",
                                        "Förnamn: Detta fält måste fyllas i."])
    assert Participant.objects.filter(first_name__in=["Amina", "Dan"]).count() == 0  # nothing saved yet


def test_import_confirm_registers_every_good_row_with_an_audit_event_each(client, officer, world):
    rows = [good("Amina"), good("Bea"), ["Bo", "Berg", "19900412-1234", "Man", "Gymnasial", "1480"]]
    preview = upload(client, csv_file(rows))
    response = confirm(client, preview)
    assert response.status_code == 302
    created = Participant.objects.filter(last_name="Yusuf").order_by("first_name")
    assert [p.first_name for p in created] == ["Amina", "Bea"]
    assert all(p.created_by == officer and p.home_municipality_id == "1480" for p in created)
    assert AuditEvent.objects.filter(action="participant.create", object_id__in=[str(p.pk) for p in created]).count() == 2
    event = AuditEvent.objects.get(action="import.confirm")
    assert (event.actor, event.detail) == (officer, {"kind": "participants", "file": "deltagare.csv", "rows": 3,
                                                     "rejected": 1, "saved": 2})


def test_import_confirm_saves_nothing_when_a_row_became_invalid_meanwhile(client, officer, world):
    number = valid_personnummer()
    preview = upload(client, csv_file([good("Amina"), good("Bea", number=number)]))
    ParticipantFactory(personnummer=number, home_municipality_id="1480")  # registered by someone meanwhile
    response = confirm(client, preview)
    assert response.status_code == 200
    assert "Nothing was imported" not in response.content.decode()
    assert "Inget har importerats" in response.content.decode()
    assert list(preview_errors(response)) == [3]
    assert Participant.objects.filter(first_name__in=["Amina", "Bea"], last_name="Yusuf").count() == 0
    assert not AuditEvent.objects.filter(action="import.confirm").exists()
    again = client.post(reverse("participants:import_confirm"), {"token": token_of(response)})
    assert again.status_code == 302
    assert list(Participant.objects.filter(last_name="Yusuf").values_list("first_name", flat=True)) == ["Amina"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_error_file_lists_exactly_the_bad_rows_with_an_error_column(client, officer, world, fmt):
    rows = [good("Amina"), ["=HYPERLINK(\"http://x.invalid\")", "Berg", "123", "Man", "Gymnasial", "1480"], good("Cia"),
            ["Dan", "Dahl", valid_personnummer(), "Man", "Gymnasial", "0000"]]
    preview = upload(client, csv_file(rows))
    url = reverse("participants:import_errors", args=[token_of(preview), fmt])
    response = client.get(url)
    assert response.status_code == 200
    if fmt == "csv":
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    else:
        lines = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert lines[0] == [*HEADERS, "Fel"]
    assert [line[:6] for line in lines[1:]] == [
        ["'=HYPERLINK(\"http://x.invalid\")", "Berg", "123", "Man", "Gymnasial", "1480"],
        ["Dan", "Dahl", rows[3][2], "Man", "Gymnasial", "0000"]]
    assert [line[6] for line in lines[1:]] == [
        "Personnummer: Ange ett giltigt personnummer eller samordningsnummer, till exempel 19850412-1234.",
        "Kommunkod: det finns ingen kommun med koden ”0000”."]


def test_import_error_file_is_the_senders_only(client, officer, world):
    preview = upload(client, csv_file([["Bo", "Berg", "123", "Man", "Gymnasial", "1480"]]))
    client.force_login(world.user("municipality_officer_outsider"))
    assert client.get(reverse("participants:import_errors", args=[token_of(preview), "csv"])).status_code == 404
    assert client.post(reverse("participants:import_confirm"), {"token": token_of(preview)}).status_code == 404


def test_import_reads_xlsx_and_fills_in_the_officers_defaults(client, world):
    af_officer = world.user("af_officer")
    client.force_login(af_officer)
    number = valid_personnummer()
    headers = ["Förnamn", "Efternamn", "Personnummer", "Kön", "Utbildningsnivå", "Körkort", "Målgrupper"]
    data = xlsx_bytes([["Amina", "Yusuf", int(number), "kvinna", "Eftergymnasial", "B, CE", "Nyanlända"]], headers)
    preview = upload(client, SimpleUploadedFile("deltagare.xlsx", data))
    assert confirm(client, preview).status_code == 302
    person = Participant.objects.get(personnummer=number)
    assert (person.af_office, person.registered_at_af, person.home_municipality_id, person.education_level,
            person.target_groups, sorted(person.licence_concepts.values_list("code", flat=True))) == (
        world.home.af_office, True, world.home.af_office.municipality_id, "post_secondary", ["newly_arrived"], ["B", "CE"])


def test_import_reads_comma_separated_csv_without_bom_and_a_leading_zero_dropped_by_excel(client, officer, world):
    number = valid_personnummer()
    preview = upload(client, csv_file([["Amina", "Yusuf", number, "Woman", "upper_secondary", "180"]], delimiter=",", bom=False))
    assert confirm(client, preview).status_code == 302
    assert Participant.objects.get(personnummer=number).home_municipality_id == "0180"


def test_import_formulas_are_not_evaluated(client, officer, world):
    """A formula's cell is read as the value Excel saved with it; openpyxl saved none, so the
    cell is empty: the formula itself never runs and never becomes the name."""
    book = Workbook()
    book.active.append(HEADERS)
    book.active.append(["=1+1", "Yusuf", valid_personnummer(), "Kvinna", "Gymnasial", "1480"])
    out = io.BytesIO()
    book.save(out)
    table = read_table(SimpleUploadedFile("f.xlsx", out.getvalue()))
    assert table.rows == [(2, ["", "Yusuf", table.rows[0][1][2], "Kvinna", "Gymnasial", "1480"])]
    errors = preview_errors(upload(client, SimpleUploadedFile("f.xlsx", out.getvalue())))
    assert errors == {2: ["Förnamn: Detta fält måste fyllas i."]}


def test_import_lacking_a_required_column_is_refused(client, officer, world):
    response = upload(client, csv_file([["Amina", "Yusuf"]], headers=["Förnamn", "Efternamn"]))
    assert "Filen saknar kolumnerna Personnummer, Kön, Utbildningsnivå." in response.content.decode()


def refused(client, file, message):
    before = Participant.objects.count()
    response = upload(client, file)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in body
    assert message in body
    assert Participant.objects.count() == before
    assert 'name="token"' not in body


def test_import_refuses_a_workbook_with_macros(client, officer, world):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\x00" * 100)
    refused(client, SimpleUploadedFile("deltagare.xlsx", data.getvalue()), "Filer med makron tas inte emot.")
    refused(client, SimpleUploadedFile("deltagare.xlsm", xlsx_bytes([good()])), "Filer med makron")


def test_import_refuses_a_png_named_xlsx_and_csv(client, officer, world):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 200
    refused(client, SimpleUploadedFile("deltagare.xlsx", png), "Filen är inte en Excelfil (.xlsx)")
    refused(client, SimpleUploadedFile("deltagare.csv", png), "Filen är inte en CSV-fil")
    refused(client, SimpleUploadedFile("deltagare.png", png), "Bara .xlsx- och .csv-filer kan importeras.")


def test_import_refuses_a_zip_that_is_not_a_workbook_and_a_damaged_workbook(client, officer, world):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("readme.txt", "hej")
    refused(client, SimpleUploadedFile("deltagare.xlsx", data.getvalue()), "Filen är inte en Excelfil (.xlsx)")
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "not xml")
    refused(client, SimpleUploadedFile("deltagare.xlsx", damaged.getvalue()), "Excelfilen kan inte läsas.")


def zip_bomb() -> bytes:
    """A small zip with a member that unpacks to 200 MB of zeros."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(200):
                member.write(chunk)
    return data.getvalue()


def test_import_refuses_a_zip_bomb_before_unpacking_it(client, officer, world):
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024
    refused(client, SimpleUploadedFile("deltagare.xlsx", bomb), "Filen packas upp till mycket mer än den rymmer")


def test_import_refuses_a_50_mb_file(client, officer, world):
    big = SimpleUploadedFile("deltagare.csv", b"a;b\n" * (50 * 1024 * 1024 // 4))
    refused(client, big, "Filen är för stor: högst 5 MB.")


def test_import_refuses_too_many_rows(client, officer, world, settings):
    settings.IMPORT_MAX_ROWS = 3
    refused(client, csv_file([good() for _ in range(4)]), "Filen har fler än 3 rader.")


def test_import_refuses_an_empty_file(client, officer, world):
    refused(client, SimpleUploadedFile("deltagare.csv", b""), "Fil (.xlsx eller .csv): Den skickade filen var tom.")
    refused(client, SimpleUploadedFile("deltagare.csv", b"\r\n;;\r\n"), "Filen är tom.")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_template_has_the_columns_in_swedish(client, officer, fmt):
    response = client.get(reverse("participants:import_template", args=[fmt]))
    if fmt == "csv":
        header = response.content.decode("utf-8-sig").splitlines()[0].split(";")
    else:
        header = list(next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)))
    assert header[:3] == ["Förnamn", "Efternamn", "Personnummer"]
    assert "Kommunkod" in header


def test_import_of_a_template_filled_in_is_read_back(client, officer, world):
    template = client.get(reverse("participants:import_template", args=["csv"])).content.decode("utf-8-sig")
    headers = template.splitlines()[0].split(";")
    values = {"Förnamn": "Amina", "Efternamn": "Yusuf", "Personnummer": valid_personnummer(), "Kön": "Kvinna",
              "Utbildningsnivå": "Gymnasial", "Inskriven på Arbetsförmedlingen": "ja",
              "Inskriven på Arbetsförmedlingen sedan": "2026-01-05", "Skyddad identitet": "nej"}
    preview = upload(client, csv_file([[values.get(h, "") for h in headers]], headers=headers))
    assert preview_errors(preview) if 'id="rejected"' in preview.content.decode() else {} == {}
    assert confirm(client, preview).status_code == 302
    person = Participant.objects.get(personnummer=values["Personnummer"])
    assert (person.registered_at_af, str(person.registered_at_af_since), person.protected_identity) == (
        True, "2026-01-05", False)


def test_import_pages_refuse_who_does_not_register_participants(client, world):
    client.force_login(world.user("employer"))
    assert client.get(reverse("participants:import")).status_code == 403
    assert client.get(reverse("participants:import_template", args=["csv"])).status_code == 403


def _licensed(first, number):
    return [first, "Yusuf", number, "Kvinna", "Gymnasial", "1480", "B, C"]


def _import_queries(client, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = [*HEADERS, "Körkort"]
    rows = [_licensed(f"Person{i}", valid_personnummer()) for i in range(count)]
    with CaptureQueriesContext(connection) as previewed:
        preview = upload(client, csv_file(rows, headers))
    with CaptureQueriesContext(connection) as confirmed:
        assert confirm(client, preview).status_code == 302
    return len(previewed.captured_queries), len(confirmed.captured_queries)


def test_import_preview_and_confirm_query_the_database_a_fixed_number_of_times(client, officer, world):
    """Two rows or twelve: the same queries (what rows refer to is read once for the file, and the
    rows are saved a table at a time), so 2,000 rows cost what two do in round trips."""
    _import_queries(client, 1)  # warm-up: the vocabulary's cache
    few, many = _import_queries(client, 2), _import_queries(client, 12)
    assert few == many, f"preview and confirm: {few} queries with 2 rows, {many} with 12"
    assert few[0] <= 20 and few[1] <= 30, few


def test_import_saves_what_registering_one_by_one_saves(client, officer, world):
    """The bulk registration writes each person's history row, licences and audit event as the
    one-person form does."""
    from participants.services import participant_register

    number = valid_personnummer()
    preview = upload(client, csv_file([_licensed("Amina", number)], [*HEADERS, "Körkort"]))
    assert confirm(client, preview).status_code == 302
    imported = Participant.objects.get(personnummer=number)
    by_hand = participant_register(actor=officer, licence_concepts=list(imported.licence_concepts.all()),
                                   first_name="Bea", last_name="Yusuf", personnummer=valid_personnummer(),
                                   gender="woman", education_level="upper_secondary", home_municipality_id="1480")

    def written(person):
        history = person.history.get()
        event = AuditEvent.objects.get(action="participant.create", object_id=str(person.pk))
        return (history.history_type, history.history_user, person.created_by,
                sorted(person.licence_concepts.values_list("code", flat=True)),
                (event.actor, event.content_type, event.object_repr == str(person), event.detail))

    assert written(imported) == written(by_hand)
    assert written(imported)[3] == ["B", "C"]
