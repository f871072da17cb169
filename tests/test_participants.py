import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from stdnum import luhn

from accounts.models import AuditEvent
from lib import personnummer as identity
from participants.models import Participant
from tracks.models import Candidacy, Phase, Track

from .factories import ParticipantFactory, valid_personnummer
from .queries import assert_queries_constant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once


def form_data(world, **overrides):
    return {
        "first_name": "Amina", "last_name": "Yusuf", "personnummer": "19900412-1233", "gender": "woman",
        "education_level": "upper_secondary", "swedish_level": "sfi_d", "registered_at_af": "on",
        "home_municipality": "1480", "af_office": world.home.af_office.pk, **overrides,
    }


# --- identity ------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["199004121233", "19900412-1233", "900412-1233", "9004121233", " 19900412 1233 "])
def test_identity_normalizes_every_usual_way_of_writing(written):
    assert identity.normalize(written, today=datetime.date(2026, 11, 22)) == "199004121233"


def test_identity_ten_digits_with_plus_means_a_century_earlier():
    base = "200412123"
    number = base + luhn.calc_check_digit(base)
    assert identity.normalize(f"{number[:6]}+{number[6:]}", today=datetime.date(2026, 11, 22)) == "19" + number


def test_identity_coordination_number_keeps_its_digits_and_masks_the_birth_date():
    base = "900472123"  # 12 April 1990, +60 on the day
    number = identity.normalize(base + luhn.calc_check_digit(base), today=datetime.date(2026, 11, 22))
    assert (number[:8], identity.is_coordination_number(number), identity.masked(number)) == (
        "19900472", True, "19900412-****")


@pytest.mark.parametrize("bad", ["19900412-1234", "19901312-1230", "abc", "", "1990041212345", "19900492-1234"])
def test_identity_rejects_invalid_numbers(bad):
    with pytest.raises(ValidationError):
        identity.normalize(bad)


# --- register, duplicates, reveal ----------------------------------------------------------


def test_register_participant_stores_twelve_digits_and_shows_masked(client, world):
    officer = world.user("municipality_officer")
    client.force_login(officer)
    response = client.post(reverse("participants:create"), form_data(world), follow=True)
    participant = Participant.objects.get(last_name="Yusuf")
    assert participant.personnummer == "199004121233"
    page = response.content.decode()
    assert "19900412-****" in page and "19900412-1233" not in page


def test_register_invalid_personnummer_says_so_and_keeps_the_input(client, world):
    client.force_login(world.user("municipality_officer"))
    response = client.post(reverse("participants:create"), form_data(world, personnummer="19900412-1234"))
    page = response.content.decode()
    assert "Ange ett giltigt personnummer eller samordningsnummer" in page
    assert 'value="Amina"' in page
    assert not Participant.objects.filter(last_name="Yusuf").exists()


def test_register_duplicate_links_to_the_existing_person(client, world):
    existing = world.objects["participant"]
    client.force_login(world.user("municipality_officer"))
    response = client.post(reverse("participants:create"), form_data(world, personnummer=existing.personnummer))
    page = response.content.decode()
    assert "Personen finns redan registrerad." in page
    assert f'href="{existing.get_absolute_url()}"' in page
    assert Participant.objects.filter(personnummer=existing.personnummer).count() == 1


def test_register_duplicate_of_someone_unseen_does_not_link(client, world):
    existing = world.objects["participant"]
    client.force_login(world.user("municipality_officer_outsider"))
    outsider = world.user("municipality_officer_outsider")
    page = client.post(reverse("participants:create"), form_data(world, personnummer=existing.personnummer)).content.decode()
    # Nothing about who holds the record or where; the lookup is a logged read of the person.
    assert "Numret kan inte registreras av dig." in page
    assert "annan organisation" not in page and existing.get_absolute_url() not in page
    assert AuditEvent.objects.filter(action="participant.lookup", actor=outsider, object_id=str(existing.pk)).count() == 1


def test_detail_read_is_logged(client, world):
    participant = world.objects["participant"]
    officer = world.user("af_officer")
    client.force_login(officer)
    client.get(participant.get_absolute_url())
    event = AuditEvent.objects.filter(action="participant.view", object_id=str(participant.pk)).get()
    assert (event.actor, event.detail) == (officer, {"page": participant.get_absolute_url()})


def test_reveal_shows_number_once_and_logs_it(client, world):
    participant = world.objects["participant"]
    client.force_login(world.user("coordinator"))
    assert participant.personnummer_formatted not in client.get(participant.get_absolute_url()).content.decode()
    response = client.post(reverse("participants:reveal", args=[participant.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="identity"')
    assert participant.personnummer_formatted in body
    assert AuditEvent.objects.filter(action="participant.reveal_personnummer", object_id=str(participant.pk)).count() == 1


def test_employer_pages_never_contain_a_personnummer(client, world):
    participant = world.objects["participant"]
    client.force_login(world.user("employer"))
    pages = [client.get(url).content.decode() for url in (reverse("dashboard"), world.track.get_absolute_url())]
    for page in pages:
        assert participant.personnummer not in page
        assert participant.personnummer_formatted not in page
        assert participant.personnummer_masked not in page
    assert client.get(participant.get_absolute_url()).status_code == 404


def test_participant_list_query_count_is_constant(client, world):
    """Each row shows the person's current track and status: still no query per row."""
    def nominated():
        person = ParticipantFactory(home_municipality_id="1480")
        Candidacy.objects.create(track=world.track, participant=person, nominated_by=world.user("coordinator"),
                                 nominating_organisation=world.home.municipality, motivation="x")

    client.force_login(world.user("municipality_officer"))
    assert_queries_constant(client, reverse("participants:list"), nominated, bound=11)


def test_participant_list_shows_the_current_track_and_sorts_by_column(client, world):
    client.force_login(world.user("municipality_officer"))
    url = reverse("participants:list")
    page = client.get(url).content.decode()
    assert world.track.title in page and 'aria-sort="ascending"' in page
    born = [p.personnummer for p in client.get(url, {"sort": "born"}).context["participants"]]
    assert born == sorted(born)
    assert client.get(url, {"sort": "nonsense"}).context["sort"] == "name"


def test_participant_list_shows_only_own_municipality(client, world):
    ParticipantFactory(home_municipality_id="1488", last_name="Trollhättebo")
    client.force_login(world.user("municipality_officer"))
    names = [p.last_name for p in client.get(reverse("participants:list")).context["participants"]]
    assert "Trollhättebo" not in names and world.objects["participant"].last_name in names


# --- nomination and matching ---------------------------------------------------------------


@pytest.fixture
def recruiting(world):
    Track.objects.filter(pk=world.track.pk).update(phase=Phase.RECRUITMENT)
    world.track.refresh_from_db()
    return world.track


def test_officer_nominates_to_a_recruiting_track(client, world, recruiting):
    person = ParticipantFactory(home_municipality_id="1480")
    officer = world.user("municipality_officer")
    client.force_login(officer)
    response = client.post(reverse("tracks:nominate"), {"track": recruiting.pk, "participant": person.pk,
                                                        "motivation": "Har arbetat som vaktmästare."})
    assert response["Location"] == person.get_absolute_url()
    candidacy = Candidacy.objects.get(participant=person)
    assert (candidacy.track, candidacy.nominated_by, candidacy.nominating_organisation, candidacy.status) == (
        recruiting, officer, world.home.municipality, "nominated")


def test_nominating_twice_says_so(client, world, recruiting):
    person = world.objects["participant"]
    client.force_login(world.user("af_officer"))
    response = client.post(reverse("tracks:nominate"), {"track": recruiting.pk, "participant": person.pk, "motivation": "Igen"})
    assert "redan nominerad till det här jobbspåret" in response.content.decode()
    assert Candidacy.objects.filter(participant=person).count() == 1


def test_cannot_nominate_to_a_track_in_planning(client, world):
    person = ParticipantFactory(home_municipality_id="1480")
    client.force_login(world.user("municipality_officer"))
    response = client.post(reverse("tracks:nominate"), {"track": world.track.pk, "participant": person.pk, "motivation": "x"})
    assert response.status_code == 200
    assert not Candidacy.objects.filter(participant=person).exists()


def test_outsider_officer_cannot_nominate_someone_else_s_participant(client, world, recruiting):
    person = ParticipantFactory(home_municipality_id="1480")
    client.force_login(world.user("municipality_officer_outsider"))
    client.post(reverse("tracks:nominate"), {"track": recruiting.pk, "participant": person.pk, "motivation": "x"})
    assert not Candidacy.objects.filter(participant=person).exists()


def test_candidates_ranked_with_reasons(client, world, recruiting):
    strong = ParticipantFactory(home_municipality_id="1480", last_name="Stark")
    strong.competences.create(name="Fastighetsskötsel", level="very_good", source="validated")
    strong.languages.create(language_id="NVxJ_hLg_TYS", level="B2")  # Engelska, a merit of the profile
    Candidacy.objects.create(track=recruiting, participant=strong, nominated_by=world.user("af_officer"),
                             nominating_organisation=world.home.af_office, motivation="Utbildad")
    client.force_login(world.user("coordinator"))
    ranked = client.get(reverse("tracks:candidates", args=[recruiting.pk])).context["ranked"]
    assert [c.participant.last_name for c, _ in ranked][0] == "Stark"
    assert [(check.label, check.status) for check in ranked[0][1].checks] == [
        ("Fastighetsskötsel", "met"), ("Engelska, A2", "met")]
    assert ranked[0][1].checks[0].reason == "Mycket god, validerad."


def test_candidates_query_count_is_constant(client, world, recruiting):
    client.force_login(world.user("coordinator"))

    def nominate():
        person = ParticipantFactory(home_municipality_id="1480", personnummer=valid_personnummer(1985))
        person.competences.create(name="Fastighetsskötsel", level="good")
        Candidacy.objects.create(track=recruiting, participant=person, nominated_by=world.user("af_officer"),
                                 nominating_organisation=world.home.af_office, motivation="x")

    assert_queries_constant(client, reverse("tracks:candidates", args=[recruiting.pk]), nominate, bound=23)


# --- shortlists and enrolment --------------------------------------------------------------


def nominate(world, track, **person):
    return Candidacy.objects.create(track=track, participant=ParticipantFactory(**person), nominated_by=world.user("af_officer"),
                                    nominating_organisation=world.home.af_office, motivation="HEMLIG MOTIVERING")


def test_shortlist_deadline_in_the_past_is_refused_and_nothing_is_lost(client, world, recruiting):
    candidacy = nominate(world, recruiting)
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("tracks:shortlist_create", args=[recruiting.pk]), {
        "shortlist-candidacies": [candidacy.pk], "shortlist-employer": world.home.employer.pk, "shortlist-deadline": "2020-01-01"})
    page = response.content.decode()
    assert "Sista dag för beslut kan inte ha passerat." in page
    assert 'value="2020-01-01"' in page
    candidacy.refresh_from_db()
    assert candidacy.status == "nominated"


def test_shortlist_sent_emails_the_employer_representatives(client, world, recruiting, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    candidacy = nominate(world, recruiting)
    client.force_login(world.user("coordinator"))
    client.post(reverse("tracks:shortlist_create", args=[recruiting.pk]), {
        "shortlist-candidacies": [candidacy.pk], "shortlist-employer": world.home.employer.pk, "shortlist-deadline": "2099-01-01"})
    shortlist = recruiting.shortlists.exclude(pk=world.objects["shortlist"].pk).get()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tracks:shortlist_send", args=[recruiting.pk, shortlist.pk]))
    assert [m.to for m in mailoutbox] == [[world.user("employer").email]]
    assert mailoutbox[0].subject == f"Kandidater till {recruiting.title} väntar på ert beslut"
    assert f"/tracks/shortlists/{shortlist.pk}/" in mailoutbox[0].body


def test_employer_shortlist_pages_hold_no_personnummer_contact_or_notes(client, world):
    shortlist, entry = world.objects["shortlist"], world.objects["entry"]
    person = entry.candidacy.participant
    person.email, person.phone = "hemlig@example.org", "070-1234567"
    person.save()
    client.force_login(world.user("employer"))
    pages = [
        client.get(reverse("tracks:shortlist", args=[shortlist.pk])).content.decode(),
        client.get(reverse("dashboard")).content.decode(),
        client.post(reverse("tracks:shortlist_decide", args=[shortlist.pk, entry.pk]), {"decision": "interview"},
                    HTTP_HX_REQUEST="true").content.decode(),
    ]
    for page in pages:
        for secret in (person.personnummer, person.personnummer_formatted, person.personnummer_masked[:8],
                       person.email, person.phone, entry.candidacy.motivation):
            assert secret not in page
    assert person.first_name in pages[0]


def test_employer_declines_with_a_coded_reason_and_the_coordinator_sees_it(client, world):
    shortlist, entry = world.objects["shortlist"], world.objects["entry"]
    client.force_login(world.user("employer"))
    refused = client.post(reverse("tracks:shortlist_decide", args=[shortlist.pk, entry.pk]), {"decision": "declined"})
    assert "Välj varför kandidaten nekas." in refused.content.decode()
    client.post(reverse("tracks:shortlist_decide", args=[shortlist.pk, entry.pk]),
                {"decision": "declined", "reason": "other", "text": ""})
    entry.refresh_from_db()
    assert entry.decision == "pending"
    client.post(reverse("tracks:shortlist_decide", args=[shortlist.pk, entry.pk]),
                {"decision": "declined", "reason": "swedish"})
    entry.refresh_from_db()
    assert (entry.decision, entry.decline_reason, entry.decided_by) == ("declined", "swedish", world.user("employer"))
    client.force_login(world.user("coordinator"))
    page = client.get(reverse("tracks:candidates", args=[world.track.pk])).content.decode()
    assert f"{world.user('employer').full_name}, " in page
    assert "Svensknivå" in page


def test_another_employer_cannot_reach_the_shortlist_by_guessing(client, world):
    shortlist, entry = world.objects["shortlist"], world.objects["entry"]
    client.force_login(world.user("employer_outsider"))
    assert client.get(reverse("tracks:shortlist", args=[shortlist.pk])).status_code == 404
    assert client.post(reverse("tracks:shortlist_decide", args=[shortlist.pk, entry.pk]), {"decision": "approved"}).status_code == 404
    entry.refresh_from_db()
    assert entry.decision == "pending"


def test_enrolment_requires_registration_at_af(client, world):
    candidacy = world.objects["candidacy"]
    Participant.objects.filter(pk=candidacy.participant_id).update(registered_at_af=False)
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("tracks:enrol", args=[world.track.pk, candidacy.pk]), {"start": "2026-09-07"})
    assert "inte inskriven på Arbetsförmedlingen" in response.content.decode()
    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.enrolled_on) == ("approved", None)
    Participant.objects.filter(pk=candidacy.participant_id).update(registered_at_af=True)
    client.post(reverse("tracks:enrol", args=[world.track.pk, candidacy.pk]), {"start": "2026-09-07"})
    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.enrolled_on) == ("enrolled", datetime.date(2026, 9, 7))


def test_overdue_shortlist_shows_on_the_employer_dashboard(client, world):
    from tracks.models import Shortlist

    Shortlist.objects.filter(pk=world.objects["shortlist"].pk).update(deadline=datetime.date(2020, 1, 1))
    client.force_login(world.user("employer"))
    assert "(försenad)" in client.get(reverse("dashboard")).content.decode()


# --- follow-up and outcomes ----------------------------------------------------------------


def test_enrolment_schedules_follow_ups_every_fourteen_days(world):
    enrolled = world.objects["enrolled"]
    dates = list(enrolled.follow_ups.values_list("due_date", flat=True))
    assert dates[:3] == [datetime.date(2026, 9, 21), datetime.date(2026, 10, 5), datetime.date(2026, 10, 19)]
    assert dates[-1] <= world.track.planned_end
    from tracks.services import followups_schedule

    followups_schedule(candidacy=enrolled)
    assert enrolled.follow_ups.count() == len(dates)


def test_follow_up_recorded_and_notes_never_reach_the_employer(client, world):
    follow_up = world.objects["follow_up"]
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("tracks:follow_up", args=[world.track.pk, follow_up.pk]), {
        "kind": "three_way", "held_on": "2026-09-22", "attended": "true", "progress": "some_concern",
        "notes": "KONFIDENTIELL ANTECKNING om hemsituationen", "next_step": "Nytt möte om två veckor."})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.held_on, follow_up.attended, follow_up.progress) == (datetime.date(2026, 9, 22), True, "some_concern")
    client.force_login(world.user("employer"))
    page = client.get(reverse("tracks:people", args=[world.track.pk])).content.decode()
    assert "KONFIDENTIELL" not in page
    assert world.objects["enrolled"].participant.first_name in page  # "our participants"
    assert world.objects["enrolled"].participant.personnummer_masked not in page


def test_follow_up_without_date_or_progress_says_what_is_missing(client, world):
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("tracks:follow_up", args=[world.track.pk, world.objects["follow_up"].pk]), {"kind": "participant"})
    assert response.status_code == 200
    assert "Det finns ett problem" in response.content.decode()


def test_outcome_needs_what_is_relevant_and_schedules_checks(client, world):
    enrolled = world.objects["enrolled"]
    url = reverse("tracks:outcome", args=[world.track.pk, enrolled.pk])
    client.force_login(world.user("coordinator"))
    refused = client.post(url, {"kind": "subsidised", "date": "2026-11-02"}).content.decode()
    assert "Välj typ av lönestöd." in refused
    client.post(url, {"kind": "subsidised", "date": "2026-11-02", "subsidy": "new_start",
                      "employer": world.home.employer.pk, "employment_form": "fixed_term"})
    enrolled.refresh_from_db()
    assert (enrolled.status, enrolled.outcome.kind, enrolled.outcome.subsidy) == ("completed", "subsidised", "new_start")
    assert list(enrolled.outcome_checks.values_list("days_after", "due_date")) == [
        (90, datetime.date(2027, 1, 31)), (180, datetime.date(2027, 5, 1))]
    assert not enrolled.follow_ups.filter(due_date__gt=datetime.date(2026, 11, 2), held_on__isnull=True).exists()


def test_closing_gate_needs_an_outcome_for_every_enrolled_participant(world):
    from django.utils import translation

    from tracks import gates

    with translation.override("en"):
        assert gates.missing_for_closed(world.track)[0] == "1 enrolled participant has no outcome."


def test_outcome_check_recorded(client, world):
    check = world.objects["check"]
    client.force_login(world.user("coordinator"))
    client.post(reverse("tracks:outcome_check", args=[world.track.pk, check.pk]), {"status": "employment"})
    check.refresh_from_db()
    assert (check.status, check.recorded_by) == ("employment", world.user("coordinator"))


def test_employer_feedback_reaches_the_coordinator(client, world):
    enrolled = world.objects["enrolled"]
    client.force_login(world.user("employer"))
    client.post(reverse("tracks:feedback", args=[world.track.pk, enrolled.pk]), {"feedback-text": "Punktlig och noggrann."})
    client.force_login(world.user("coordinator"))
    assert "Punktlig och noggrann." in client.get(reverse("tracks:people", args=[world.track.pk])).content.decode()


def test_workspace_query_count_is_constant_in_participants(client, world):
    from tracks.services import candidacy_enrol

    coordinator = world.user("coordinator")
    client.force_login(coordinator)

    def enrol():
        candidacy = Candidacy.objects.create(track=world.track, participant=ParticipantFactory(), nominated_by=coordinator,
                                             nominating_organisation=world.home.municipality, motivation="x", status="approved")
        candidacy_enrol(candidacy=candidacy, actor=coordinator, start=datetime.date(2026, 9, 7))

    assert_queries_constant(client, reverse("tracks:people", args=[world.track.pk]), enrol, bound=15)


def test_participant_timeline_tells_the_story(client, world):
    finished = world.objects["finished"]
    client.force_login(world.user("coordinator"))
    events = [what for _day, what in client.get(reverse("tracks:person", args=[finished.participant.pk])).context["timeline"]]
    assert "Utfall: Studier" in events
    assert f"Antagen i {world.track.title}" in events
    assert any(e.startswith(f"Nominerad till {world.track.title}") for e in events)


def test_participant_detail_query_count_is_constant_in_history(client, world):
    person = world.objects["enrolled"].participant
    client.force_login(world.user("coordinator"))
    from tracks.models import FollowUp

    def hold():
        f = FollowUp.objects.filter(candidacy__participant=person, held_on__isnull=True).first()
        FollowUp.objects.filter(pk=f.pk).update(held_on=f.due_date, progress="on_track")

    assert_queries_constant(client, person.get_absolute_url(), hold, bound=15)


def test_enrolment_copies_the_chain_and_gaps_are_found_per_participant(client, world):
    enrolled = world.objects["enrolled"]
    step = enrolled.chain.get()
    assert (step.title, step.start_date, step.end_date) == ("SFI C", datetime.date(2026, 9, 7), datetime.date(2026, 12, 18))
    client.force_login(world.user("coordinator"))
    chain_url = reverse("tracks:personal_chain", args=[world.track.pk, enrolled.pk])
    # The track's chain ends 2026-12-18 but the track runs to 2027-03-26: a gap for this person too.
    assert "Glapp: ingen insats från 19 december 2026 till 26 mars 2027" in client.get(chain_url).content.decode()
    client.post(reverse("tracks:personal_step_add", args=[world.track.pk, enrolled.pk]), {
        "kind": "internship", "title": "Praktik hos bostadsbolaget", "start_date": "2026-12-21", "end_date": "2027-03-26"})
    assert "Glapp" not in client.get(chain_url).content.decode()
    client.post(reverse("tracks:personal_step", args=[world.track.pk, enrolled.pk, step.pk]), {
        "kind": "sfi", "title": "SFI C", "start_date": "2026-09-07", "end_date": "2026-12-18", "skipped": "on"})
    assert "Glapp: ingen insats från 7 september 2026 till 20 december 2026" in client.get(chain_url).content.decode()
    assert world.track.interventions.get().start_date == datetime.date(2026, 9, 7)  # the track's own chain is untouched


def test_candidates_invited_to_speed_dating_and_attendance_recorded(client, world, recruiting):
    activity = world.objects["activity"]
    came, stayed_away = nominate(world, recruiting), nominate(world, recruiting)
    client.force_login(world.user("coordinator"))
    client.post(reverse("tracks:activity_invite", args=[recruiting.pk, activity.pk]), {"candidacies": [came.pk, stayed_away.pk]})
    assert sorted(activity.invitations.values_list("candidacy_id", flat=True)) == sorted([came.pk, stayed_away.pk])
    client.post(reverse("tracks:activity_attendance", args=[recruiting.pk, activity.pk]), {"attended": [came.pk]})
    assert dict(activity.invitations.values_list("candidacy_id", "attended")) == {came.pk: True, stayed_away.pk: False}
    page = client.get(reverse("tracks:candidates", args=[recruiting.pk])).content.decode()
    assert "(kom inte)" in page


# --- Finding people -------------------------------------------------------------------------


def test_search_by_personnummer_in_any_form_finds_the_person_and_is_logged(client, world):
    officer = world.user("municipality_officer")
    person = Participant.objects.create(first_name="Amina", last_name="Abdi", personnummer="198504121230",
                                        gender="woman", home_municipality_id=world.home.municipality.municipality_id,
                                        created_by=officer)
    namesake = Participant.objects.create(first_name="Amina", last_name="Abdi", personnummer=valid_personnummer(1990),
                                          gender="woman", home_municipality_id=world.home.municipality.municipality_id,
                                          created_by=officer)
    client.force_login(officer)
    url = reverse("participants:list")
    for written in ("19850412-1230", "850412-1230", "8504121230", "198504121230"):
        found = list(client.get(url, {"search": written}).context["participants"])
        assert found == [person], written
    assert AuditEvent.objects.filter(action="participant.search_by_number", object_id=str(person.pk)).count() == 4
    # Both words of a name; a number that is not one says so, in Swedish, and finds nobody.
    assert {p.pk for p in client.get(url, {"search": "amina abdi"}).context["participants"]} == {person.pk, namesake.pk}
    page = client.get(url, {"search": "850412-1238"})
    assert page.status_code == 200 and list(page.context["participants"]) == []
    assert "Ange ett giltigt personnummer" in page.content.decode()
    # Someone the user may not see is not found by number either, and the search is still logged.
    client.force_login(world.user("municipality_officer_outsider"))
    assert list(client.get(url, {"search": "19850412-1230"}).context["participants"]) == []
    assert AuditEvent.objects.filter(action="participant.search_by_number", object_id="").exists()
    # The export with the same search never fails on a bad number.
    client.force_login(officer)
    assert client.get(reverse("reports:export_participants", args=["csv"]), {"search": "850412-1238"}).status_code == 200


def test_the_nomination_picker_tells_namesakes_apart_without_a_query_each(client, world):
    officer = world.user("municipality_officer")
    municipality = world.home.municipality.municipality_id

    def namesake(year=1990):
        return Participant.objects.create(first_name="Amina", last_name="Abdi", personnummer=valid_personnummer(year),
                                          gender="woman", home_municipality_id=municipality, created_by=officer)

    namesake(1985)
    namesake(1999)
    client.force_login(officer)
    page = client.get(reverse("tracks:nominate")).content.decode()
    name = world.home.municipality.municipality.name
    assert f"Abdi, Amina (född 1985, {name})" in page and f"Abdi, Amina (född 1999, {name})" in page
    assert_queries_constant(client, reverse("tracks:nominate"), namesake, bound=20)


def test_the_nomination_picker_narrows_to_a_search_and_logs_a_search_by_number(client, world):
    officer = world.user("municipality_officer")
    municipality = world.home.municipality.municipality_id
    amina = Participant.objects.create(first_name="Amina", last_name="Abdi", personnummer="198504121230",
                                       gender="woman", home_municipality_id=municipality, created_by=officer)
    Participant.objects.create(first_name="Bo", last_name="Berg", personnummer=valid_personnummer(1980),
                               gender="man", home_municipality_id=municipality, created_by=officer)
    client.force_login(officer)
    url = reverse("tracks:nominate")
    by_name = client.get(url, {"q": "amina abdi"}).context["form"].fields["participant"].queryset
    assert list(by_name) == [amina]
    by_number = client.get(url, {"q": "850412-1230"}).context["form"].fields["participant"].queryset
    assert list(by_number) == [amina]
    assert AuditEvent.objects.filter(action="participant.search_by_number", object_id=str(amina.pk)).exists()
    assert "Ingen som du får nominera" in client.get(url, {"q": "Zzyzx"}).content.decode()


def test_the_lists_union_of_ways_in_is_exactly_who_each_user_may_see(world):
    """participants_visible_to_many (the lists: a union of ids) and participants_visible_to (one
    person: an OR) are the same people for every persona, with someone in each way in: registered
    by the user, living in the municipality, at the AF office, on a coordinated track, nominated by
    the officer's organisation, and someone nobody of the home world may see."""
    from participants.selectors import participants_listed_count, participants_visible_to, participants_visible_to_many

    home, away = world.home, world.away
    ParticipantFactory(created_by=world.user("af_officer"), home_municipality_id=away.municipality.municipality_id)
    ParticipantFactory(home_municipality_id=home.municipality.municipality_id)
    ParticipantFactory(af_office=home.af_office, home_municipality_id=away.municipality.municipality_id)
    ParticipantFactory(home_municipality_id=away.municipality.municipality_id)
    compared = 0
    for persona, user in world.users.items():
        if user is None:
            continue
        one = set(participants_visible_to(user).values_list("pk", flat=True))
        many = set(participants_visible_to_many(user).values_list("pk", flat=True))
        assert many == one, persona
        assert participants_listed_count(user) == len(one), persona
        compared += bool(one)
    assert compared >= 4  # the coordinator and both officers of each side see someone
