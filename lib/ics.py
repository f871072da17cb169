"""Calendar files (iCalendar, RFC 5545) with the icalendar library: one function for the
participant's "add to calendar" and for each user's feed. An event's UID is stable (its kind and
id at the site's host), so a calendar program replaces an event when it changes; a cancelled one is
sent with STATUS:CANCELLED rather than left out, so it disappears from the calendar."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


@dataclass
class Entry:
    uid: str  # e.g. "activity-12": the kind of thing and its id
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime  # for a whole-day event, the day after the last
    location: str = ""
    description: str = ""
    cancelled: bool = False


def host() -> str:
    return settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "jobbspar"


def calendar(entries, name="", method="") -> bytes:
    """A feed (no method) or a file sent with an invitation (method PUBLISH: "add to your calendar",
    no reply expected). Either way each event keeps its UID, so the invitation and the feed agree."""
    cal = Calendar()
    cal.add("prodid", "-//Jobbspår//SV")
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    stamp, at = timezone.now(), host()
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{at}")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("summary", entry.summary)
        if entry.location:
            event.add("location", entry.location)
        if entry.description:
            event.add("description", entry.description)
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
