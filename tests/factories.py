import datetime
import itertools

import factory
from stdnum import luhn

from accounts.models import LocalAgreement, Membership, Organisation, Role, SteeringGroup, User
from employers.models import Employer

_org_numbers = itertools.count(100001)


def valid_org_number():
    """A fresh organisation number that passes python-stdnum's check (aktiebolag, 55xxxx)."""
    base = f"556{next(_org_numbers):06d}"
    number = base + luhn.calc_check_digit(base)
    return f"{number[:6]}-{number[6:]}"


# Staff are named from pools that hold no surname Faker gives participants (and none contains one),
# so a test that looks for a participant's name on a page that also names staff cannot be fooled by
# a shared surname ('Eva Andersson' beside 'Iris Andersson' failed a CI run).
STAFF_FIRST_NAMES = ["Eva", "Maja", "Lars", "Karin", "Sofia", "Jonas", "Elin", "Tove", "Ebba", "Mats",
                     "Stina", "Hugo", "Vera", "Ture", "Greta", "Nils", "Alva", "Sixten", "Tyra", "Bo"]
STAFF_LAST_NAMES = ["Stiernhök", "Fjällgren", "Brännmark", "Lövgrund", "Rimfors", "Kvarnsten", "Älvhammar",
                    "Granrot", "Videfors", "Myrstedt"]


def staff_name(n: int) -> str:
    return f"{STAFF_FIRST_NAMES[n % len(STAFF_FIRST_NAMES)]} {STAFF_LAST_NAMES[(n // 3) % len(STAFF_LAST_NAMES)]}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@test.jobbspar.example")
    full_name = factory.Sequence(staff_name)
    password = factory.django.Password("test-password-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.EMPLOYER
    name = factory.Sequence(lambda n: f"Organisation {n}")
    municipality_id = "1480"
    org_number = ""


class MunicipalityOrganisationFactory(OrganisationFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["kind", "municipality_id"]

    kind = Organisation.Kind.MUNICIPALITY
    name = factory.LazyAttribute(lambda o: f"Kommun {o.municipality_id}")


class AFOfficeFactory(OrganisationFactory):
    kind = Organisation.Kind.AF_OFFICE
    name = factory.Sequence(lambda n: f"AF kontor {n}")


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    organisation = factory.SubFactory(
        OrganisationFactory, kind=Organisation.Kind.EMPLOYER, org_number=factory.LazyFunction(valid_org_number)
    )
    sector = Employer.Sector.PRIVATE
    size_band = Employer.SizeBand.SMALL
    industry = "Detaljhandel"


class LocalAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAgreement

    name = factory.Sequence(lambda n: f"Lokal överenskommelse {n}")
    municipality = factory.SubFactory(MunicipalityOrganisationFactory)
    af_office = factory.SubFactory(AFOfficeFactory)
    valid_from = datetime.date(2025, 1, 1)


class SteeringGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringGroup

    agreement = factory.SubFactory(LocalAgreementFactory)
    name = factory.Sequence(lambda n: f"Styrgrupp {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.COORDINATOR
    organisation = factory.SubFactory(MunicipalityOrganisationFactory)


def make_track(*, coordinator, municipality, employers, partners=(), agreement=None, accepted=True, **fields):
    """A track made the way the app makes one: through the service, checklist included; its
    partners and employers have accepted their invitations (`accepted=False` leaves them asking)."""
    from tracks.services import invitation_accept, track_create

    defaults = {
        "title": "Fastighetsskötare med Bostadsbolaget",
        "occupation_id": "5152",
        "lead_municipality": municipality,
        "agreement": agreement,
        "places": 8,
        "intended_hires": 6,
        "planned_start": datetime.date(2026, 9, 7),
        "planned_end": datetime.date(2027, 3, 26),
        "target_groups": ["newly_arrived"],
    }
    track = track_create(actor=coordinator, employers=list(employers), partners=list(partners), **{**defaults, **fields})
    if accepted:
        for invitation in track.invitations.filter(status="invited"):
            invitation_accept(invitation=invitation, actor=coordinator)
    return track


_birth_numbers = itertools.count(1)


def valid_personnummer(year=1990):
    """A fictitious personnummer with a valid check digit: born 1 Jan–28 Dec of `year`."""
    n = next(_birth_numbers)
    month, day, serial = 1 + (n // 28) % 12, 1 + n % 28, 100 + n % 800
    base = f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}"
    return f"{year // 100}{base}{luhn.calc_check_digit(base)}"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Participant"

    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    personnummer = factory.LazyFunction(valid_personnummer)
    gender = "woman"
    education_level = "upper_secondary"
    swedish_level = "sfi_d"
    registered_at_af = True
    home_municipality_id = "1480"
