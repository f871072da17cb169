import pytest
from django.core.management import CommandError, call_command
from stdnum.se import orgnr

from accounts.models import LocalAgreement, Membership, Organisation, Role, User
from employers.models import Employer
from jobbspar.management.commands.seed_demo import DEMO_PASSWORD, USERS

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (User, Organisation, Membership, LocalAgreement, Employer)]


def test_seed_demo_is_idempotent(demo_data, settings):
    before = counts()
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert counts() == before


def test_seed_demo_refuses_with_debug_off(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert User.objects.count() == 0


def test_seed_demo_users_have_their_roles(demo_data):
    held = {(m.user.email, m.role) for m in Membership.objects.select_related("user")}
    assert held == {(email, role) for email, _name, role, _where in USERS}
    assert all(u.check_password(DEMO_PASSWORD) for u in User.objects.filter(is_participant=False))
    # The demo participants log in with a one-time code, never a password.
    participants = User.objects.filter(is_participant=True)
    assert participants.count() == 2 and not any(u.has_usable_password() for u in participants)


def test_seed_demo_employers_differ_and_have_valid_org_numbers(demo_data):
    employers = list(Employer.objects.select_related("organisation"))
    assert len(employers) >= 3
    assert all(orgnr.is_valid(e.organisation.org_number) for e in employers)
    assert len({(e.size_band, e.industry) for e in employers}) == len(employers)


def test_seed_demo_municipalities_and_agreements(demo_data):
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    assert sorted(municipalities.values_list("municipality__code", flat=True)) == ["1480", "1488", "2510"]
    assert Organisation.objects.filter(kind=Organisation.Kind.AF_OFFICE).count() == 3
    agreements = LocalAgreement.objects.select_related("municipality", "steering_group")
    assert sorted((a.municipality.name, a.steering_group.name) for a in agreements) == [
        ("Göteborgs kommun", "Styrgruppen Göteborg"),
        ("Trollhättans kommun", "Styrgruppen Trollhättan"),
    ]
    steering = Membership.objects.get(role=Role.STEERING_GROUP_MEMBER)
    assert steering.steering_group.agreement.municipality.name == "Göteborgs kommun"


def test_seed_demo_tracks_cover_every_phase_and_the_process(demo_data):
    from tracks.gaps import find_gaps
    from tracks.models import Problem, Track

    tracks = Track.objects.select_related("lead_municipality")
    assert {t.phase for t in tracks} == {"planning", "recruitment", "execution", "closing", "closed", "cancelled"}
    assert {t.lead_municipality.name for t in tracks} == {"Göteborgs kommun", "Trollhättans kommun", "Jokkmokks kommun"}
    closed = tracks.get(phase="closed")
    assert (closed.successor.round_number, closed.successor.phase) == (2, "recruitment")
    gaps = {
        t.title: find_gaps([(i.start_date, i.end_date) for i in t.interventions.all()]) for t in tracks
    }
    assert [title for title, found in gaps.items() if found] == ["Undersköterskor till Omsorgspartner Väst"]
    awaiting = Problem.objects.filter(escalated_at__isnull=False, decided_at__isnull=True).select_related("track__agreement")
    assert [p.track.agreement.name for p in awaiting] == ["Lokal överenskommelse Göteborg"]


def test_seed_demo_has_participants_at_several_stages_and_a_pending_shortlist(demo_data, client):
    from django.urls import reverse

    from accounts.models import User
    from participants.models import Participant
    from tracks.models import Candidacy, Shortlist

    assert set(Candidacy.objects.values_list("status", flat=True)) == {
        "nominated", "shortlisted", "approved_for_interview", "approved", "declined", "enrolled", "completed", "left_early"}
    assert Participant.objects.count() >= 40
    assert sorted(Shortlist.objects.filter(sent_at__isnull=False).values_list("employer__name", flat=True)) == [
        "Framtidens Bostäder AB", "Handelshuset i Trollhättan AB", "Omsorgspartner Väst AB"]
    pending = Shortlist.objects.get(employer__name="Handelshuset i Trollhättan AB")
    client.force_login(User.objects.get(email="arbetsgivare@handel.jobbspar.example"))
    assert reverse("tracks:shortlist", args=[pending.pk]) in client.get(reverse("dashboard")).content.decode()


def test_seed_demo_outcomes_give_realistic_shares(demo_data):
    from collections import Counter

    from tracks.models import Outcome

    closed = Counter(Outcome.objects.filter(candidacy__track__phase="closed").values_list("kind", flat=True))
    total = sum(closed.values())
    to_work = closed["employment"] + closed["subsidised"]
    assert total >= 5
    assert 0.4 <= to_work / total <= 0.8
    assert closed["studies"] >= 1
