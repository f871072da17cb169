"""The matching function on hand-built, unsaved objects: no database, every reason in words."""

import pytest
from django.utils import translation

from employers.models import CompetenceProfile, Requirement
from participants.models import Competence, Participant
from tracks.matching import MET, NOT_MET, UNKNOWN, match


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def person(name="Amina", swedish="sfi_d", licences="", competences=()):
    participant = Participant(first_name=name, last_name="Test", swedish_level=swedish, licences=licences)
    return participant, [Competence(name=n, level=level, source=source) for n, level, source in competences]


PROFILE = CompetenceProfile(title="Fastighetsskötare", swedish_level="sfi_d", licences="B-körkort")
REQUIREMENTS = [
    Requirement(competence="Fastighetsskötsel", level="good", kind="must"),
    Requirement(competence="Kundbemötande", level="basic", kind="merit"),
]


def statuses(result):
    return [(c.label, c.kind, c.status) for c in result.checks]


def test_match_all_met():
    participant, competences = person(licences="B-körkort, truckkort", competences=[
        ("fastighetsskötsel", "very_good", "validated"), ("Kundbemötande", "basic", "self_assessed")])
    result = match(participant, PROFILE, REQUIREMENTS, competences)
    assert statuses(result) == [
        ("Fastighetsskötsel", "must", MET), ("Kundbemötande", "merit", MET), ("Swedish", "must", MET), ("B-körkort", "must", MET),
    ]
    assert result.checks[0].reason == "Very good (validated)."
    assert (result.must_met, result.must_not_met, result.merits_met, result.unknown) == (3, 0, 1, 0)


def test_match_level_too_low_is_not_met_with_reason():
    participant, competences = person(competences=[("Fastighetsskötsel", "basic", "self_assessed")])
    check = match(participant, PROFILE, REQUIREMENTS, competences).checks[0]
    assert (check.status, check.reason) == (NOT_MET, "Basic, the profile asks for good.")


def test_match_nothing_recorded_is_unknown_not_failed():
    participant, competences = person(swedish="", licences="")
    result = match(participant, PROFILE, REQUIREMENTS, competences)
    assert [c.status for c in result.checks] == [UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN]
    assert result.must_not_met == 0


def test_match_swedish_below_profile():
    participant, competences = person(swedish="sfi_b")
    swedish = match(participant, PROFILE, REQUIREMENTS, competences).checks[2]
    assert (swedish.status, swedish.reason) == (NOT_MET, "SFI course B, the profile asks for SFI course D.")


def test_match_licence_missing_among_others_is_not_met():
    participant, competences = person(licences="Truckkort")
    assert match(participant, PROFILE, REQUIREMENTS, competences).checks[3].status == NOT_MET


def test_match_without_profile_has_no_checks():
    participant, competences = person()
    assert match(participant, None, [], competences).checks == []


def test_rank_orders_by_musts_then_merits_then_unknowns():
    a = match(person("A", licences="B-körkort", competences=[("Fastighetsskötsel", "good", "validated"), ("Kundbemötande", "good", "validated")])[0],
              PROFILE, REQUIREMENTS, [Competence(name="Fastighetsskötsel", level="good"), Competence(name="Kundbemötande", level="good")])
    b = match(person("B", licences="B-körkort")[0], PROFILE, REQUIREMENTS, [Competence(name="Fastighetsskötsel", level="good")])
    c = match(person("C", swedish="")[0], PROFILE, REQUIREMENTS, [])
    d = match(person("D", swedish="sfi_a", licences="B-körkort")[0], PROFILE, REQUIREMENTS, [Competence(name="Fastighetsskötsel", level="very_good")])
    ranked = sorted([d, c, b, a], key=lambda m: m.sort_key())
    assert [m.participant.first_name for m in ranked] == ["A", "B", "C", "D"]
