"""Matching on hand-built, unsaved objects: no database, every state and its reason pinned by a
table of cases a coordinator would recognise (synonyms resolved at input, broader and related
concepts, licence implications, CEFR and Swedish levels, education, evidence, unknown vs not met)."""

import datetime

import pytest
from django.utils import translation

from employers.models import LanguageRequirement, Requirement
from participants.models import Competence, LanguageSkill, Participant
from taxonomy.knowledge import licences_covered
from taxonomy.models import Concept
from tracks.matching import MET, NOT_MET, PARTLY, UNKNOWN, Demand, Known, match


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def skill(pk, label, parent=None, headline=None):
    return Concept(pk=pk, kind="skill", label=label, parent_id=parent, headline_id=headline)


# A few concepts of the shipped vocabulary, with their real ids and relations.
CLEANING = skill("fZdk_vbt_LhP", "Städtjänster", headline="zmYu_aAM_TuF")
HOSPITAL_CLEANING = skill("1AhX_Du2_VPY", "Sjukhusstädning", parent="fZdk_vbt_LhP", headline="zmYu_aAM_TuF")
OFFICE_CLEANING = skill("beHF_mum_ANM", "Kontorsstädning", parent="fZdk_vbt_LhP", headline="zmYu_aAM_TuF")
CARETAKING = skill("J5Xc_doF_TUR", "Fastighetsskötsel", headline="zmYu_aAM_TuF")
TRUCKS = skill("pGts_PKK_c8W", "Truckvana", headline="zmYu_aAM_TuF")
A_TRUCKS = skill("Zk4h_jP4_e85", "A-truckar", parent="pGts_PKK_c8W", headline="zmYu_aAM_TuF")
JAVA = skill("java", "Java, programmeringsspråk", headline="ShQw_McG_oti")
PYTHON = skill("python", "Python, programmeringsspråk", headline="ShQw_McG_oti")
CASH = skill("hYpk_RYx_y3V", "Kassavana", headline="zmYu_aAM_TuF")
LICENCES = {code: Concept(pk=f"lic-{code}", kind="licence", label=code, code=code)
            for code in ["AM", "A1", "A2", "A", "B", "Utökad B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE"]}
ENGLISH = Concept(pk="NVxJ_hLg_TYS", kind="language", label="Engelska")
SWEDISH = Concept(pk="zSLA_vw2_FXN", kind="language", label="Svenska")
ARABIC = Concept(pk="3iEY_RGP_qXq", kind="language", label="Arabiska")


def requirement(concept=None, text="", level="good", kind="must", validation="interview", pk=1):
    return Requirement(pk=pk, concept=concept, competence=concept.label if concept else text, level=level, kind=kind,
                       validation=validation)


def has(concept=None, text="", level="good", source="self_assessed", by="", on=None):
    return Competence(concept=concept, name=concept.label if concept else text, level=level, source=source,
                      validated_by=by, validated_on=on)


def person(competences=(), licences=(), languages=(), swedish="", education="", other_licences=()):
    participant = Participant(pk=1, first_name="Amina", last_name="Abdi")
    return Known(participant, list(competences), [LICENCES[c] for c in licences], list(other_licences),
                 [LanguageSkill(language=lang, level=level) for lang, level in languages], swedish, education)


def one(demand, known):
    checks = match(demand, known).checks
    assert len(checks) == 1
    return checks[0]


def asks(*requirements):
    return Demand(requirements=list(requirements))


CASES = [
    # --- competences: same concept, levels, evidence --------------------------------------
    ("same concept, same level", asks(requirement(CLEANING)), person([has(CLEANING)]),
     MET, "Good, self-reported."),
    ("same concept, higher level", asks(requirement(CLEANING, level="basic")), person([has(CLEANING, level="very_good")]),
     MET, "Very good, self-reported."),
    ("one step below is partly met", asks(requirement(CLEANING, level="good")), person([has(CLEANING, level="basic")]),
     PARTLY, "Basic, self-reported; the profile asks for good, one step up."),
    ("two steps below is not met", asks(requirement(CLEANING, level="very_good")), person([has(CLEANING, level="basic")]),
     NOT_MET, "Basic, self-reported; the profile asks for very good."),
    ("'Lokalvård' typed is Städtjänster once resolved: met", asks(requirement(CLEANING, level="basic")),
     person([has(CLEANING)]), MET, "Good, self-reported."),
    ("validated says by whom and when", asks(requirement(CARETAKING)),
     person([has(CARETAKING, source="validated", by="Lernia", on=datetime.date(2026, 3, 2))]),
     MET, "Good, validated by Lernia on 2026-03-02."),
    ("assessed by the officer", asks(requirement(CARETAKING)), person([has(CARETAKING, source="assessed", by="Eva Ek")]),
     MET, "Good, assessed by Eva Ek."),
    ("industry validation asked, self-reported held: partly", asks(requirement(CLEANING, validation="industry")),
     person([has(CLEANING)]), PARTLY, "Good, self-reported — to be shown by industry validation."),
    ("industry validation asked, validated held: met", asks(requirement(CLEANING, validation="industry")),
     person([has(CLEANING, source="validated", by="Almega")]), MET, "Good, validated by Almega."),
    ("certificate asked, officer saw it: met", asks(requirement(CASH, validation="certificate")),
     person([has(CASH, source="assessed", by="Eva Ek")]), MET, "Good, assessed by Eva Ek."),
    ("certificate asked, self-reported: partly", asks(requirement(CASH, validation="certificate")),
     person([has(CASH)]), PARTLY, "Good, self-reported — to be shown by certificate or grades."),
    ("confirmed by the employer is the strongest evidence", asks(requirement(CASH, validation="industry")),
     person([has(CASH, source="employer_confirmed", by="ICA Kvantum")]), MET,
     "Good, confirmed by ICA Kvantum after an internship."),
    # --- broader, narrower, related -------------------------------------------------------
    ("narrower held meets the broader asked", asks(requirement(CLEANING)), person([has(HOSPITAL_CLEANING)]),
     MET, "Good, self-reported: Sjukhusstädning is a kind of Städtjänster."),
    ("narrower held but one step below: partly", asks(requirement(TRUCKS)), person([has(A_TRUCKS, level="basic")]),
     PARTLY, "Basic, self-reported; the profile asks for good, one step up."),
    ("broader held, narrower asked: partly", asks(requirement(A_TRUCKS)), person([has(TRUCKS)]),
     PARTLY, "Has the broader Truckvana (good, self-reported); the profile asks for A-truckar."),
    ("sibling under the same broader: partly", asks(requirement(OFFICE_CLEANING)), person([has(HOSPITAL_CLEANING)]),
     PARTLY, "Has the related Sjukhusstädning (good, self-reported), of the same kind as Kontorsstädning."),
    ("same specific heading: partly", asks(requirement(JAVA)), person([has(PYTHON)]),
     PARTLY, "Has the related Python, programmeringsspråk (good, self-reported), under the same heading as "
             "Java, programmeringsspråk."),
    ("the catch-all heading relates nothing", asks(requirement(CARETAKING)), person([has(CASH)]),
     UNKNOWN, "Not among the candidate's mapped competences."),
    # --- free text and unknown ------------------------------------------------------------
    ("free text written otherwise is not taken for the same", asks(requirement(text="Kemikaliehantering")),
     person([has(text="kemikalie-hantering")]), UNKNOWN, "Not among the candidate's mapped competences."),
    ("free text matches in normal form", asks(requirement(text="Kemikaliehantering")),
     person([has(text="KEMIKALIEHANTERING ")]), MET, "Good, self-reported."),
    ("nothing mapped is unknown, not failed", asks(requirement(CLEANING)), person(),
     UNKNOWN, "No competences are mapped for the candidate yet."),
    # --- licences ---------------------------------------------------------------------------
    ("licence held", Demand(licences=[LICENCES["B"]]), person(licences=["B"]), MET, "Holds B."),
    ("C implies B", Demand(licences=[LICENCES["B"]]), person(licences=["C"]), MET, "Holds C, which includes B."),
    ("CE implies C", Demand(licences=[LICENCES["C"]]), person(licences=["CE"]), MET, "Holds CE, which includes C."),
    ("CE implies BE", Demand(licences=[LICENCES["BE"]]), person(licences=["CE"]), MET, "Holds CE, which includes BE."),
    ("D implies B", Demand(licences=[LICENCES["B"]]), person(licences=["D"]), MET, "Holds D, which includes B."),
    ("A includes A1", Demand(licences=[LICENCES["A1"]]), person(licences=["A"]), MET, "Holds A, which includes A1."),
    ("B does not include C", Demand(licences=[LICENCES["C"]]), person(licences=["B"]),
     NOT_MET, "Holds B, which does not include C."),
    ("B does not include A", Demand(licences=[LICENCES["A"]]), person(licences=["B"]),
     NOT_MET, "Holds B, which does not include A."),
    ("no licence recorded is unknown", Demand(licences=[LICENCES["B"]]), person(),
     UNKNOWN, "No driving licence recorded for the candidate."),
    ("other licence written the same way", Demand(other_licences=["Truckkort"]), person(other_licences=["truckkort"]),
     MET, "Recorded for the candidate as written."),
    ("other licence not recorded: check by hand", Demand(other_licences=["Truckkort"]), person(),
     UNKNOWN, "Not in the vocabulary, and not recorded for the candidate as written: check it by hand."),
    # --- languages and Swedish ----------------------------------------------------------------
    ("language at the level asked", Demand(languages=[LanguageRequirement(language=ENGLISH, level="B1")]),
     person(languages=[(ENGLISH, "B2")]), MET, "B2."),
    ("language one level below", Demand(languages=[LanguageRequirement(language=ENGLISH, level="B1")]),
     person(languages=[(ENGLISH, "A2")]), PARTLY, "A2, one step below B1."),
    ("language far below", Demand(languages=[LanguageRequirement(language=ENGLISH, level="C1")]),
     person(languages=[(ENGLISH, "A2")]), NOT_MET, "A2; the profile asks for C1."),
    ("language not recorded", Demand(languages=[LanguageRequirement(language=ENGLISH, level="A2")]),
     person(languages=[(ARABIC, "C2")]), UNKNOWN, "Not recorded for the candidate."),
    ("Swedish asked in CEFR reads the SFI level", Demand(languages=[LanguageRequirement(language=SWEDISH, level="B1")]),
     person(swedish="sfi_c"), MET, "B1."),
    ("Swedish in CEFR, SFI B is A2", Demand(languages=[LanguageRequirement(language=SWEDISH, level="B1")]),
     person(swedish="sfi_b"), PARTLY, "A2, one step below B1."),
    ("Swedish level met", Demand(swedish_level="sfi_d"), person(swedish="sas_basic"),
     MET, "Swedish as a second language, basic (≈ B2)."),
    ("Swedish one course below", Demand(swedish_level="sfi_d"), person(swedish="sfi_c"),
     PARTLY, "SFI course C (≈ B1), one step below SFI course D."),
    ("Swedish far below", Demand(swedish_level="sas_basic"), person(swedish="sfi_b"),
     NOT_MET, "SFI course B (≈ A2); the profile asks for Swedish as a second language, basic."),
    ("Swedish not recorded", Demand(swedish_level="sfi_d"), person(), UNKNOWN, "Not recorded for the candidate."),
    # --- education -------------------------------------------------------------------------------
    ("education above", Demand(education_level="upper_secondary"), person(education="post_secondary"),
     MET, "Post-secondary."),
    ("education below", Demand(education_level="upper_secondary"), person(education="below_upper_secondary"),
     NOT_MET, "Below upper secondary; the profile asks for upper secondary."),
    ("education not recorded", Demand(education_level="upper_secondary"), person(), UNKNOWN,
     "Not recorded for the candidate."),
]


@pytest.mark.parametrize(("case", "demand", "known", "status", "reason"), CASES, ids=[c[0] for c in CASES])
def test_case(case, demand, known, status, reason):
    check = one(demand, known)
    assert (check.status, check.reason) == (status, reason)


def test_the_table_is_long_enough_and_covers_every_state():
    assert len(CASES) >= 30
    assert {c[3] for c in CASES} == {MET, PARTLY, NOT_MET, UNKNOWN}


@pytest.mark.parametrize(("held", "covers"), [
    (["B"], {"B", "AM"}),
    (["C"], {"C", "C1", "B", "AM"}),
    (["CE"], {"CE", "C", "C1E", "C1", "BE", "Utökad B", "B", "AM"}),
    (["DE"], {"DE", "D", "D1E", "D1", "BE", "Utökad B", "B", "AM"}),
    (["A"], {"A", "A2", "A1", "AM"}),
    (["A1", "B"], {"A1", "B", "AM"}),
])
def test_licence_implications(held, covers):
    assert set(licences_covered(held)) == covers


def test_a_held_licence_is_named_as_itself_even_when_another_includes_it():
    assert licences_covered(["CE", "B"])["B"] == "B"


def test_ranking_musts_first_then_merits_then_evidence_then_unknowns():
    demand = asks(requirement(CLEANING, level="very_good", pk=1), requirement(CASH, pk=2),
                  requirement(TRUCKS, kind="merit", pk=3))

    def named(name, *competences):
        known = person(competences)
        known.participant = Participant(pk=ord(name), first_name=name, last_name="Test")
        return match(demand, known)

    ranked = sorted([
        named("F", has(CLEANING, level="basic"), has(CASH), has(TRUCKS)),  # a must not met: last
        named("E"),  # nothing known
        named("D", has(CLEANING), has(CASH), has(TRUCKS)),  # a must only partly met
        named("C", has(CLEANING, level="very_good", source="validated"), has(CASH, source="validated")),  # no merit
        named("B", has(CLEANING, level="very_good"), has(CASH), has(TRUCKS)),  # all, self-reported
        named("A", has(CLEANING, level="very_good", source="validated"), has(CASH, source="validated"), has(TRUCKS)),
    ], key=lambda m: m.sort_key())
    assert [m.participant.first_name for m in ranked] == ["A", "B", "C", "D", "E", "F"]
    assert [m.meets_all_musts for m in ranked] == [True, True, True, False, False, False]


def test_columns_name_every_check_in_order():
    demand = Demand(requirements=[requirement(CLEANING, pk=7)], licences=[LICENCES["B"]], swedish_level="sfi_d",
                    languages=[LanguageRequirement(language=ENGLISH, level="A2", kind="merit")],
                    other_licences=["Truckkort"], education_level="upper_secondary")
    keys = [key for key, _label, _kind in demand.columns()]
    checks = match(demand, person()).checks
    assert keys == [c.key for c in checks] == ["r7", f"l{ENGLISH.pk}", "swedish", "klic-B", "otruckkort", "education"]


def test_without_a_profile_nothing_is_checked():
    assert match(Demand(), person([has(CLEANING)])).checks == []
    assert Demand.of(None).empty
