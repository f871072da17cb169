import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_unknown_page_says_so_in_swedish(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in response.content.decode()


def test_forbidden_page_says_so_in_swedish(client, world):
    client.force_login(world.user("coordinator"))
    theirs = world.user("coordinator_outsider").memberships.get()
    response = client.post(reverse("switch_membership"), {"membership": theirs.pk})
    assert response.status_code == 403
    assert "<h1>Du har inte behörighet till den här sidan</h1>" in response.content.decode()
