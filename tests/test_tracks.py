import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from employers.models import CompetenceProfile, Requirement
from tracks import gates, services
from tracks.models import (
    Candidacy,
    ChecklistItem,
    Intervention,
    LetterOfIntent,
    Phase,
    PhaseChange,
    Track,
)
from tracks.selectors import tracks_visible_to

from .factories import make_track
from .queries import assert_queries_constant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once


@pytest.fixture
def english():
    """Gate words checked as written in the code; the Swedish ones are checked through pages."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def track(world, coordinator):
    """A bare track in planning: nothing of what the planning gate asks for is there yet."""
    return make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer],
                      agreement=world.home.steering_group.agreement)


def ready_for_recruitment(track, actor):
    """Everything the planning gate asks for."""
    services.requirement_add(track=track, actor=actor, competence="Fastighetsskötsel")
    services.intervention_save(track=track, actor=actor, kind="sfi", title="SFI", responsible="municipality",
                               start_date=track.planned_start, end_date=track.planned_end)
    for letter in track.letters.all():
        services.letter_send(letter=letter, actor=actor)
        services.letter_sign(letter=letter, actor=actor, name="Johan Berg", title="VD", signed_on=timezone.localdate())
    services.activity_save(track=track, actor=actor, kind="speed_dating", place="Stadsbiblioteket", organiser="AF Göteborg",
                           starts_at=datetime.datetime(2026, 8, 20, 10, tzinfo=datetime.UTC))
    finish_checklist(track, Phase.PLANNING, actor)


def enrol_someone(track, actor):
    from .factories import ParticipantFactory

    candidacy = Candidacy.objects.create(track=track, participant=ParticipantFactory(), nominated_by=actor,
                                         nominating_organisation=track.lead_municipality, motivation="x",
                                         status=Candidacy.Status.APPROVED)
    return services.candidacy_enrol(candidacy=candidacy, actor=actor, start=track.planned_start)


def finish_checklist(track, phase, actor):
    for item in track.checklist.filter(phase=phase):
        services.checklist_item_set_status(item=item, actor=actor, status=ChecklistItem.Status.DONE)


def test_track_create_seeds_checklist_letters_and_coordinator(track, coordinator):
    assert track.phase == Phase.PLANNING
    assert list(track.coordinators.all()) == [coordinator]
    assert track.checklist.filter(phase=Phase.PLANNING).count() == 6
    assert track.checklist.count() == 16
    assert [letter.status for letter in track.letters.all()] == [LetterOfIntent.Status.DRAFT]
    assert AuditEvent.objects.filter(action="track.create", object_id=str(track.pk)).count() == 1


def test_gate_planning_lists_everything_missing(english, track):
    assert gates.missing_for_recruitment(track) == [
        "The requirement profile has no requirements.",
        "The intervention package has no intervention with dates.",
        f"{track.employers.get().name} has not signed its letter of intent (or it is not waived with a reason).",
        "No recruitment activity is planned.",
        "6 tasks in the planning checklist are not done or marked not applicable.",
    ]


def test_gate_planning_counts_places(english, track, coordinator):
    ready_for_recruitment(track, coordinator)
    Track.objects.filter(pk=track.pk).update(places=0)
    track.refresh_from_db()
    assert gates.missing_for_recruitment(track) == ["The number of places is not set."]


def test_gate_planning_accepts_a_waived_letter_with_reason(track, coordinator):
    ready_for_recruitment(track, coordinator)
    letter = track.letters.get()
    LetterOfIntent.objects.filter(pk=letter.pk).update(status=LetterOfIntent.Status.WAIVED, waiver_reason="")
    assert len(gates.missing_for_recruitment(track)) == 1
    LetterOfIntent.objects.filter(pk=letter.pk).update(waiver_reason="Kommunen är själv arbetsgivare.")
    assert gates.missing_for_recruitment(track) == []


def test_gate_not_applicable_needs_a_reason(track, coordinator):
    item = track.checklist.first()
    with pytest.raises(ValidationError):
        services.checklist_item_set_status(item=item, actor=coordinator, status="not_applicable", reason=" ")
    services.checklist_item_set_status(item=item, actor=coordinator, status="not_applicable", reason="Görs av AF.")
    item.refresh_from_db()
    assert (item.status, item.not_applicable_reason, item.completed_by) == ("not_applicable", "Görs av AF.", coordinator)


def test_phase_change_refuses_with_the_gates_words(english, track, coordinator):
    with pytest.raises(services.GateClosed) as closed:
        services.track_change_phase(track=track, actor=coordinator, to=Phase.RECRUITMENT)
    assert closed.value.messages == gates.missing_for_recruitment(track)
    track.refresh_from_db()
    assert track.phase == Phase.PLANNING
    assert PhaseChange.objects.count() == 0


def test_phase_change_refuses_skipping_a_phase(track, coordinator):
    ready_for_recruitment(track, coordinator)
    with pytest.raises(services.GateClosed):
        services.track_change_phase(track=track, actor=coordinator, to=Phase.EXECUTION)


def test_phase_walk_from_planning_to_closed_records_who_and_when(english, track, coordinator):
    ready_for_recruitment(track, coordinator)
    track = services.track_change_phase(track=track, actor=coordinator, to=Phase.RECRUITMENT)
    finish_checklist(track, Phase.RECRUITMENT, coordinator)
    assert gates.missing_for_execution(track) == ["No participant is approved by the employer and enrolled."]
    enrol_someone(track, coordinator)
    track = services.track_change_phase(track=track, actor=coordinator, to=Phase.EXECUTION)
    assert gates.missing_for_closing(track, today=track.planned_end - datetime.timedelta(days=1))[0].startswith(
        "The planned end"
    )
    finish_checklist(track, Phase.EXECUTION, coordinator)
    track.interventions.update(finished=True)
    track = services.track_change_phase(track=track, actor=coordinator, to=Phase.CLOSING)
    assert gates.missing_for_closed(track)[:2] == ["1 enrolled participant has no outcome.", "The evaluation is not written."]
    services.outcome_record(candidacy=track.candidacies.get(), actor=coordinator, kind="studies",
                            date=datetime.date(2026, 11, 2))
    services.track_update(track=track, actor=coordinator, evaluation="Sex av åtta fick anställning.")
    finish_checklist(track, Phase.CLOSING, coordinator)
    track = services.track_change_phase(track=track, actor=coordinator, to=Phase.CLOSED)
    assert [(c.from_phase, c.to_phase, c.actor) for c in track.phase_changes.all()] == [
        ("planning", "recruitment", coordinator),
        ("recruitment", "execution", coordinator),
        ("execution", "closing", coordinator),
        ("closing", "closed", coordinator),
    ]


def test_gate_execution_to_closing_passes_when_planned_end_reached(track, coordinator):
    finish_checklist(track, Phase.EXECUTION, coordinator)
    Intervention.objects.create(track=track, kind="internship", title="Praktik", responsible="employer",
                                start_date=track.planned_start, end_date=track.planned_end)
    assert gates.missing_for_closing(track, today=track.planned_end) == []


def test_cancel_needs_a_reason_and_works_from_any_open_phase(track, coordinator):
    with pytest.raises(services.GateClosed):
        services.track_change_phase(track=track, actor=coordinator, to=Phase.CANCELLED, reason="")
    track = services.track_change_phase(track=track, actor=coordinator, to=Phase.CANCELLED, reason="Arbetsgivaren drog sig ur.")
    assert (track.phase, track.cancel_reason) == (Phase.CANCELLED, "Arbetsgivaren drog sig ur.")
    with pytest.raises(services.GateClosed):
        services.track_change_phase(track=track, actor=coordinator, to=Phase.CANCELLED, reason="Igen")


def test_new_round_copies_profile_interventions_and_partners(track, coordinator, world):
    ready_for_recruitment(track, coordinator)
    track.partners.add(world.home.af_office)
    Track.objects.filter(pk=track.pk).update(phase=Phase.CLOSED)
    track.refresh_from_db()
    successor = services.track_start_new_round(track=track, actor=coordinator, today=datetime.date(2027, 4, 1))
    assert (successor.phase, successor.round_number, successor.predecessor) == (Phase.PLANNING, 2, track)
    assert successor.planned_start == datetime.date(2027, 5, 3)  # first Monday four weeks after 2027-04-01
    shift = successor.planned_start - track.planned_start
    assert successor.planned_end == track.planned_end + shift
    assert [(i.start_date, i.end_date) for i in successor.interventions.all()] == [
        (i.start_date + shift, i.end_date + shift) for i in track.interventions.all()
    ]
    assert [r.competence for r in successor.requirement_profile.requirements.all()] == ["Fastighetsskötsel"]
    assert successor.requirement_profile.pk != track.requirement_profile.pk
    # A new round is a new commitment: the partners and employers are asked again.
    assert sorted((i.taking_part_as, i.organisation_id, i.status) for i in successor.invitations.all()) == [
        ("employer", world.home.employer.pk, "invited"), ("partner", world.home.af_office.pk, "invited")]
    assert (list(successor.partners.all()), list(successor.letters.all())) == ([], [])
    for invitation in successor.invitations.all():
        services.invitation_accept(invitation=invitation, actor=coordinator)
    assert list(successor.partners.all()) == [world.home.af_office]
    assert [letter.status for letter in successor.letters.all()] == [LetterOfIntent.Status.DRAFT]
    with pytest.raises(services.GateClosed):
        services.track_start_new_round(track=track, actor=coordinator)


def test_profile_copy_keeps_link_to_library(track, coordinator):
    library = CompetenceProfile.objects.create(title="Undersköterska", occupation_id="5321", swedish_level="sas_basic")
    Requirement.objects.create(profile=library, competence="Omvårdnad", kind="must")
    profile = services.profile_copy(track=track, source=library, actor=coordinator)
    track.refresh_from_db()
    assert (track.requirement_profile, profile.origin, profile.in_library, profile.swedish_level) == (
        profile, library, False, "sas_basic")
    assert [r.competence for r in profile.requirements.all()] == ["Omvårdnad"]


def test_employer_proposal_accepted_becomes_a_requirement(client, world, track, coordinator):
    client.force_login(world.user("employer"))
    client.post(reverse("tracks:proposal_add", args=[track.pk]),
                {"proposal-competence": "B-körkort", "proposal-level": "good", "proposal-kind": "must"})
    proposal = track.profile_proposals.get()
    client.force_login(coordinator)
    client.post(reverse("tracks:proposal_decide", args=[track.pk, proposal.pk]), {"decision": "accept"})
    track.refresh_from_db()
    assert [r.competence for r in track.requirement_profile.requirements.all()] == ["B-körkort"]


def test_employer_cannot_propose_after_planning(client, world, track):
    Track.objects.filter(pk=track.pk).update(phase=Phase.RECRUITMENT)
    client.force_login(world.user("employer"))
    response = client.post(reverse("tracks:proposal_add", args=[track.pk]), {"proposal-competence": "X"})
    assert response.status_code == 403


def test_letter_signed_by_employer_in_own_view(client, world, track, coordinator):
    letter = services.letter_send(letter=track.letters.get(), actor=coordinator)
    client.force_login(world.user("employer"))
    today = timezone.localdate()
    response = client.post(reverse("tracks:letter_sign", args=[track.pk, letter.pk]),
                           {"name": "Johan Berg", "title": "Förvaltningschef", "signed_on": today.isoformat()})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.signed_by_name, letter.signed_on) == ("signed", "Johan Berg", today)
    assert [(v.version, v.signed_by_name, v.intended_hires) for v in letter.signed_versions.all()] == [
        (1, "Johan Berg", letter.intended_hires)]


def test_letter_decline_needs_a_reason(client, world, track, coordinator):
    letter = services.letter_send(letter=track.letters.get(), actor=coordinator)
    client.force_login(world.user("employer"))
    response = client.post(reverse("tracks:letter_sign", args=[track.pk, letter.pk]), {"decision": "decline"})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == "sent"


def test_letter_pdf_is_swedish_with_page_numbers(client, world, track):
    import io

    from pypdf import PdfReader

    client.force_login(world.user("coordinator"))
    response = client.get(reverse("tracks:letter_pdf", args=[track.pk, track.letters.get().pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Avsiktsförklaring" in text
    assert "Sida 1 av 1" in text
    assert track.employers.get().name in text


def test_problem_escalated_decided_by_steering_group(client, world, track, coordinator):
    problem = track.problems.create(title="Handledare saknas", created_by=coordinator)
    services.problem_escalate(problem=problem, actor=coordinator, question="Vem utser handledare?")
    steering = world.user("steering")
    client.force_login(steering)
    assert "Handledare saknas" in client.get(reverse("dashboard")).content.decode()
    page = client.get(reverse("tracks:problem_decide", args=[track.pk, problem.pk])).content.decode()
    assert "Vem utser handledare?" in page and reverse("tracks:problems", args=[track.pk]) in page
    refused = client.post(reverse("tracks:problem_decide", args=[track.pk, problem.pk]),
                          {"decision": "AF tar fram handledare.", "owner": "AF", "due": "2020-01-01"})
    assert refused.status_code == 200 and "kan inte redan ha passerat" in refused.content.decode()
    client.post(reverse("tracks:problem_decide", args=[track.pk, problem.pk]),
                {"decision": "AF tar fram handledare.", "owner": "AF Göteborg, Maria Lind", "due": "2099-03-01"})
    problem.refresh_from_db()
    assert (problem.decision, problem.decided_by) == ("AF tar fram handledare.", steering)
    assert (problem.decision_owner, str(problem.decision_due)) == ("AF Göteborg, Maria Lind", "2099-03-01")
    client.force_login(coordinator)
    page = client.get(reverse("tracks:problems", args=[track.pk])).content.decode()
    assert "AF tar fram handledare." in page and "AF Göteborg, Maria Lind" in page and "1 mars 2099" in page


def test_an_escalation_says_what_it_asks(client, world, track, coordinator):
    problem = track.problems.create(title="Praktikplatser saknas", created_by=coordinator)
    client.force_login(coordinator)
    url = reverse("tracks:problem_action", args=[track.pk, problem.pk])
    refused = client.post(url, {"action": "escalate", "escalate-question": " "}, follow=True)
    assert "Vad ska styrgruppen besluta om?" in refused.content.decode()
    problem.refresh_from_db()
    assert problem.escalated_at is None
    client.post(url, {"action": "escalate", "escalate-question": "Fler praktikplatser?",
                      "escalate-proposal": "Kommunen bidrar med två platser."})
    problem.refresh_from_db()
    assert (problem.question, problem.proposal) == ("Fler praktikplatser?", "Kommunen bidrar med två platser.")
    assert problem.escalated_at is not None


def test_outsider_steering_group_cannot_decide(client, world, track, coordinator):
    problem = track.problems.create(title="X", created_by=coordinator)
    services.problem_escalate(problem=problem, actor=coordinator, question="Vem utser handledare?")
    client.force_login(world.user("steering_outsider"))
    assert client.get(reverse("tracks:problem_decide", args=[track.pk, problem.pk])).status_code == 404


def test_visibility_per_role(world, track):
    visible = {name: list(tracks_visible_to(world.user(name))) for name in world.users}
    expected_to_see = {"coordinator", "municipality_officer", "employer", "steering"}
    for name, tracks in visible.items():
        assert (name, track in tracks) == (name, name in expected_to_see)


def test_employer_sees_only_its_parts_of_the_workspace(client, world, track):
    client.force_login(world.user("employer"))
    page = client.get(track.get_absolute_url()).content.decode()
    for area in ("profile", "chain", "letters", "activities", "people"):
        assert reverse(f"tracks:{area}", args=[track.pk]) in page
    for area in ("checklist", "problems", "closing"):
        assert reverse(f"tracks:{area}", args=[track.pk]) not in page
        assert client.get(reverse(f"tracks:{area}", args=[track.pk])).status_code == 403
    assert 'id="letters"' in client.get(reverse("tracks:letters", args=[track.pk])).content.decode()


def test_workspace_shows_gap_warning(client, world, track, coordinator):
    Intervention.objects.create(track=track, kind="sfi", title="SFI", responsible="municipality",
                                start_date=datetime.date(2026, 9, 7), end_date=datetime.date(2026, 10, 30))
    Intervention.objects.create(track=track, kind="internship", title="Praktik", responsible="employer",
                                start_date=datetime.date(2026, 11, 30), end_date=datetime.date(2027, 3, 26))
    client.force_login(coordinator)
    page = client.get(reverse("tracks:chain", args=[track.pk])).content.decode()
    # Running text writes dates out; tables keep ISO dates.
    assert "Glapp: ingen insats från 31 oktober 2026 till 29 november 2026 (20 arbetsdagar)." in page
    # The timeline names its bars, draws the gap, and says what the colours mean.
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'class="timeline__name">SFI</text>' in svg and 'class="timeline__name">Praktik</text>' in svg
    assert svg.count('class="timeline__gap"') == 1
    legend = page[page.index('<ul class="legend"'):]
    legend = legend[:legend.index("</ul>")]
    assert "Ansvarig: Kommun" in legend and "Ansvarig: Arbetsgivare" in legend and "Glapp" in legend
    assert "Ansvarig: Arbetsförmedlingen" not in legend  # only what is drawn


def test_htmx_action_returns_only_its_section(client, track, coordinator):
    client.force_login(coordinator)
    item = track.checklist.first()
    response = client.post(reverse("tracks:checklist_status", args=[track.pk, item.pk]), {"status": "done"},
                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="checklist"')
    assert "<html" not in body


def test_invalid_form_keeps_input_and_says_what_is_wrong(client, track, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("tracks:problem_add", args=[track.pk]), {"problem-description": "Viktig text"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Det finns ett problem" in body and "Viktig text" in body


def test_track_list_query_count_is_constant(client, world, coordinator):
    client.force_login(coordinator)
    assert_queries_constant(
        client,
        reverse("tracks:list"),
        lambda: make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer]),
        bound=12,
    )


def test_coordinator_dashboard_query_count_is_constant(client, world, coordinator):
    client.force_login(coordinator)
    assert_queries_constant(
        client,
        reverse("dashboard"),
        lambda: make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer]),
        bound=23,
    )


def test_track_list_filters(client, world, coordinator, track):
    other = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer],
                       title="Undersköterska", occupation_id="5321")
    client.force_login(coordinator)
    found = client.get(reverse("tracks:list"), {"search": "underskö"}).context["tracks"]
    assert list(found) == [other]
    assert world.track not in client.get(reverse("tracks:list"), {"phase": "closed"}).context["tracks"]


def test_create_track_via_form(client, world, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("tracks:create"), {
        "kind": "local", "title": "Butikssäljare", "occupation": "5223", "lead_municipality": world.home.municipality.pk,
        "employers": [world.home.employer.pk], "places": "6", "intended_hires": "4",
        "planned_start": "2026-10-05", "planned_end": "2026-09-01",
    })
    assert "Det planerade slutet måste vara samma dag som starten eller senare." in response.content.decode()
    response = client.post(reverse("tracks:create"), {
        "kind": "local", "title": "Butikssäljare", "occupation": "5223", "lead_municipality": world.home.municipality.pk,
        "employers": [world.home.employer.pk], "places": "6", "intended_hires": "4",
        "planned_start": "2026-10-05", "planned_end": "2027-02-26", "target_groups": ["young"], "follow_up_days": "14",
    })
    created = Track.objects.get(title="Butikssäljare")
    assert response["Location"] == created.get_absolute_url()
    assert (created.target_groups, list(created.coordinators.all())) == (["young"], [coordinator])


def test_profile_library_query_count_is_constant(client, coordinator):
    client.force_login(coordinator)
    n = iter(range(100))

    def add_profile():
        profile = CompetenceProfile.objects.create(title=f"Profil {next(n)}", occupation_id="5152")
        Requirement.objects.create(profile=profile, competence="Fastighetsskötsel")

    assert_queries_constant(client, reverse("employers:profiles"), add_profile, bound=9)


def test_gap_limit_is_configurable(client, settings, track, coordinator):
    Intervention.objects.create(track=track, kind="sfi", title="SFI", responsible="municipality",
                                start_date=track.planned_start, end_date=datetime.date(2026, 10, 30))
    Intervention.objects.create(track=track, kind="internship", title="Praktik", responsible="employer",
                                start_date=datetime.date(2026, 11, 10), end_date=track.planned_end)
    client.force_login(coordinator)
    # Uncovered 2026-10-31 to 11-09: six working days (2–6 and 9 November), more than the default five.
    chain = reverse("tracks:chain", args=[track.pk])
    assert "Glapp" in client.get(chain).content.decode()
    settings.GAP_MAX_WORKING_DAYS = 10
    assert "Glapp" not in client.get(chain).content.decode()


def test_cancel_without_reason_keeps_the_page_and_says_why(client, track, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("tracks:phase", args=[track.pk]), {"to": "cancelled", "cancel-reason": " "})
    assert response.status_code == 200
    assert "Skriv varför jobbspåret avbryts." in response.content.decode()
    track.refresh_from_db()
    assert track.phase == Phase.PLANNING


def test_employer_sees_its_proposals_status_but_steering_does_not(client, world):
    track = world.track  # has an open proposal
    profile = reverse("tracks:profile", args=[track.pk])
    client.force_login(world.user("employer"))
    assert "Truckkort" in client.get(profile).content.decode()
    client.force_login(world.user("steering"))
    assert "Förslag från arbetsgivaren" not in client.get(profile).content.decode()


def test_seeing_a_track_is_decided_the_same_by_the_rule_and_the_selector(world):
    """`tracks.view_track` answers from memberships without a query of its own; it must agree
    with `tracks_visible_to` for every persona, on tracks reached each way in."""
    home, away = world.home, world.away
    coordinator = world.user("coordinator")
    tracks = [
        world.track,
        make_track(coordinator=coordinator, municipality=away.municipality, employers=[home.employer]),
        make_track(coordinator=coordinator, municipality=away.municipality, employers=[away.employer],
                   partners=[home.af_office]),
        make_track(coordinator=world.user("coordinator_outsider"), municipality=away.municipality,
                   employers=[away.employer], agreement=home.steering_group.agreement),
        make_track(coordinator=world.user("coordinator_outsider"), municipality=away.municipality,
                   employers=[away.employer]),
    ]
    for name, user in world.users.items():
        visible = set(tracks_visible_to(user).values_list("pk", flat=True))
        for track in tracks:
            fresh = Track.objects.prefetch_related("coordinators").get(pk=track.pk)
            assert (name, track.pk, user.has_perm("tracks.view_track", fresh)) == (name, track.pk, track.pk in visible)


def test_the_union_of_ways_in_is_exactly_the_tracks_each_user_may_see(world):
    """tracks_visible_to_many (counts and lists' filters: a union of ids) and tracks_visible_to (an
    OR) are the same tracks for every persona, with a track in each way in: coordinated, led by the
    organisation, partnered, an employer's, under a steering group's agreement, and someone else's."""
    from tracks.selectors import tracks_visible_to_many

    home, away = world.home, world.away
    coordinator = world.user("coordinator")
    make_track(coordinator=world.user("coordinator_outsider"), municipality=away.municipality, employers=[home.employer])
    partnered = make_track(coordinator=world.user("coordinator_outsider"), municipality=away.municipality,
                           employers=[away.employer])
    partnered.partners.add(home.af_office)
    make_track(coordinator=coordinator, municipality=away.municipality, employers=[away.employer])
    compared = 0
    for persona, user in world.users.items():
        if user is None:
            continue
        one = set(tracks_visible_to(user).values_list("pk", flat=True))
        assert set(tracks_visible_to_many(user).values_list("pk", flat=True)) == one, persona
        compared += bool(one)
    assert compared >= 6
