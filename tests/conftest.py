import pytest

from .personas import build_world


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(reference_data):
    """Every persona of the permission matrix, with a home side and an outsider's side."""
    return build_world()


@pytest.fixture
def coordinator(world):
    return world.user("coordinator")


@pytest.fixture
def municipality_officer(world):
    return world.user("municipality_officer")


@pytest.fixture
def af_officer(world):
    return world.user("af_officer")


@pytest.fixture
def employer_rep(world):
    return world.user("employer")


@pytest.fixture
def steering_member(world):
    return world.user("steering")


@pytest.fixture
def administrator(world):
    return world.user("administrator")


@pytest.fixture
def outsider(world):
    """A coordinator of another organisation: same role, never the same objects."""
    return world.user("coordinator_outsider")


@pytest.fixture
def reference_data(db):
    """Municipalities and counties. A data migration loads them, but a transactional test
    (browser, worker) empties every table when it ends, so such tests load them again."""
    from jobbspar.accounts.models import County, Municipality
    from jobbspar.accounts.reference_data import load_municipalities

    load_municipalities(County, Municipality)


@pytest.fixture
def demo_data(settings, reference_data):
    """The demo organisations and users from `seed_demo` (which refuses to run with DEBUG off)."""
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
