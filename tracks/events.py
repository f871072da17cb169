"""What happened on a track, kept and told: one rule.

Every recorded change (accounts.audit.changed) that concerns a track becomes a row of the track's
Händelser page. When someone who is not one of the track's coordinators does one of the things a
coordinator must react to — an employer signs or declines a letter, decides on a candidate,
proposes a requirement or gives workplace feedback; the steering group decides an escalation; an
organisation answers its invitation; an officer nominates or withdraws someone; an education provider
reports attendance, a completion or a deviation; a participant does a task — each coordinator
gets a notification, which reaches them in the app and by e-mail as they chose (at once, in the
daily digest, or not at all: accounts/notifications.py)."""

from django.urls import reverse
from django.utils import translation

from accounts.audit import Change, label
from accounts.notifications import Reminder, notify

from .models import Track, TrackEvent

TOLD = frozenset({
    Change.LETTER_SIGN, Change.LETTER_DECLINE, Change.SHORTLIST_DECIDE, Change.PROPOSAL_CREATE, Change.FEEDBACK_ADD,
    Change.PROBLEM_DECIDE, Change.CANDIDACY_NOMINATE, Change.PARTY_ACCEPT, Change.PARTY_DECLINE,
    Change.ATTENDANCE_RECORD, Change.COMPLETION_RECORD, Change.DEVIATION, Change.FOLLOWUP_PROVIDER_PART,
    Change.PARTICIPANT_TASK_DONE,
})
# Events about a person name the person only on the page, where the read is logged.
PERSON_ACTIONS = frozenset({Change.SHORTLIST_DECIDE, Change.FEEDBACK_ADD, Change.CANDIDACY_NOMINATE,
                            Change.CANDIDACY_STATUS, Change.COMPLETION_RECORD, Change.DEVIATION,
                            Change.FOLLOWUP_PROVIDER_PART, Change.PARTICIPANT_TASK_SET, Change.PARTICIPANT_TASK_DONE})


def track_of(event, obj) -> int | None:
    """The track an event concerns: the object itself, the object's track, or the one its detail names."""
    if isinstance(obj, Track):
        return obj.pk
    track_id = getattr(obj, "track_id", None) or (event.detail or {}).get("track")
    return track_id if isinstance(track_id, int) else None


def told(event) -> bool:
    if event.action == Change.CANDIDACY_STATUS:
        return (event.detail or {}).get("to") == "withdrawn"
    return event.action in TOLD


def on_change(sender, events, objects, **kwargs):
    pairs = [(event, track_of(event, obj)) for event, obj in zip(events, objects, strict=True)]
    pairs = [(event, track) for event, track in pairs if track is not None and event.pk is not None]
    if not pairs:
        return
    TrackEvent.objects.bulk_create([TrackEvent(track_id=track, audit_event=event, action=event.action,
                                               actor_id=event.actor_id, created_at=event.created_at)
                                    for event, track in pairs])
    to_tell = [(event, track) for event, track in pairs if told(event)]
    if not to_tell:
        return
    tracks = {t.pk: t for t in Track.objects.filter(pk__in={track for _e, track in to_tell}).only("pk", "title")}
    coordinators = Track.coordinators.through.objects.filter(track_id__in=tracks).values_list("track_id", "user_id")
    by_track: dict = {}
    for track_id, user_id in coordinators:
        by_track.setdefault(track_id, []).append(user_id)
    reminders = []
    with translation.override("sv"):
        for event, track in to_tell:
            if event.actor_id in by_track.get(track, ()):
                continue  # a coordinator's own doing, or a fellow coordinator's: seen on the page
            who = event.actor.full_name if event.actor_id else ""  # a participant's login is named "Deltagare"
            message = f"{who} {label(event.action)}: {tracks[track].title}".strip()
            if event.object_repr and event.content_type_id and event.action not in PERSON_ACTIONS:
                message += f" ({event.object_repr})"
            url = reverse("tracks:events", args=[track])
            reminders += [Reminder(recipient_id=user, rule="event", object_key=str(event.pk), due_date=None,
                                   message=message, url=url) for user in by_track.get(track, ())]
    notify(reminders)
