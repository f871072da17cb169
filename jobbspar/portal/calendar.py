"""A participant's meeting as a calendar file ("add to calendar" on a phone)."""

from lib import ics


def meetings_ics(meetings) -> bytes:
    return ics.calendar([ics.Entry(m.uid, f"{m.title} – {m.track}", m.starts_at, m.ends_at, m.place)
                         for m in meetings])
