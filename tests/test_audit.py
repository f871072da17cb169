import pytest

from accounts.audit import READS, Change, Read, record
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_record_writes_who_what_and_which_object(coordinator, world):
    organisation = world.home.employer
    event = record(coordinator, Change.TRACK_UPDATE, organisation, {"page": "dashboard"})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.action, stored.object_id, stored.object_repr, stored.detail) == (
        coordinator,
        "track.update",
        str(organisation.pk),
        organisation.name,
        {"page": "dashboard"},
    )
    assert stored.content_type.model_class() is type(organisation)


def test_an_undeclared_action_is_refused(coordinator):
    with pytest.raises(ValueError, match="Undeclared audit action 'organisation.view'"):
        record(coordinator, "organisation.view")
    assert not AuditEvent.objects.filter(action="organisation.view").exists()


def test_the_access_logs_reads_are_every_declared_read():
    """The monthly review counts what `Read` declares: a register extract is a read like any other."""
    assert READS == frozenset(Read.values)
    assert "participant.subject_access_export" in READS
    assert READS.isdisjoint(Change.values)


def test_record_without_object_or_logged_in_actor():
    from django.contrib.auth.models import AnonymousUser

    event = record(AnonymousUser(), "login.failed", detail={"username": "x@example.org"})
    assert (event.actor, event.object_id, event.content_type) == (None, "", None)


def test_audit_event_cannot_be_changed(coordinator):
    event = record(coordinator, "participant.view")
    event.action = "something else"
    with pytest.raises(PermissionError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "participant.view"


def test_audit_event_cannot_be_deleted(coordinator):
    event = record(coordinator, "participant.view")
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    assert AuditEvent.objects.filter(pk=event.pk).count() == 1
