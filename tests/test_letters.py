"""A signed letter of intent is a record: its content is frozen at signing; a change makes a new
version that is sent and signed again, and every signed version's PDF can still be opened."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditEvent
from tracks import services
from tracks.models import LetterOfIntent, SignedLetter

from .factories import make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once


@pytest.fixture
def signed(world):
    """A letter the employer signed: four hires, two supervisors."""
    coordinator = world.user("coordinator")
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer])
    letter = services.letter_revise(letter=track.letters.get(), actor=coordinator, intended_hires=4, supervisors=2)
    services.letter_send(letter=letter, actor=coordinator)
    return services.letter_sign(letter=letter, actor=world.user("employer"), name="Johan Berg", title="VD",
                                signed_on=timezone.localdate())


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def commitments(**changes):
    return {"intended_hires": "4", "internship_places": "0", "supervisors": "2", "takes_part_in_selection": "on",
            "other_commitments": "", **changes}


def test_a_signed_letter_is_not_changed_in_place_but_versioned(client, world, signed):
    client.force_login(world.user("coordinator"))
    edit = reverse("tracks:letter_edit", args=[signed.track_id, signed.pk])
    assert "Version 1 är underskriven och står kvar som den skrevs under." in client.get(edit).content.decode()
    response = client.post(edit, commitments(intended_hires="9"))
    assert response.status_code == 302
    signed.refresh_from_db()
    assert (signed.version, signed.status, signed.intended_hires, signed.signed_on) == (2, "draft", 9, None)
    assert [(v.version, v.intended_hires, v.signed_by_name) for v in signed.signed_versions.all()] == [(1, 4, "Johan Berg")]
    event = AuditEvent.objects.filter(action="letter.revise", object_id=str(signed.pk)).latest("pk")
    assert event.detail == {"fields": ["intended_hires"], "version": 2, "was": "signed"}


def test_each_signed_versions_pdf_reads_as_it_was_signed(client, world, signed):
    coordinator = world.user("coordinator")
    services.letter_revise(letter=signed, actor=coordinator, intended_hires=9)
    services.letter_send(letter=signed, actor=coordinator)
    services.letter_sign(letter=signed, actor=world.user("employer"), name="Lena Ek", title="HR-chef",
                         signed_on=timezone.localdate())
    client.force_login(world.user("employer"))
    first = pdf_text(client.get(reverse("tracks:letter_version_pdf", args=[signed.track_id, signed.pk, 1])))
    second = pdf_text(client.get(reverse("tracks:letter_version_pdf", args=[signed.track_id, signed.pk, 2])))
    assert "anställa 4 deltagare" in first and "Johan Berg" in first and "version 1" in first
    assert "anställa 9 deltagare" in second and "Lena Ek" in second and "version 2" in second
    page = client.get(reverse("tracks:letters", args=[signed.track_id])).content.decode()
    assert "Version 1, underskriven" in page and "Version 2, underskriven" in page
    assert client.get(reverse("tracks:letter_version_pdf", args=[signed.track_id, signed.pk, 3])).status_code == 404


def test_a_sent_letter_changed_goes_back_to_draft(world):
    coordinator = world.user("coordinator")
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer])
    letter = services.letter_send(letter=track.letters.get(), actor=coordinator)
    services.letter_revise(letter=letter, actor=coordinator, supervisors=3)
    letter.refresh_from_db()
    assert (letter.status, letter.sent_at, letter.version, letter.supervisors) == ("draft", None, 1, 3)


def test_a_signed_version_cannot_be_rewritten_or_removed(signed):
    version = signed.signed_versions.get()
    version.intended_hires = 99
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        SignedLetter.objects.filter(pk=version.pk).update(intended_hires=99)
    with pytest.raises(PermissionError):
        SignedLetter.objects.filter(pk=version.pk).delete()
    assert SignedLetter.objects.get(pk=version.pk).intended_hires == 4


def test_a_signed_letter_cannot_be_waived(world, signed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.letter_waive(letter=signed, actor=world.user("coordinator"), reason="Behövs inte.")
    assert LetterOfIntent.objects.get(pk=signed.pk).status == "signed"


@pytest.mark.parametrize("places, said", [(1, "Erbjuder 1 praktikplats."), (3, "Erbjuder 3 praktikplatser.")])
def test_the_letter_counts_in_words_not_with_brackets(world, places, said):
    from django.template.loader import render_to_string
    from django.utils import translation

    coordinator = world.user("coordinator")
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer])
    letter = services.letter_revise(letter=track.letters.get(), actor=coordinator, intended_hires=1,
                                    internship_places=places, supervisors=1)
    with translation.override("sv"):
        text = render_to_string("tracks/_letter_text.html", {"letter": letter, "track": track})
    assert said in text and "(er)" not in text
    assert "Avser att anställa 1 deltagare som fullföljer jobbspåret." in text
