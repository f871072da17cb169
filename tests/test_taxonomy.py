"""The shared vocabulary: a newer export retires concepts without deleting them, the administrator's
command loads one from disk, typed text is found by label and synonym, free text written before the
vocabulary maps where it names one concept and stays flagged where not, and the services that
publish profiles and map free text keep their records."""

import csv
import datetime
import io
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accounts.audit import Change
from accounts.models import AuditEvent
from employers.models import CompetenceProfile, Requirement
from participants import services as participant_services
from participants.models import Competence, Participant
from taxonomy.fields import ConceptField, Other
from taxonomy.loader import SHIPPED
from taxonomy.mapping import Mapper, map_licences, map_named, split_licences
from taxonomy.models import Concept, Synonym, Version
from taxonomy.search import licences, resolve, suggest, usual_skills
from tracks.services import profile as profile_services
from tracks.services.vocabulary import free_text_map

from .factories import make_track, valid_personnummer

# The vocabulary comes from a data migration; a transactional test elsewhere in the process may
# have emptied the tables, so every test here asks for it (conftest.reference_data reloads it).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

CLEANING = "fZdk_vbt_LhP"  # Städtjänster
HOSPITAL_CLEANING = "1AhX_Du2_VPY"  # Sjukhusstädning
LICENCE_B = "VTK8_WRx_GcM"


@pytest.fixture
def world(world_once):
    return world_once


def person(world, **fields):
    return Participant.objects.create(first_name="Amina", last_name="Abdi", personnummer=valid_personnummer(1990),
                                      gender="woman", home_municipality_id=world.home.municipality.municipality_id,
                                      created_by=world.user("coordinator"), **fields)


def rewrite(folder, name, change):
    with (folder / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    with (folder / name).open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


# --- Loading ---------------------------------------------------------------------------------


def test_the_shipped_vocabulary_is_loaded_with_its_version():
    assert Concept.objects.filter(kind="skill").count() > 6000
    assert Concept.objects.filter(kind="licence", code="CE").exists()
    assert Version.objects.exists()
    assert resolve("licence", "B-körkort").pk == LICENCE_B


def test_a_newer_export_retires_replaces_and_renames_without_deleting_what_is_in_use(world, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(SHIPPED, folder)
    # In the newer export: Sjukhusstädning has a new id (same label), Städtjänster is renamed,
    # and a brand-new skill appears.
    held = Competence.objects.create(participant=person(world), concept_id=HOSPITAL_CLEANING, name="Sjukhusstädning",
                                     level="good")

    def change(rows):
        for row in rows:
            if row["concept_id"] == HOSPITAL_CLEANING:
                row["concept_id"] = "NEW1_new_NEW"
            if row["concept_id"] == CLEANING:
                row["label"] = "Städtjänster, allmänt"
        headline = rows[0]["headline_id"]
        return rows + [{**rows[0], "concept_id": "NEW2_new_NEW", "label": "Städrobotar, skötsel", "headline_id": headline}]

    rewrite(folder, "skills.csv", change)
    call_command("load_taxonomy", str(folder), taxonomy_version="JobTech Taxonomy, test", stdout=(out := io.StringIO()))

    old = Concept.objects.get(pk=HOSPITAL_CLEANING)
    assert old.deprecated and old.replaced_by_id == "NEW1_new_NEW"
    held.refresh_from_db()
    assert held.concept_id == HOSPITAL_CLEANING and held.concept.current.pk == "NEW1_new_NEW"
    assert Concept.objects.get(pk=CLEANING).label == "Städtjänster, allmänt"
    assert Concept.objects.filter(pk="NEW2_new_NEW", kind="skill", deprecated=False).exists()
    assert Version.objects.filter(label="JobTech Taxonomy, test", added=2, retired=1).exists()
    assert "2 added" in out.getvalue() and "1 of them replaced" in out.getvalue()
    # A retired concept is no longer suggested; its successor is.
    assert [h.concept.pk for h in suggest("skill", "Sjukhusstädning")] == ["NEW1_new_NEW"]


def test_the_command_refuses_a_folder_that_is_no_export(tmp_path):
    with pytest.raises(CommandError, match="no skills.csv"):
        call_command("load_taxonomy", str(tmp_path), taxonomy_version="x")


# --- Finding ---------------------------------------------------------------------------------


def test_suggestions_rank_exact_then_prefix_and_find_synonyms():
    hits = suggest("skill", "städtjänster")
    assert hits[0].concept.pk == CLEANING
    assert [h.concept.pk for h in suggest("licence", "körkort b")][:1] == [LICENCE_B]
    shown = {h.concept.pk: h.shown for h in suggest("skill", "lokalvård")}
    assert shown[CLEANING].endswith("→ Städtjänster")
    assert suggest("skill", "   ") == []


def test_resolve_needs_exactly_one_concept():
    assert resolve("skill", "Lokalvård, grundnivå").pk == CLEANING
    assert resolve("skill", "Städ").pk == CLEANING  # a synonym of our own
    assert resolve("skill", "Sjukhusst") is None
    assert resolve("language", "arabiska").label == "Arabiska"


def test_the_usual_skills_of_an_occupation_and_the_licence_list_come_from_the_cache(django_assert_num_queries):
    usual_skills("9111")
    licences()
    with django_assert_num_queries(0):
        assert "Städtjänster" in [c.label for c in usual_skills("9111")]
        assert [c.code for c in licences()][:5] == ["AM", "A1", "A2", "A", "B"]


def test_the_concept_field_resolves_typed_text_and_offers_choices_when_it_cannot():
    field = ConceptField(kind="skill", allow_other=False)
    assert field.clean({"text": "lokalvård", "id": ""}).pk == CLEANING
    assert field.clean({"text": "anything", "id": HOSPITAL_CLEANING}).pk == HOSPITAL_CLEANING
    with pytest.raises(ValidationError) as refused:
        field.clean({"text": "Sjukhusst", "id": ""})
    assert "förslagen nedan" in str(refused.value)
    assert field.widget.suggestions, "the form comes back with what the text may mean"
    other = ConceptField(kind="skill", allow_other=True).clean({"text": "Rengöring av solpaneler på tak", "id": ""})
    assert isinstance(other, Other) and other == "Rengöring av solpaneler på tak"


def test_the_suggestion_list_is_a_listbox_of_options(client, world):
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("taxonomy:suggest"), {"kind": "skill", "field": "competence", "list": "x-list",
                                                    "competence": "sjukhusst"}).content.decode()
    assert 'role="option"' in html and "Sjukhusstädning" in html


# --- Mapping free text ---------------------------------------------------------------------


def test_free_text_written_before_the_vocabulary_maps_where_it_names_one_concept(world):
    amina = person(world, licences="B-körkort, truckkort")
    rows = [Competence.objects.create(participant=amina, name=name, level="good")
            for name in ("Lokalvård", "lokalvård, grundnivå", "Rengöring av solpaneler")]
    mapper = Mapper(Concept, Synonym, ["skill"])
    assert split_licences(Mapper(Concept, Synonym, ["licence"]), "B-körkort, truckkort") == ([LICENCE_B], "truckkort")

    counts = map_named(rows, mapper, "name")
    assert (counts.mapped, counts.flagged) == (2, 1)
    assert [c.concept_id for c in Competence.objects.filter(participant=amina).order_by("pk")] == [CLEANING, CLEANING, None]
    counts = map_licences([amina], Mapper(Concept, Synonym, ["licence"]))
    amina.refresh_from_db()
    assert counts.mapped == 1 and amina.licences == "truckkort"
    assert list(amina.licence_concepts.values_list("pk", flat=True)) == [LICENCE_B]


def test_mapping_free_text_everywhere_at_once_keeps_one_competence_and_learns_a_synonym(world):
    coordinator = world.user("coordinator")
    amina, other = person(world), person(world)
    Competence.objects.create(participant=amina, name="Sjukhusstäd", level="good")
    Competence.objects.create(participant=amina, concept_id=HOSPITAL_CLEANING, name="Sjukhusstädning", level="basic")
    Competence.objects.create(participant=other, name="sjukhusstäd", level="good")
    concept = Concept.objects.get(pk=HOSPITAL_CLEANING)

    done = free_text_map(actor=coordinator, text="Sjukhusstäd", concept=concept, competences=Competence.objects.all(),
                         requirements=Requirement.objects.none(), as_synonym=True)

    assert done == {"competences": 2, "requirements": 0}
    assert Competence.objects.filter(participant=amina).count() == 1, "the one already held is kept, not doubled"
    assert Competence.objects.get(participant=other).concept_id == HOSPITAL_CLEANING
    assert resolve("skill", "sjukhusstäd").pk == HOSPITAL_CLEANING
    assert AuditEvent.objects.filter(action=Change.SYNONYM_ADD).count() == 1
    assert AuditEvent.objects.filter(action=Change.VOCABULARY_MAP).count() == 3  # two people and the summary


# --- Evidence and versions -----------------------------------------------------------------


def test_assessing_a_competence_records_who_validated_it_and_when(world):
    coordinator = world.user("coordinator")
    competence = participant_services.competence_add(participant=person(world), actor=coordinator,
                                                     competence="Lokalvård", level="basic", source="self_assessed")
    assert competence.concept_id == CLEANING
    with pytest.raises(ValidationError):
        participant_services.competence_add(participant=competence.participant, actor=coordinator,
                                            competence="städtjänster", level="good", source="self_assessed")
    participant_services.competence_assess(competence=competence, actor=coordinator, level="good", source="validated",
                                           validated_on=datetime.date(2026, 10, 1), validated_by="Almega")
    competence.refresh_from_db()
    assert (competence.source, competence.validated_by, competence.validated_on) == (
        "validated", "Almega", datetime.date(2026, 10, 1))
    event = AuditEvent.objects.filter(action=Change.COMPETENCE_ASSESS).get()
    assert event.detail["to"]["source"] == "validated"


def test_a_track_profile_published_becomes_the_library_next_version_once_someone_else_approves(world):
    coordinator, administrator = world.user("coordinator"), world.user("administrator")
    library = CompetenceProfile.objects.create(title="Städare", occupation_id="9111", in_library=True,
                                               owner=world.home.municipality)
    Requirement.objects.create(profile=library, concept_id=CLEANING, competence="Städtjänster", level="basic")
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer],
                       occupation_id="9111")
    profile_services.profile_copy(track=track, source=library, actor=coordinator)
    track.refresh_from_db()
    assert profile_services.local_changes(track.requirement_profile) == []
    profile_services.requirement_add(track=track, actor=coordinator, competence="Sjukhusstädning", kind="merit")
    with translation.override("en"):
        assert profile_services.local_changes(track.requirement_profile) == ["Added: Sjukhusstädning"]

    publication = profile_services.profile_publish(track=track, actor=coordinator, note="Sjukhus ingår nu")
    with pytest.raises(ValidationError):
        profile_services.profile_publish(track=track, actor=coordinator, note="igen")
    with pytest.raises(ValidationError):
        profile_services.publication_decide(publication=publication, actor=coordinator, approve=True)
    profile_services.publication_decide(publication=publication, actor=administrator, approve=True)

    library.refresh_from_db()
    newest = publication.proposed
    newest.refresh_from_db()
    assert not library.in_library and newest.in_library
    assert (newest.version, newest.previous_id, newest.title) == (2, library.pk, "Städare")
    assert library.latest == newest
    assert sorted(newest.requirements.values_list("competence", flat=True)) == ["Sjukhusstädning", "Städtjänster"]
    # The track keeps its copy, which still names the version it came from.
    track.requirement_profile.refresh_from_db()
    assert track.requirement_profile.origin_id == library.pk


def test_the_administrator_adds_a_synonym_and_it_is_found_at_once(client, world):
    client.force_login(world.user("administrator"))
    assert resolve("skill", "Storstädning av trapphus") is None
    response = client.post(reverse("admin:taxonomy_synonym_add"), {
        "text": "Storstädning av trapphus", "concept": CLEANING, "note": "så skriver bostadsbolagen"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert resolve("skill", "storstädning av trapphus").pk == CLEANING
    synonym = Synonym.objects.get(text="Storstädning av trapphus")
    assert AuditEvent.objects.filter(action=Change.SYNONYM_ADD, object_id=str(synonym.pk)).exists()
    # Concepts themselves are read, not edited: an export changes them.
    assert client.post(reverse("admin:taxonomy_concept_change", args=[CLEANING]), {"label": "x"}).status_code == 403
