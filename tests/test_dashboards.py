import pytest
from django.urls import reverse

from accounts.models import Membership, Role

from .factories import (
    LocalAgreementFactory,
    MembershipFactory,
    MunicipalityOrganisationFactory,
    SteeringGroupFactory,
    UserFactory,
)
from .queries import assert_queries_constant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once


@pytest.mark.parametrize(
    "persona, heading",
    [
        ("coordinator", "Dina jobbspår"),
        ("municipality_officer", "Kommunens jobbspår"),
        ("af_officer", "Jobbspår med Arbetsförmedlingen"),
        ("administrator", "Administration"),
        ("no_role", "Du har ingen roll än"),
    ],
)
def test_dashboard_shows_the_roles_start_page(client, world, persona, heading):
    client.force_login(world.user(persona))
    response = client.get(reverse("dashboard"))
    assert response.context["request"].LANGUAGE_CODE == "sv"
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_dashboard_employer_sees_own_organisation(client, world):
    client.force_login(world.user("employer"))
    response = client.get(reverse("dashboard"))
    assert response.context["organisation"] == world.home.employer


def test_dashboard_lists_only_own_organisations_agreements(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(reverse("dashboard"))
    assert [a.pk for a in response.context["agreements"]] == [world.home.steering_group.agreement.pk]


def test_dashboard_steering_member_sees_own_group(client, world):
    client.force_login(world.user("steering"))
    response = client.get(reverse("dashboard"))
    assert response.context["group"] == world.home.steering_group
    assert [m.user for m in response.context["members"]] == [world.user("steering")]


def test_dashboard_agreements_query_count_is_constant(client, db):
    municipality = MunicipalityOrganisationFactory(municipality_id="0180")
    coordinator = MembershipFactory(role=Role.COORDINATOR, organisation=municipality).user
    client.force_login(coordinator)
    assert_queries_constant(
        client,
        reverse("dashboard"),
        lambda: SteeringGroupFactory(agreement=LocalAgreementFactory(municipality=municipality)),
        bound=15,
    )


def test_dashboard_steering_members_query_count_is_constant(client, world):
    group = world.home.steering_group
    client.force_login(world.user("steering"))
    assert_queries_constant(
        client,
        reverse("dashboard"),
        lambda: Membership.objects.create(user=UserFactory(), role=Role.STEERING_GROUP_MEMBER, steering_group=group),
        bound=15,
    )


def test_header_offers_role_switch_to_user_with_two_memberships(client, world):
    coordinator = world.user("coordinator")
    second = Membership.objects.create(user=coordinator, role=Role.STEERING_GROUP_MEMBER, steering_group=world.home.steering_group)
    client.force_login(coordinator)
    assert client.get(reverse("dashboard")).context["membership"].role == Role.COORDINATOR
    response = client.post(reverse("switch_membership"), {"membership": second.pk, "next": "/"}, follow=True)
    assert response.context["membership"] == second
    assert "Du arbetar nu som styrgruppsledamot" in response.content.decode()


def test_dashboard_superuser_without_membership_gets_administration(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert "<h1>Administration</h1>" in client.get(reverse("dashboard")).content.decode()
