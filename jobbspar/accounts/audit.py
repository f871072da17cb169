"""The one way to write an audit event. Later features call it for every read and change
of personal data, so it must be cheap (one INSERT) and never fail silently."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def record(actor, action: str, obj=None, detail: dict | None = None) -> AuditEvent:
    """Append an audit event: `actor` did `action` to `obj` (any model instance, or None)."""
    event = AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        detail=detail or {},
    )
    if obj is not None:
        event.content_type = ContentType.objects.get_for_model(obj)
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:200]
    event.save(force_insert=True)
    return event


def record_many(actor, action: str, objs, detail: dict | None = None) -> int:
    """One event per object in one INSERT: e.g. every person in an export."""
    objs = list(objs)
    if not objs:
        return 0
    content_type = ContentType.objects.get_for_model(objs[0])
    AuditEvent.objects.bulk_create([
        AuditEvent(
            actor=actor if getattr(actor, "is_authenticated", False) else None, action=action, detail=detail or {},
            content_type=content_type, object_id=str(obj.pk), object_repr=str(obj)[:200],
        )
        for obj in objs
    ], batch_size=1000)
    return len(objs)


def record_read(request, objs, what: str = "view", **detail) -> int:
    """A read of personal data: who (the request's user), which person or persons, what was read,
    and from which page."""
    objs = objs if isinstance(objs, (list, tuple)) else [objs]
    return record_many(request.user, f"participant.{what}", objs, {"page": request.path, **detail})
