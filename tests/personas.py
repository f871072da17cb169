"""One user per role in a home world (Göteborg), and an outsider of the same role in another
(Trollhättan): the outsider must never see the home world's objects."""

from dataclasses import dataclass

from jobbspar.accounts.models import Membership, Role

from .factories import (
    AFOfficeFactory,
    EmployerFactory,
    MembershipFactory,
    MunicipalityOrganisationFactory,
    SteeringGroupFactory,
    UserFactory,
)

ROLE_PERSONAS = {
    "coordinator": Role.COORDINATOR,
    "municipality_officer": Role.MUNICIPALITY_OFFICER,
    "af_officer": Role.AF_OFFICER,
    "employer": Role.EMPLOYER_REPRESENTATIVE,
    "steering": Role.STEERING_GROUP_MEMBER,
}
# Every persona the permission matrix walks; "anonymous" is the logged-out visitor.
PERSONAS = (
    ["anonymous"]
    + list(ROLE_PERSONAS)
    + [f"{name}_outsider" for name in ROLE_PERSONAS]
    + ["administrator", "no_role"]
)


@dataclass
class Side:
    """The organisations of one municipality's world."""

    municipality: object
    af_office: object
    employer: object
    steering_group: object

    @classmethod
    def build(cls, municipality_code):
        municipality = MunicipalityOrganisationFactory(municipality_id=municipality_code)
        af_office = AFOfficeFactory(municipality_id=municipality_code)
        employer = EmployerFactory(organisation__municipality_id=municipality_code).organisation
        group = SteeringGroupFactory(agreement__municipality=municipality, agreement__af_office=af_office)
        return cls(municipality, af_office, employer, group)

    def scope_for(self, role):
        return {
            Role.COORDINATOR: {"organisation": self.municipality},
            Role.MUNICIPALITY_OFFICER: {"organisation": self.municipality},
            Role.AF_OFFICER: {"organisation": self.af_office},
            Role.EMPLOYER_REPRESENTATIVE: {"organisation": self.employer},
            Role.STEERING_GROUP_MEMBER: {"steering_group": self.steering_group, "organisation": None},
        }[role]


@dataclass
class World:
    home: Side
    away: Side
    users: dict

    def user(self, persona):
        return self.users.get(persona)


def build_world() -> World:
    home, away = Side.build("1480"), Side.build("1488")
    users = {}
    for persona, role in ROLE_PERSONAS.items():
        for side, name in ((home, persona), (away, f"{persona}_outsider")):
            membership = MembershipFactory(
                user=UserFactory(email=f"{name}@test.jobbspar.example"), role=role, **side.scope_for(role)
            )
            users[name] = membership.user
    admin = UserFactory(email="administrator@test.jobbspar.example", is_staff=True, is_superuser=True)
    Membership.objects.create(user=admin, role=Role.ADMINISTRATOR)
    users["administrator"] = admin
    users["no_role"] = UserFactory(email="no_role@test.jobbspar.example")
    return World(home=home, away=away, users=users)
