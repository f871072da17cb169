import copy
import datetime

import pytest

from .factories import ParticipantFactory, make_track
from .personas import build_world


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_is_a_whole_login(monkeypatch):
    """`client.force_login(user)` stands for a finished login, the second factor included: the
    session is marked as the code step marks it (accounts/two_factor.py). Tests of the code step
    itself log in through the login form (tests/test_two_factor.py)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    force_login = Client.force_login

    def whole_login(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = "tests.force_login"
        session.save()

    monkeypatch.setattr(Client, "force_login", whole_login)


@pytest.fixture(autouse=True)
def own_cache(settings, tmp_path):
    """A cache of each test's own, so cached figures never leak from one test into another."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}}


def _media_settings(root, storages) -> dict:
    return {"MEDIA_ROOT": str(root), "STORAGES": {
        **storages, "reports": {**storages["reports"], "OPTIONS": {"location": str(root / "reports"), "allow_overwrite": True}},
    }}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Report files of each test in its own folder (MEDIA_ROOT/reports, as in production);
    a worker started by a test is given the same MEDIA_ROOT."""
    root = tmp_path / "media"
    for name, value in _media_settings(root, settings.STORAGES).items():
        setattr(settings, name, value)
    return root


@pytest.fixture(scope="module")
def shared_media(tmp_path_factory):
    """The report files of a module's shared world (see `shared_world`)."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def world(reference_data):
    """Every persona of the permission matrix, with a home side and an outsider's side."""
    return build_world()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, shared_media):
    """The same world, built once for a whole module inside a transaction that is rolled back when
    the module ends. Each test that uses it runs in a savepoint of its own (pytest-django's `db`),
    so what one test changes is gone before the next. For modules whose tests only read the world
    or change it through requests (the permission matrix, the bad-input sweep)."""
    from django.conf import settings
    from django.db import transaction
    from django.test import override_settings

    fast = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}
    with django_db_blocker.unblock(), override_settings(**_media_settings(shared_media, settings.STORAGES), **fast):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            _load_reference_data()
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _persona(name, doc):
    @pytest.fixture
    def fixture(world):
        return world.user(name)

    fixture.__doc__ = doc
    return fixture


coordinator = _persona("coordinator", "A coordinator in the home municipality.")
municipality_officer = _persona("municipality_officer", "A municipality officer in the home municipality.")
af_officer = _persona("af_officer", "An AF officer at the home AF office.")
employer_rep = _persona("employer", "An employer representative of the home employer.")
steering_member = _persona("steering", "A member of the home agreement's steering group.")
administrator = _persona("administrator", "The operator's administrator.")
outsider = _persona("coordinator_outsider", "A coordinator of another organisation: same role, never the same objects.")


@pytest.fixture
def world_once(shared_world, shared_media, settings, db):
    """The module's shared world for one test: fresh Python objects (a deep copy of the world as it
    was built), its rows rolled back when the test ends, its report files where it made them. A
    module opts in by defining `world` as this; its tests must not be transactional, and must
    not expect an empty database."""
    for name, value in _media_settings(shared_media, settings.STORAGES).items():
        setattr(settings, name, value)
    return copy.deepcopy(shared_world)


def _load_reference_data():
    from accounts.models import County, Municipality
    from accounts.reference_data import load_municipalities
    from employers.models import Occupation
    from employers.reference_data import load_occupations

    load_municipalities(County, Municipality)
    load_occupations(Occupation)
    from taxonomy.loader import load
    from taxonomy.models import Concept, Synonym, Version

    if not Concept.objects.exists():
        load(Concept, Synonym, Version, version="JobTech Taxonomy, as shipped")


@pytest.fixture
def reference_data(db):
    """Municipalities, counties, occupations and the vocabulary. Data migrations load them, but a
    transactional test (browser, worker) empties every table when it ends, so such tests load
    them again."""
    _load_reference_data()


@pytest.fixture
def demo_data(settings, reference_data):
    """The demo organisations and users from `seed_demo` (which refuses to run with DEBUG off)."""
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


@pytest.fixture
def kpi_tracks(world):
    """One more track: 5 nominated (3 women, 2 men); 4 shortlisted; 3 approved and enrolled
    1 Jun 2026; outcomes: a woman to work on 31 Aug (91 days), a man to work with subsidy on
    30 Sep (121 days), a woman left early. One +90 check recorded: still employed.
    The woman at work is young and newly arrived, post-secondary, from Göteborg; the man is
    newly arrived from Trollhättan; the woman who left is in no target group. The track's one
    employer is private and small (the factory's defaults)."""
    from tracks import services
    from tracks.models import Candidacy, OutcomeCheck, Track

    coordinator = world.user("coordinator")
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer])
    people = [ParticipantFactory(gender=g, target_groups=[]) for g in ("woman", "woman", "woman", "man", "man")]
    people[0].target_groups, people[0].education_level = ["young", "newly_arrived"], "post_secondary"
    people[3].target_groups, people[3].home_municipality_id = ["newly_arrived"], "1488"
    for person in (people[0], people[3]):
        person.save()
    candidacies = [Candidacy.objects.create(track=track, participant=p, nominated_by=coordinator,
                                            nominating_organisation=world.home.municipality, motivation="x") for p in people]
    shortlist = services.shortlist_create(track=track, employer=world.home.employer, candidacies=candidacies[:4],
                                          deadline=datetime.date(2099, 1, 1), actor=coordinator)
    services.shortlist_send(shortlist=shortlist, actor=coordinator)
    entries = {e.candidacy_id: e for e in shortlist.entries.all()}
    for c in (candidacies[0], candidacies[1], candidacies[3]):
        services.shortlist_decide(entry=entries[c.pk], actor=world.user("employer"), decision="approved")
        c.refresh_from_db()
        services.candidacy_enrol(candidacy=c, actor=coordinator, start=datetime.date(2026, 6, 1))
    services.shortlist_decide(entry=entries[candidacies[2].pk], actor=world.user("employer"), decision="declined", reason="swedish")
    services.outcome_record(candidacy=candidacies[0], actor=coordinator, kind="employment", date=datetime.date(2026, 8, 31),
                            employer=world.home.employer, employment_form="permanent")
    services.outcome_record(candidacy=candidacies[3], actor=coordinator, kind="subsidised", date=datetime.date(2026, 9, 30),
                            subsidy="new_start", employer=world.home.employer, employment_form="fixed_term")
    services.outcome_record(candidacy=candidacies[1], actor=coordinator, kind="left_early", date=datetime.date(2026, 7, 1),
                            reason="Flyttade.")
    check = OutcomeCheck.objects.get(candidacy=candidacies[0], days_after=90)
    services.outcome_check_record(check=check, actor=coordinator, status="employment")
    return Track.objects.filter(pk=track.pk)
