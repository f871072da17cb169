"""A meeting as an iCalendar file (RFC 5545), for "add to calendar" on a phone."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def meetings_ics(meetings) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Jobbspår//Mina sidor//SV")
    calendar.add("version", "2.0")
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "jobbspar"
    for meeting in meetings:
        event = Event()
        event.add("uid", f"{meeting.uid}@{host}")  # stable: the same meeting replaces itself
        event.add("dtstamp", timezone.now())
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("summary", f"{meeting.title} – {meeting.track}")
        if meeting.place:
            event.add("location", meeting.place)
        calendar.add_component(event)
    return calendar.to_ical()
