"""The administrator imports employers and staff users from a spreadsheet, through the same
preview and confirmation as the participants' import (tests/test_import.py)."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent, Membership, Organisation, User
from employers.models import Employer

from .factories import valid_org_number

pytestmark = pytest.mark.django_db

EMPLOYER_HEADERS = ["Namn", "Organisationsnummer", "Kommunkod", "Sektor", "Storlek", "Bransch"]
USER_HEADERS = ["E-postadress", "Namn", "Roll", "Organisation"]


@pytest.fixture
def world(world_once):
    return world_once


@pytest.fixture
def admin(client, world):
    user = world.user("administrator")
    client.force_login(user)
    return user


def csv_file(headers, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile("rader.csv", ("\ufeff" + out.getvalue()).encode())


def rejected(response):
    body = response.content.decode()
    if 'id="rejected"' not in body:
        return {}
    table = body.split('id="rejected"', 1)[1].split("</table>", 1)[0]
    return {int(n): re.findall(r"<li>(.*?)</li>", rest.split("</tr>", 1)[0])
            for n, rest in re.findall(r"<tr><td>(\d+)</td>(.*?)(?=<tr><td>|</tbody>)", table, re.S)}


def confirm(client, namespace, preview):
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    return client.post(reverse(f"{namespace}:import_confirm"), {"token": token})


def test_employer_import_previews_bad_rows_and_confirms_the_good_ones(client, admin, world):
    taken = world.home.employer.org_number
    fresh, twice = valid_org_number(), valid_org_number()
    rows = [
        ["Bygg AB", fresh, "1480", "Privat", "10–49 anställda", "Bygg"],
        ["Vård AB", "556000-0000", "1480", "Privat", "12", "Vård"],  # wrong check digit
        ["Gamla AB", taken, "1480", "Privat", "3", "Handel"],  # already in Jobbspår
        ["Ett AB", twice, "1480", "Offentlig", "300", "Skola"],
        ["Två AB", twice, "9999", "Ingen", "stor", ""],  # twice, and everything else wrong
    ]
    preview = client.post(reverse("employers:import"), {"file": csv_file(EMPLOYER_HEADERS, rows)})
    errors = rejected(preview)
    assert sorted(errors) == [3, 4, 6]
    assert errors[3] == ["Organisationsnummer: Ange ett giltigt svenskt organisationsnummer (NNNNNN-NNNN)."]
    assert errors[4] == ["Organisationsnummer: En organisation med det här numret finns redan i Jobbspår."]
    assert sorted(errors[6]) == sorted([
        "Organisationsnummer: Samma nummer finns på rad 5.",
        "Kommunkod: Det finns ingen kommun med koden ”9999”.",
        "Sektor: ”Ingen” är inte ett av Offentlig, Privat.",
        "Storlek: ”stor” är inte ett av 1–9 anställda, 10–49 anställda, 50–249 anställda, 250 anställda eller fler.",
        "Bransch: Detta fält måste fyllas i."])
    assert confirm(client, "employers", preview).status_code == 302
    made = Employer.objects.filter(organisation__name__in=["Bygg AB", "Ett AB"]).order_by("organisation__name")
    assert [(e.organisation.name, e.organisation.kind, e.sector, e.size_band) for e in made] == [
        ("Bygg AB", "employer", "private", "small"), ("Ett AB", "employer", "public", "large")]
    assert AuditEvent.objects.filter(action="employer.create").count() == 2
    assert AuditEvent.objects.get(action="import.confirm").detail["saved"] == 2


def test_user_import_gives_each_user_one_membership(client, admin, world):
    municipality = world.home.municipality
    employer = world.home.employer
    rows = [
        ["ny.handlaggare@example.org", "Ny Handläggare", "Kommunhandläggare", municipality.name],
        ["ny.arbetsgivare@example.org", "Ny Arbetsgivare", "Arbetsgivarrepresentant", employer.org_number],
        ["NY.HANDLAGGARE@example.org", "Dubblett", "Koordinator", municipality.name],  # the same address
        [world.user("coordinator").email, "Finns", "Koordinator", municipality.name],
        ["fel@example.org", "Fel Roll", "Arbetsgivarrepresentant", municipality.name],  # a role the organisation cannot hold
        ["inte-en-adress", "Okänd", "Administratör", "Ingen sådan"],
    ]
    preview = client.post(reverse("users:import"), {"file": csv_file(USER_HEADERS, rows)})
    errors = rejected(preview)
    assert sorted(errors) == [4, 5, 6, 7]
    assert errors[4] == ["E-postadress: Samma adress finns på rad 2."]
    assert errors[5] == ["E-postadress: En användare med den här e-postadressen finns redan i Jobbspår."]
    assert errors[6] == ["Roll: Den här rollen kan inte innehas i den här typen av organisation."]
    assert len(errors[7]) == 3
    assert confirm(client, "users", preview).status_code == 302
    made = {u.email: u for u in User.objects.filter(email__startswith="ny.")}
    assert sorted(made) == ["ny.arbetsgivare@example.org", "ny.handlaggare@example.org"]
    assert list(Membership.objects.filter(user=made["ny.handlaggare@example.org"]).values_list(
        "role", "organisation")) == [("municipality_officer", municipality.pk)]
    assert not made["ny.handlaggare@example.org"].has_usable_password()
    assert AuditEvent.objects.filter(action="user.create").count() == 2


def test_user_import_refuses_an_organisation_name_that_is_not_unique(client, admin, world):
    Organisation.objects.create(kind="employer", name="Tvilling AB", municipality_id="1480")
    Organisation.objects.create(kind="employer", name="Tvilling AB", municipality_id="1488")
    preview = client.post(reverse("users:import"), {"file": csv_file(USER_HEADERS, [
        ["a@example.org", "A", "Arbetsgivarrepresentant", "tvilling ab"]])})
    assert rejected(preview) == {2: ["Organisation: Flera organisationer heter ”tvilling ab”: skriv dess "
                                     "organisationsnummer."]}


@pytest.mark.parametrize("url_name", ["employers:import", "users:import"])
def test_admin_imports_are_the_administrators_only(client, world, url_name):
    for persona in ("coordinator", "municipality_officer", "privacy_officer"):
        client.force_login(world.user(persona))
        assert client.get(reverse(url_name)).status_code == 403
