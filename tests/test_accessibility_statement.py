"""The accessibility statement the law asks for: reachable from every page, and its form reaches
the administrators — from anyone, logged in or not, within limits."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Notification
from jobbspar.models import AccessibilityReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    return world_once


def report(client, **data):
    return client.post(reverse("accessibility"), {"report-page": "/tracks/", "report-contact": "",
                                                  "report-description": "Tabellen går inte att läsa med skärmläsare.",
                                                  **data})


def test_every_page_links_to_the_statement(client, world):
    for persona in (None, "coordinator"):
        if persona:
            client.force_login(world.user(persona))
        assert reverse("accessibility") in client.get(reverse("login") if not persona else "/").content.decode()


def test_a_report_from_anyone_reaches_every_administrator(client, world):
    page = client.get(reverse("accessibility")).content.decode()
    assert "Tillgänglighetsredogörelse för Jobbspår" in page and "Myndigheten för digital förvaltning" in page
    response = report(client, **{"report-contact": "anna@example.org"})
    assert response.status_code == 302
    saved = AccessibilityReport.objects.get()
    assert saved.contact == "anna@example.org" and saved.reported_by is None
    told = Notification.objects.filter(rule="accessibility")
    assert told.filter(recipient=world.user("administrator")).exists()
    assert told.get(recipient=world.user("administrator")).url == reverse("admin:site_accessibilityreport_change",
                                                                           args=[saved.pk])
    assert AuditEvent.objects.filter(action="accessibility.report").exists()


def test_an_empty_report_says_what_is_missing_and_many_reports_are_refused(client, world):
    empty = client.post(reverse("accessibility"), {"report-description": ""})
    assert empty.status_code == 200 and "Detta fält måste fyllas i." in empty.content.decode()
    for _ in range(5):
        assert report(client).status_code == 302
    assert report(client).status_code == 429
    assert AccessibilityReport.objects.count() == 5
