"""Match first, train after: the AF officer nominates, the coordinator builds a shortlist and sends
it, the employer approves two and declines one with a reason, the coordinator enrols the approved
ones. axe-core checks every page on the way."""

import pytest

from accounts.models import Membership, Role
from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from participants.models import Participant
from tracks.models import Candidacy, Track

from ..factories import valid_personnummer
from .conftest import a11y, log_in, visit

pytestmark = pytest.mark.django_db(transaction=True)


def log_out(page):
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    a11y(page)


def test_nominate_shortlist_decide_enrol(page, demo_data):
    track = Track.objects.get(title="Butikssäljare i Trollhättan", round_number=2)
    af_thn = track.partners.get(kind="af_office")
    # An AF officer at the Trollhättan office, and three of its job seekers.
    officer = Membership.objects.create(
        user=Membership.objects.get(user__email="arbetsformedlare@goteborg.jobbspar.example").user,
        role=Role.AF_OFFICER, organisation=af_thn).user
    people = [
        Participant.objects.create(first_name=first, last_name="Testsson", personnummer=valid_personnummer(1995),
                                   gender="woman", education_level="upper_secondary", registered_at_af=True,
                                   home_municipality_id="1488", af_office=af_thn, swedish_level="sas_basic")
        for first in ("Alva", "Bodil", "Cecilia")
    ]

    log_in(page, officer.email, DEMO_PASSWORD)
    for person in people:
        visit(page, f"/tracks/nominate/?participant={person.pk}")
        page.select_option("#id_track", str(track.pk))
        page.fill("#id_motivation", "Vill arbeta i butik och har praktiserat i handeln.")
        page.get_by_role("button", name="Nominera", exact=True).click()
        page.wait_for_load_state()
        a11y(page)
    assert Candidacy.objects.filter(track=track, participant__in=people).count() == 3
    log_out(page)

    coordinator = track.coordinators.first()
    log_in(page, coordinator.email, DEMO_PASSWORD)
    visit(page, f"/tracks/{track.pk}/candidates/")
    for person in people:
        page.get_by_role("group", name="Kandidater att sätta på kortlistan").get_by_role("checkbox", name=person.full_name).check()
    page.select_option("#id_shortlist-employer", label="Handelshuset i Trollhättan AB")
    page.fill("#id_shortlist-deadline", "2099-12-31")
    page.get_by_role("button", name="Skapa kortlista").click()
    page.wait_for_load_state()
    a11y(page)
    page.locator("article", has_text="beslut senast 31 december 2099").get_by_role("button", name="Skicka till arbetsgivaren").click()
    page.wait_for_load_state()
    a11y(page)
    log_out(page)

    employer = Membership.objects.create(
        user=Membership.objects.get(user__email="arbetsgivare@bostad.jobbspar.example").user,
        role=Role.EMPLOYER_REPRESENTATIVE, organisation=track.employers.get()).user
    log_in(page, employer.email, DEMO_PASSWORD)
    page.locator("main a", has_text="Butikssäljare i Trollhättan").last.click()
    page.wait_for_load_state()
    a11y(page)
    assert "Testsson" in page.locator("main").inner_text()
    for person in people[:2]:
        card = page.locator("article", has_text=f"{person.first_name} Testsson")
        with page.expect_response(lambda r: "/entries/" in r.url):
            card.get_by_role("button", name="Godkänn för jobbspåret").click()
        page.locator("article", has_text=f"{person.first_name} Testsson").get_by_text("Godkänd för jobbspåret").first.wait_for()
    card = page.locator("article", has_text="Cecilia Testsson")
    card.locator("select").select_option("lacks_competence")
    with page.expect_response(lambda r: "/entries/" in r.url):
        card.get_by_role("button", name="Avböj").click()
    page.locator("article", has_text="Cecilia Testsson").locator("dd", has_text="Saknar en krävd kompetens").wait_for()
    a11y(page)
    for secret in [p.personnummer_formatted for p in people] + [p.personnummer_masked for p in people]:
        assert secret not in page.content()
    log_out(page)

    log_in(page, coordinator.email, DEMO_PASSWORD)
    # The employer's decisions reached the coordinator's reminders; one leads to the track's events.
    visit(page, "/accounts/notifications/")
    told = page.locator("main .notifications button", has_text=employer.full_name)
    assert told.count() == 3 and "Butikssäljare i Trollhättan" in told.first.inner_text()
    told.first.click()
    page.wait_for_load_state()
    a11y(page)
    assert page.url.endswith(f"/tracks/{track.pk}/events/")
    events = page.locator("#events tbody").inner_text()
    assert events.count("Beslutade om en kandidat") == 3 and "Cecilia Testsson" in events
    visit(page, f"/tracks/{track.pk}/candidates/")
    for person in people[:2]:
        page.get_by_role("button", name=f"Anta {person.full_name}").click()
        page.wait_for_load_state()
        a11y(page)
    statuses = dict(Candidacy.objects.filter(participant__in=people).values_list("participant__first_name", "status"))
    assert statuses == {"Alva": "enrolled", "Bodil": "enrolled", "Cecilia": "declined"}
