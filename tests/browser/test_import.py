"""A municipality officer imports participants from a file with bad rows: the preview lists them,
the error file has them with what is wrong, and the confirmation registers the others."""

import csv
import io

import pytest

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from participants.models import Participant

from ..factories import valid_personnummer
from .conftest import a11y, log_in, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_imports_a_file_with_bad_rows(page, demo_data, tmp_path):
    good = [valid_personnummer(1991), valid_personnummer(1992)]
    path = tmp_path / "deltagare.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["Förnamn", "Efternamn", "Personnummer", "Kön", "Utbildningsnivå", "Kommunkod"])
        writer.writerow(["Importina", "Ett", good[0], "Kvinna", "Gymnasial", ""])
        writer.writerow(["Importus", "Fel", "19900412-1234", "Man", "Gymnasial", "1488"])
        writer.writerow(["Importa", "Två", good[1], "Kvinna", "Eftergymnasial", "1488"])
        writer.writerow(["Importo", "Kommun", valid_personnummer(1993), "Man", "Gymnasial", "9999"])
    log_in(page, "handlaggare@trollhattan.jobbspar.example", DEMO_PASSWORD)
    visit(page, "/participants/")
    page.get_by_role("link", name="Importera deltagare från en fil").click()
    page.wait_for_load_state()
    a11y(page)
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Förhandsgranska importen").click()
    page.wait_for_load_state()
    a11y(page)
    rejected = page.locator("table").first.inner_text()
    assert "Ange ett giltigt personnummer" in rejected
    assert "det finns ingen kommun med koden ”9999”" in rejected
    assert Participant.objects.filter(first_name__startswith="Import").count() == 0

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [(line[0], line[-1].split(":")[0]) for line in lines] == [
        ("Förnamn", "Fel"), ("Importus", "Personnummer"), ("Importo", "Kommunkod")]

    page.get_by_role("button", name="Importera 2 rader").click()
    page.wait_for_load_state()
    a11y(page)
    assert "2 deltagare är registrerade." in page.locator(".messages").inner_text()
    made = Participant.objects.filter(personnummer__in=good).order_by("first_name")
    assert [(p.first_name, p.home_municipality_id) for p in made] == [("Importa", "1488"), ("Importina", "1488")]
