import pytest
from django.urls import reverse

from accounts.audit import READS, Change, Read, record
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once


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


def test_every_change_and_decision_writes_its_event(world):
    """What wrote nothing before: resolving a problem, deciding a proposal, checklist changes,
    workplace feedback and the +90/+180 checks."""
    from tracks import services

    coordinator, employer = world.user("coordinator"), world.user("employer")
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    services.problem_resolve(problem=world.objects["problem"], actor=coordinator)
    services.proposal_decide(proposal=world.objects["proposal"], actor=coordinator, accept=True)
    services.checklist_item_set_status(item=world.objects["item"], actor=coordinator, status="done")
    services.feedback_add(candidacy=world.objects["enrolled"], actor=employer, text="Punktlig.")
    services.outcome_check_record(check=world.objects["check"], actor=coordinator, status="employment")
    written = list(AuditEvent.objects.filter(pk__gt=last).order_by("pk").values_list("action", "actor"))
    assert written == [("problem.resolve", coordinator.pk), ("proposal.decide", coordinator.pk),
                       ("checklist.status", coordinator.pk), ("feedback.add", employer.pk),
                       ("outcome.check", coordinator.pk)]


def test_a_register_extract_counts_in_the_monthly_review(client, world):
    from django.utils import timezone

    from jobbspar.privacy.access_log import monthly_review

    coordinator = world.user("coordinator")
    person = world.objects["participant"]
    client.force_login(coordinator)
    client.post(reverse("privacy:subject_access_export", args=[person.pk]))
    today = timezone.localdate()
    reader = next(r for r in monthly_review(today.year, today.month)["readers"] if r.user == coordinator)
    assert (reader.reads, reader.people) == (1, {str(person.pk)})
