"""Exports of the track list and the participant list: the same rows as the pages, personnummer
masked, no contact details, every exported person logged."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEvent
from participants.selectors import participants_visible_to

from .factories import ParticipantFactory, make_track
from .queries import assert_queries_constant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once


def read_csv(response):
    content = response.content
    assert content.startswith("\ufeff".encode())  # Excel opens UTF-8 with a BOM
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_track_export_xlsx_has_the_visible_tracks(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(reverse("reports:export_tracks", args=["xlsx"]))
    assert response["Content-Disposition"].startswith('attachment; filename="jobbspar-spar-')
    sheet = load_workbook(io.BytesIO(response.content))["Jobbspår"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Jobbspår", "Typ", "SSYK-kod", "Yrke", "Fas")
    assert sorted(row[0] for row in rows[1:]) == sorted(
        [world.track.title, world.objects["invitation"].track.title, world.objects["provided"].track.title])
    assert rows[1][8] == world.track.places  # a number, not text


def test_track_export_keeps_the_lists_filters(client, world):
    make_track(coordinator=world.user("coordinator"), municipality=world.home.municipality,
               employers=[world.home.employer], title="Busschaufförer")
    client.force_login(world.user("coordinator"))
    rows = read_csv(client.get(reverse("reports:export_tracks", args=["csv"]), {"search": "buss"}))
    assert [row[0] for row in rows[1:]] == ["Busschaufförer"]


def test_track_export_shows_the_outsider_nothing_of_ours(client, world):
    client.force_login(world.user("coordinator_outsider"))
    rows = read_csv(client.get(reverse("reports:export_tracks", args=["csv"])))
    assert rows[1:] == []


def test_track_export_unknown_format_is_not_found(client, world):
    client.force_login(world.user("coordinator"))
    assert client.get(reverse("reports:export_tracks", args=["pdf"])).status_code == 404


def test_track_export_query_count_is_constant(client, world):
    coordinator = world.user("coordinator")
    client.force_login(coordinator)
    assert_queries_constant(
        client, reverse("reports:export_tracks", args=["xlsx"]),
        lambda: make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer]),
        bound=10,
    )


def test_participant_export_masks_personnummer_and_logs_each_person(client, world):
    officer = world.user("municipality_officer")
    person = world.objects["participant"]
    person.email, person.phone = "deltagare@example.se", "070-1234567"
    person.save()
    client.force_login(officer)
    rows = read_csv(client.get(reverse("reports:export_participants", args=["csv"])))
    assert rows[0][2] == "Född (personnummer, maskerat)"
    row = next(r for r in rows[1:] if r[0] == person.last_name and r[1] == person.first_name)
    assert row[2] == person.personnummer_masked
    content = ";".join(";".join(r) for r in rows)
    assert person.personnummer not in content and person.email not in content and person.phone not in content
    visible = {str(pk) for pk in participants_visible_to(officer).values_list("pk", flat=True)}
    logged = set(AuditEvent.objects.filter(actor=officer, action="participant.export").values_list("object_id", flat=True))
    assert logged == visible and str(person.pk) in logged and len(rows) == len(visible) + 1


def test_participant_export_has_only_visible_people(client, world):
    stranger = ParticipantFactory(home_municipality_id="1488", last_name="Främlingsson")
    client.force_login(world.user("af_officer"))
    rows = read_csv(client.get(reverse("reports:export_participants", args=["csv"])))
    assert stranger.last_name not in [row[0] for row in rows]


def test_participant_export_defuses_formulas(client, world):
    person = world.objects["participant"]
    person.last_name = '=HYPERLINK("http://evil.example","x")'
    person.save()
    client.force_login(world.user("coordinator"))
    rows = read_csv(client.get(reverse("reports:export_participants", args=["csv"])))
    assert [r[0] for r in rows if "HYPERLINK" in r[0]] == ["'" + person.last_name]


def test_participant_export_xlsx(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(reverse("reports:export_participants", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content))["Deltagare"]
    masked = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert world.objects["participant"].personnummer_masked in masked
