import pytest

from .personas import build_world


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(reference_data):
    """Every persona of the permission matrix, with a home side and an outsider's side."""
    return build_world()


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
def reference_data(db):
    """Municipalities and counties. A data migration loads them, but a transactional test
    (browser, worker) empties every table when it ends, so such tests load them again."""
    from employers.models import Occupation
    from employers.reference_data import load_occupations
    from jobbspar.accounts.models import County, Municipality
    from jobbspar.accounts.reference_data import load_municipalities

    load_municipalities(County, Municipality)
    load_occupations(Occupation)


@pytest.fixture
def demo_data(settings, reference_data):
    """The demo organisations and users from `seed_demo` (which refuses to run with DEBUG off)."""
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
