"""A participant's own pages, in a browser at a phone's size (390 × 844): a coordinator invites a
demo participant and gives them a task; the participant logs in with the code from the e-mail,
confirms the time, maps three competences in Arabic (the pages right to left), writes a
presentation and shows it; the coordinator sees the self-reported competences flagged and confirms
one; the employer's shortlist shows the presentation and nothing else new. axe-core checks every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from participants.models import Competence, Participant
from tracks.models import ShortlistEntry

from .conftest import PHONE, a11y, log_in, visit

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR = "koordinator@goteborg.jobbspar.example"
EMPLOYER = "arbetsgivare@bostad.jobbspar.example"
ADDRESS = "deltagare3@jobbspar.example"
PRESENTATION = "Jag har arbetat med lokalvård på ett hotell i Aleppo i sex år."


def submit(page, name):
    page.get_by_role("button", name=name).first.click()
    page.wait_for_load_state()
    a11y(page)


def map_in_arabic(page, typed, swedish):
    page.fill("#id_skill-competence", typed)
    option = page.locator("#id_skill-competence-list [role=option]", has_text=swedish).first
    expect(option).to_be_visible()
    a11y(page)  # with the suggestions open, right to left
    option.click()
    page.select_option("#id_skill-learned", "work_abroad")
    page.fill("#id_skill-years", "3")
    submit(page, "حفظ")
    expect(page.locator("main")).to_contain_text(swedish)


def test_a_participant_takes_part_on_their_phone_in_arabic(page, demo_data):
    page.set_viewport_size(PHONE)
    person = Participant.objects.get(email=ADDRESS)
    entry = ShortlistEntry.objects.select_related("candidacy__track", "shortlist").get(candidacy__participant=person)
    track, candidacy = entry.candidacy.track, entry.candidacy

    # The coordinator invites the person, in Arabic, and asks them to confirm the interview time.
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    visit(page, person.get_absolute_url())
    page.locator("#access summary").click()
    page.select_option("#id_invite-language", "ar")
    submit(page, "Skicka inbjudan")
    expect(page.locator(".messages")).to_contain_text("Inbjudan är skickad")
    visit(page, f"/tracks/{track.pk}/candidates/{candidacy.pk}/tasks/")
    page.select_option("#id_task-kind", "confirm")
    page.fill("#id_task-title", "Intervju tisdag kl. 10 på kontoret")
    page.fill("#id_task-due_on", (entry.shortlist.deadline).isoformat())
    submit(page, "Ge uppgiften")
    expect(page.locator("main table")).to_contain_text("Intervju tisdag kl. 10")

    # The participant logs in with the code from the e-mail: the pages are in Arabic, right to left.
    page.context.clear_cookies()
    invitation = mail.outbox[-1]
    assert invitation.to == [ADDRESS] and "/mina-sidor/logga-in/" in invitation.body
    visit(page, "/mina-sidor/logga-in/")
    page.locator("input[name=address]").fill(ADDRESS)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    a11y(page)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    a11y(page)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("مرحبًا")
    expect(page.locator("main")).to_contain_text(track.title)

    # A task done on the page.
    page.get_by_role("navigation").get_by_role("link", name="المهام").click()
    page.wait_for_load_state()
    a11y(page)
    submit(page, "أؤكد")
    expect(page.locator(".messages")).to_contain_text("شكرًا")

    # Three competences, found by Arabic words.
    page.get_by_role("navigation").get_by_role("link", name="ما أعرفه").click()
    page.wait_for_load_state()
    a11y(page)
    for typed, swedish in (("خدمة العملاء", "Kundbemötande och service"), ("البستنة", "Trädgårdsskötsel"),
                           ("رافعة شوكية", "Gaffeltruck")):
        map_in_arabic(page, typed, swedish)
    expect(page.locator("main .tag--warning")).to_have_count(
        Competence.objects.filter(participant=person, source="self_assessed").count())

    # A presentation, shown to employers.
    page.get_by_role("navigation").get_by_role("link", name="عني").click()
    page.wait_for_load_state()
    a11y(page)
    page.locator("textarea[name=presentation]").fill(PRESENTATION)
    page.locator("input[name=presentation_shown]").check()
    submit(page, "حفظ")
    expect(page.locator(".messages")).to_contain_text("تم حفظ تعريفك")
    for path in ("/mina-sidor/moten/", "/mina-sidor/mina-uppgifter/", f"/mina-sidor/spar/{candidacy.pk}/"):
        visit(page, path)

    # The coordinator sees what the person mapped, flagged as their own, and confirms one.
    page.context.clear_cookies()
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    visit(page, person.get_absolute_url())
    expect(page.locator("#competences .tag--warning", has_text="Egen uppgift")).to_have_count(
        Competence.objects.filter(participant=person, source="self_assessed").count())
    expect(page.locator("#access")).to_contain_text(PRESENTATION)
    submit(page, "Bekräfta Gaffeltruck")
    expect(page.locator(".messages")).to_contain_text("Gaffeltruck är bekräftad")
    assert Competence.objects.get(participant=person, concept_id="8pHc_Lqc_QxD").source == "assessed"

    # The employer's shortlist shows the presentation, and nothing of what the person mapped.
    page.context.clear_cookies()
    log_in(page, EMPLOYER, DEMO_PASSWORD)
    visit(page, f"/tracks/shortlists/{entry.shortlist_id}/")
    card = page.locator(f"#entry-{entry.pk}")
    expect(card).to_contain_text(PRESENTATION)
    expect(card).not_to_contain_text("Egen uppgift")
    expect(card).not_to_contain_text(person.personnummer[:8])
