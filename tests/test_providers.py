"""Education providers: the catalogue and its search, filling a chain's gap from it, and what a
provider reports — attendance, progress, completion — with deviations told to the coordinators."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.audit import Change, Read
from accounts.models import AuditEvent, Notification
from providers import services as catalogue
from providers.models import Intake, intake_end
from providers.selectors import catalogue_search, intakes_for_gaps
from tracks import services
from tracks.models import Attendance, Candidacy, Completion, Intervention, TrackEvent
from tracks.reminders import attendance_not_reported, intakes_unfilled
from tracks.selectors import learners_of
from tracks.services.provision import monday

from .factories import ParticipantFactory, make_track
from .queries import assert_queries_constant

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
WEEK = datetime.timedelta(weeks=1)


@pytest.fixture
def world(world_once):
    return world_once


def module(world, *, provider=None, title="Yrkessvenska vård", kind="vocational_swedish", municipality="1480",
           distance=False, weeks=4, places=10):
    provider = provider or world.home.provider
    return catalogue.module_save(provider=provider, actor=world.user("provider"), kind=kind, title=title, weeks=weeks,
                                 hours_per_week=20, places=places, municipality_id=municipality, distance=distance)


def intake(world, mod, start, free=5):
    return catalogue.intake_save(module=mod, actor=world.user("provider"), start_date=start, free_places=free)


def told_of(note, actor) -> str:
    """A notification's message past who acted and on which track: random names may share a surname."""
    from tracks.models import Track

    message = note.message.replace(actor.full_name, "")
    for title in Track.objects.values_list("title", flat=True):
        message = message.replace(title, "")
    return message


# --- The catalogue ---------------------------------------------------------------------------


def test_an_intake_runs_the_module_length_to_a_friday_unless_given_an_end(world):
    mod = module(world, weeks=4)
    start = datetime.date(2027, 1, 11)  # a Monday
    assert intake_end(start, 4) == datetime.date(2027, 2, 5)
    assert intake(world, mod, start).end_date == datetime.date(2027, 2, 5)


def test_the_catalogue_refuses_what_cannot_be(world):
    with pytest.raises(ValidationError) as nowhere:
        catalogue.module_save(provider=world.home.provider, actor=world.user("provider"), kind="sfi", title="SFI",
                              weeks=10, hours_per_week=15, places=20, distance=False)
    assert "municipality" in nowhere.value.message_dict
    mod = module(world, places=10)
    with pytest.raises(ValidationError) as too_many:
        intake(world, mod, datetime.date(2027, 1, 11), free=11)
    assert "free_places" in too_many.value.message_dict
    with pytest.raises(ValidationError) as backwards:
        catalogue.intake_save(module=mod, actor=world.user("provider"), start_date=datetime.date(2027, 1, 11),
                              end_date=datetime.date(2027, 1, 4), free_places=2)
    assert "end_date" in backwards.value.message_dict
    assert AuditEvent.objects.filter(action=Change.MODULE_SAVE).exists()


def test_the_search_filters_by_kind_place_distance_window_and_free_places(world):
    here = module(world, title="Lokalvård Göteborg", kind="yrkesvux")
    away = module(world, title="SFI Trollhättan", kind="sfi", municipality="1488")
    online = module(world, title="SFI på distans", kind="sfi", municipality="1488", distance=True)
    a = intake(world, here, datetime.date(2027, 2, 1))
    b = intake(world, away, datetime.date(2027, 3, 1))
    c = intake(world, online, datetime.date(2027, 4, 5))
    full = intake(world, here, datetime.date(2027, 5, 3), free=0)

    def found(**filters):
        return set(catalogue_search(**filters).filter(pk__in=[a.pk, b.pk, c.pk, full.pk]))

    assert found() == {a, b, c}
    assert found(free_only=False) == {a, b, c, full}
    assert found(kind="sfi") == {b, c}
    assert found(municipality="1480") == {a, c}, "at a distance counts anywhere"
    assert found(municipality="1480", distance=False) == {a}
    assert found(start_from=datetime.date(2027, 2, 15), start_to=datetime.date(2027, 3, 31)) == {b}
    assert found(search="distans") == {c}


# --- Filling a gap -----------------------------------------------------------------------------


@pytest.fixture
def gapped(world):
    """A track with four weeks between its SFI and its internship."""
    coordinator = world.user("coordinator")
    start = monday(TODAY) + 10 * WEEK
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer],
                       planned_start=start, planned_end=start + 20 * WEEK - datetime.timedelta(days=3))
    services.intervention_save(track=track, actor=coordinator, kind="sfi", title="SFI", responsible="municipality",
                               start_date=start, end_date=start + 6 * WEEK - datetime.timedelta(days=3))
    services.intervention_save(track=track, actor=coordinator, kind="internship", title="Praktik", responsible="employer",
                               start_date=start + 10 * WEEK, end_date=start + 20 * WEEK - datetime.timedelta(days=3))
    return track


def test_the_chain_offers_intakes_that_fill_its_gap_and_one_click_closes_it(client, world, gapped):
    [gap] = services.track_gaps(gapped)
    mod = module(world)
    fills = intake(world, mod, monday(gap.start))  # four weeks, the gap's length
    too_late = intake(world, module(world, title="Startar för sent"), gap.end - datetime.timedelta(days=4))
    elsewhere = intake(world, module(world, title="I Trollhättan", municipality="1488"), monday(gap.start))
    offers = intakes_for_gaps([gap], municipality_code="1480", occupation_code=gapped.occupation_id)[gap]
    assert fills in offers and too_late not in offers and elsewhere not in offers

    client.force_login(world.user("coordinator"))
    page = client.get(reverse("tracks:chain", args=[gapped.pk])).content.decode()
    assert f'name="intake" value="{fills.pk}"' in page
    response = client.post(reverse("tracks:intervention_from_intake", args=[gapped.pk]), {"intake": fills.pk})
    assert response.status_code == 302
    step = gapped.interventions.get(intake=fills)
    assert (step.provider_organisation, step.responsible, step.start_date, step.end_date, step.hours_per_week) == (
        world.home.provider, Intervention.Responsible.PROVIDER, fills.start_date, fills.end_date, 20)
    assert services.track_gaps(gapped) == []
    again = client.post(reverse("tracks:intervention_from_intake", args=[gapped.pk]), {"intake": fills.pk}, follow=True)
    assert "redan i kedjan" in again.content.decode() and gapped.interventions.filter(intake=fills).count() == 1


def test_the_catalogue_page_searches_and_refuses_a_backwards_window_in_swedish(client, world, gapped):
    mod = module(world, title="Truckkort A och B", kind="labour_market_training")
    intake(world, mod, gapped.planned_start + WEEK)
    client.force_login(world.user("coordinator"))
    url = reverse("tracks:catalogue", args=[gapped.pk])
    assert "Truckkort A och B" in client.get(url).content.decode()
    assert "Truckkort A och B" not in client.get(url, {"kind": "sfi"}).content.decode()
    bad = client.get(url, {"start_from": "2027-05-01", "start_to": "2027-01-01"})
    assert bad.status_code == 200 and "Fönstret måste sluta" in bad.content.decode()
    assert "Fyll i ett giltigt datum" in client.get(url, {"start_from": "inte ett datum", "page": "x"}).content.decode()


# --- The provider's learners -------------------------------------------------------------------


@pytest.fixture
def provided(world):
    return world.objects["provided"]


def test_the_provider_sees_its_learners_and_the_read_is_logged(client, world, provided):
    client.force_login(world.user("provider"))
    page = client.get(reverse("tracks:learners")).content.decode()
    enrolled = world.objects["learner"]
    assert enrolled.participant.last_name in page
    assert AuditEvent.objects.filter(action=Read.VIEW_LEARNERS, actor=world.user("provider"),
                                     object_id=str(enrolled.participant_id)).exists()
    skipper = world.objects["other_learner"]
    assert skipper.participant_id in {c.participant_id for c in learners_of([provided])[provided.pk]}
    from tracks.models import PersonalIntervention
    PersonalIntervention.objects.filter(candidacy=skipper, source=provided).update(skipped=True)
    assert skipper.participant_id not in {c.participant_id for c in learners_of([provided])[provided.pk]}


def _enrol(world, track, n=1):
    made = []
    for _ in range(n):
        made.append(Candidacy.objects.create(track=track, participant=ParticipantFactory(), status="enrolled",
                                             nominated_by=world.user("coordinator"),
                                             nominating_organisation=world.home.municipality, motivation="x"))
    return made


def test_attendance_is_saved_for_the_week_in_one_go_and_an_absence_needs_a_reason(client, world, provided):
    client.force_login(world.user("provider"))
    url = reverse("tracks:learners_attendance", args=[provided.pk])
    placed = learners_of([provided])[provided.pk]
    week = monday(TODAY) - WEEK
    data = {"week": week.isoformat(), **{f"status-{c.pk}": "present" for c in placed}}
    data[f"status-{placed[0].pk}"] = "absent"
    refused = client.post(url, data)
    assert refused.status_code == 200 and "var frånvarande" in refused.content.decode()
    assert not Attendance.objects.exists(), "nothing is saved from a refused week"
    data[f"reason-{placed[0].pk}"] = "illness"
    data[f"progress-{placed[-1].pk}"] = "Klarar skyddsronden på egen hand."
    assert client.post(url, data).status_code == 302
    rows = {a.candidacy_id: a for a in Attendance.objects.filter(week=week)}
    assert len(rows) == len(placed) and rows[placed[0].pk].reason == "illness"
    assert rows[placed[-1].pk].progress == "Klarar skyddsronden på egen hand."
    data[f"status-{placed[0].pk}"] = "excused"
    client.post(url, data)
    assert Attendance.objects.get(week=week, candidacy=placed[0]).reason == "", "a reason belongs to an absence"
    assert Attendance.objects.filter(week=week).count() == len(placed)


def test_attendance_is_never_recorded_for_days_to_come(client, world, provided):
    placed = learners_of([provided])[provided.pk]
    unfinished = monday(TODAY) if TODAY.weekday() < 4 else monday(TODAY) + WEEK  # its Friday is still to come
    for week in (unfinished, monday(TODAY) + 2 * WEEK):
        with pytest.raises(ValidationError):
            services.attendance_record(intervention=provided, week=week, entries={placed[0]: ("present", "", "")},
                                       actor=world.user("provider"))
    # A form posted for another week than the page can show saves nothing.
    client.force_login(world.user("provider"))
    url = reverse("tracks:learners_attendance", args=[provided.pk])
    page = client.post(url, {"week": unfinished.isoformat(), f"status-{placed[0].pk}": "present"})
    assert "Välj en vecka" in page.content.decode() and not Attendance.objects.exists()


def test_a_step_with_reports_stays_in_the_chain(client, world, provided):
    learner = learners_of([provided])[provided.pk][0]
    services.attendance_record(intervention=provided, week=monday(TODAY) - WEEK, actor=world.user("provider"),
                               entries={learner: ("present", "", "")})
    client.force_login(world.user("coordinator"))
    page = client.post(reverse("tracks:intervention_delete", args=[provided.track_id, provided.pk]))
    assert "stannar i kedjan" in page.content.decode() and Intervention.objects.filter(pk=provided.pk).exists()


def test_absences_reported_out_of_order_are_a_deviation_too(world, provided):
    learner = learners_of([provided])[provided.pk][0]
    later, earlier = monday(TODAY) - WEEK, monday(TODAY) - 2 * WEEK
    services.attendance_record(intervention=provided, week=later, actor=world.user("provider"),
                               entries={learner: ("absent", "illness", "")})
    assert services.attendance_record(intervention=provided, week=earlier, actor=world.user("provider"),
                                      entries={learner: ("absent", "child", "")}) == [learner]


def test_an_odd_intake_id_or_a_full_intake_is_refused_in_swedish(client, world, provided):
    client.force_login(world.user("coordinator"))
    url = reverse("tracks:intervention_from_intake", args=[provided.track_id])
    for value in ("²", "9" * 40, "-1", ""):
        response = client.post(url, {"intake": value})
        assert response.status_code == 200 and "inte längre i katalogen" in response.content.decode()
    full = intake(world, world.objects["module"], TODAY + 3 * WEEK, free=0)
    assert "inte längre i katalogen" in client.post(url, {"intake": full.pk}, HTTP_HX_REQUEST="true").content.decode()


def test_a_bad_week_in_the_address_is_no_error(client, world, provided):
    client.force_login(world.user("provider"))
    url = reverse("tracks:learners_attendance", args=[provided.pk])
    for week in ("x", "2026-13-45", "9" * 40, "2099-01-05", "1900-01-01"):
        assert client.get(url, {"week": week}).status_code == 200


def test_two_absences_in_three_weeks_reach_the_coordinators_at_once(world, provided):
    coordinator = world.user("coordinator")
    learner = learners_of([provided])[provided.pk][0]
    this_week = monday(TODAY)
    services.attendance_record(intervention=provided, week=this_week - 2 * WEEK, actor=world.user("provider"),
                               entries={learner: ("absent", "unknown", "")})
    assert not TrackEvent.objects.filter(action=Change.DEVIATION).exists()
    deviating = services.attendance_record(intervention=provided, week=this_week - WEEK, actor=world.user("provider"),
                                           entries={learner: ("absent", "illness", "")})
    assert deviating == [learner]
    assert TrackEvent.objects.filter(track=provided.track, action=Change.DEVIATION).count() == 1
    told = Notification.objects.filter(recipient=coordinator, rule="event", message__contains="avvikelse")
    assert told.count() == 1 and learner.participant.last_name not in told_of(told.get(), world.user("provider"))
    # Saving the same week again tells nobody twice.
    services.attendance_record(intervention=provided, week=this_week - WEEK, actor=world.user("provider"),
                               entries={learner: ("absent", "illness", "Sjukskriven")})
    assert TrackEvent.objects.filter(action=Change.DEVIATION).count() == 1


def test_completion_adds_the_modules_competences_and_an_interruption_is_a_deviation(client, world, provided):
    client.force_login(world.user("provider"))
    placed = learners_of([provided])[provided.pk]
    done, quit_ = placed[0], placed[1]
    url = reverse("tracks:learners_completion", args=[provided.pk, quit_.pk])
    refused = client.post(url, {"result": "interrupted", "date": TODAY.isoformat()})
    assert refused.status_code == 200 and "avbröts" in refused.content.decode()
    future = client.post(url, {"result": "interrupted", "date": (TODAY + WEEK).isoformat(), "reason": "Flyttade"})
    assert "det är efter i dag" in future.content.decode() and not Completion.objects.exists()
    assert client.post(url, {"result": "interrupted", "date": TODAY.isoformat(), "reason": "Flyttade"}).status_code == 302
    assert Notification.objects.filter(recipient=world.user("coordinator"), message__contains="avvikelse").exists()

    done.participant.competences.filter(concept_id="J5Xc_doF_TUR").delete()
    services.completion_record(intervention=provided, candidacy=done, actor=world.user("provider"), result="completed",
                               date=TODAY, grade="Godkänd")
    competence = done.participant.competences.get(concept_id="J5Xc_doF_TUR")
    assert competence.source == "validated" and "Yrkessvenska fastighet" in competence.validated_by
    assert Completion.objects.filter(intervention=provided).count() == 2


# --- Speed: one request for the week, bounded queries --------------------------------------------


def test_the_attendance_page_of_thirty_learners_saves_in_one_request_with_bounded_queries(client, world, provided):
    _enrol(world, provided.track, 30)
    placed = learners_of([provided])[provided.pk]
    assert len(placed) >= 30
    client.force_login(world.user("provider"))
    url = reverse("tracks:learners_attendance", args=[provided.pk])
    data = {"week": (monday(TODAY) - WEEK).isoformat(), **{f"status-{c.pk}": "present" for c in placed}}
    with CaptureQueriesContext(connection) as captured:
        assert client.post(url, data).status_code == 302
    assert Attendance.objects.count() == len(placed)
    assert len(captured) <= 25, len(captured)


def test_the_provider_pages_query_nothing_per_learner(client, world, provided):
    client.force_login(world.user("provider"))
    track = provided.track
    assert_queries_constant(client, reverse("tracks:learners"), lambda: _enrol(world, track), bound=12)
    assert_queries_constant(client, reverse("tracks:learners_attendance", args=[provided.pk]),
                            lambda: _enrol(world, track), bound=14)


def test_the_catalogue_and_the_chain_query_nothing_per_intake(client, world, gapped):
    client.force_login(world.user("coordinator"))
    mod = module(world)
    starts = iter(range(0, 50))

    def add():
        intake(world, mod, monday(gapped.planned_start) + next(starts) * datetime.timedelta(days=1))

    assert_queries_constant(client, reverse("tracks:catalogue", args=[gapped.pk]), add, bound=12)


# --- Reminders ------------------------------------------------------------------------------


def test_missing_attendance_reminds_the_provider_and_a_filling_intake_everyone_concerned(world, provided):
    provider = world.user("provider")
    week = monday(TODAY) - WEEK
    missing = attendance_not_reported(TODAY)
    assert {r.recipient_id for r in missing} == {provider.pk}
    placed = learners_of([provided])[provided.pk]
    services.attendance_record(intervention=provided, week=week, actor=provider,
                               entries={c: ("present", "", "") for c in placed})
    assert attendance_not_reported(TODAY) == []

    soon = Intake.objects.create(module=provided.intake.module, start_date=TODAY + datetime.timedelta(days=1),
                                 end_date=TODAY + 5 * WEEK, free_places=3)
    services.intervention_from_intake(track=provided.track, actor=world.user("coordinator"), intake=soon)
    told = {r.recipient_id for r in intakes_unfilled(TODAY) if r.object_key.split(":")[0] == str(soon.pk)}
    assert told == {provider.pk, world.user("coordinator").pk}
    soon.free_places = 0
    soon.save()
    assert not [r for r in intakes_unfilled(TODAY) if r.object_key.split(":")[0] == str(soon.pk)]


# --- Figures ------------------------------------------------------------------------------------


def test_completion_and_attendance_per_module_and_provider_reach_the_follow_up_report(world, provided):
    from io import BytesIO

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from lib.pdf import render_pdf
    from reports import documents
    from reports.kpis import by_module
    from reports.spreadsheets import followup_sheets, workbook
    from tracks.models import Track

    provider = world.user("provider")
    _enrol(world, provided.track)
    placed = learners_of([provided])[provided.pk]
    week = monday(TODAY) - WEEK
    services.attendance_record(intervention=provided, week=week, actor=provider, entries={
        placed[0]: ("present", "", ""), placed[1]: ("absent", "illness", ""), placed[2]: ("excused", "", "")})
    services.attendance_record(intervention=provided, week=week - WEEK, actor=provider, entries={
        placed[0]: ("present", "", ""), placed[1]: ("present", "", "")})
    services.completion_record(intervention=provided, candidacy=placed[0], actor=provider, result="completed", date=TODAY)
    services.completion_record(intervention=provided, candidacy=placed[1], actor=provider, result="interrupted",
                               date=TODAY, reason="Flyttade")
    tracks = Track.objects.filter(pk=provided.track_id)
    [module], [per_provider] = by_module(tracks)
    assert (module.module, module.completed, module.interrupted, module.present, module.absent, module.excused) == (
        "Yrkessvenska fastighet", 1, 1, 3, 1, 1)
    assert module.share_completed == 0.5 and module.share_present == 0.75
    assert per_provider.provider == world.home.provider.name and per_provider.share_present == 0.75

    context = documents.followup(tracks, scope="Test", period_from=TODAY - 100 * WEEK, period_to=TODAY)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(render_pdf("reports/pdf/followup.html",
                                                                                   context))).pages)
    text = " ".join(text.replace("\u00a0", " ").split())  # table cells wrap
    assert "Utbildningsanordnare: resultat och närvaro" in text
    assert "Yrkessvenska fastighet" in text and "75 %" in text
    sheets = load_workbook(BytesIO(workbook(followup_sheets(context))))
    assert sheets["Kurser"]["B2"].value == "Yrkessvenska fastighet" and sheets["Kurser"]["E2"].value == 0.5


# --- Three-way follow-up ------------------------------------------------------------------------


def test_a_three_way_meeting_is_booked_the_provider_writes_its_part_and_the_coordinator_reads_it(client, world):
    learner, meeting = world.objects["learner"], world.objects["meeting"]
    coordinator, provider = world.user("coordinator"), world.user("provider")
    invited = Notification.objects.filter(rule="three_way", key__startswith=f"three_way:{meeting.pk}:")
    assert provider.pk in set(invited.values_list("recipient_id", flat=True))
    assert "trepartsuppföljning" in invited.first().message.lower()

    client.force_login(coordinator)
    book = reverse("tracks:follow_up_book", args=[learner.track_id, meeting.pk])
    past = client.post(book, {"date": (TODAY - WEEK).isoformat(), "time": "10:00", "place": "Rum 4"})
    assert "inte har passerat" in past.content.decode()

    client.force_login(provider)
    assert "Vuxenutbildningen, rum 4" in client.get(reverse("tracks:learners")).content.decode()
    url = reverse("tracks:learners_follow_up", args=[meeting.pk])
    assert client.post(url, {"text": ""}).status_code == 200  # required: the form says so
    assert client.post(url, {"text": "Deltar aktivt, behöver stöd i fackord."}).status_code == 302
    told = Notification.objects.filter(recipient=coordinator, rule="event", message__contains="utbildningsanordnarens del")
    assert told.exists() and learner.participant.last_name not in told_of(told.first(), provider)

    client.force_login(coordinator)
    page = client.get(reverse("tracks:follow_up", args=[learner.track_id, meeting.pk])).content.decode()
    assert "Deltar aktivt, behöver stöd i fackord." in page and "Vuxenutbildningen, rum 4" in page
    # Another provider cannot write for it.
    client.force_login(world.user("provider_outsider"))
    assert client.get(url).status_code == 404


def test_only_the_provider_of_the_learners_step_writes_its_part(client, world):
    from tracks.models import PersonalIntervention

    meeting, provided = world.objects["meeting"], world.objects["provided"]
    url = reverse("tracks:learners_follow_up", args=[meeting.pk])
    client.force_login(world.user("provider"))
    assert client.get(url).status_code == 200
    # Someone who skips the provider's step is not its learner: their meeting is not the provider's.
    PersonalIntervention.objects.filter(candidacy=meeting.candidacy, source=provided).update(skipped=True)
    assert client.get(url).status_code == 404
    PersonalIntervention.objects.filter(candidacy=meeting.candidacy, source=provided).update(skipped=False)
    # Another provider on the same track does not read or overwrite the home provider's part.
    client.post(url, {"text": "Bra närvaro."})
    other = catalogue.module_save(provider=world.away.provider, actor=world.user("provider_outsider"), kind="sfi",
                                  title="SFI D", weeks=20, hours_per_week=15, places=20, municipality_id="1488")
    services.intervention_from_intake(track=provided.track, actor=world.user("coordinator"), intake=catalogue.intake_save(
        module=other, actor=world.user("provider_outsider"), start_date=provided.start_date, free_places=5))
    client.force_login(world.user("provider_outsider"))
    assert client.get(url).status_code == 404


def test_the_coordinator_sees_what_providers_reported_on_the_people_page(client, world, provided):
    placed = learners_of([provided])[provided.pk]
    provider = world.user("provider")
    services.attendance_record(intervention=provided, week=monday(TODAY) - WEEK, actor=provider,
                               entries={placed[0]: ("present", "", ""), placed[1]: ("absent", "illness", "")})
    services.completion_record(intervention=provided, candidacy=placed[1], actor=provider, result="interrupted",
                               date=TODAY, reason="Flyttade till Malmö")
    client.force_login(world.user("coordinator"))
    page = client.get(reverse("tracks:people", args=[provided.track_id])).content.decode()
    assert "närvarande 1, frånvarande 0" in page and "närvarande 0, frånvarande 1" in page
    assert "avbrutna: 1" in page
    client.force_login(world.user("employer"))  # the employer's view of its own people shows none of it
    assert "anordnarna rapporterat" not in client.get(reverse("tracks:people", args=[provided.track_id])).content.decode()
