"""How the floors above tell this one about a person without this one knowing them.

A person is seen, and their protected identity read, by more people than those who registered
them: the coordinators of the tracks they are in and the officers whose organisation nominated
them. Tracks builds on this app, so it registers those ways in here when it is ready, and parts of
the person's pages (their tracks and timeline, the history of their candidacies) as URLs that this
app's pages include. Nothing here imports an app above."""

from collections.abc import Callable

from django.db.models import QuerySet

# user → queryset of participant ids the user may see (besides those this app knows of).
_ways_in: list[Callable[[object], QuerySet]] = []
# user → queryset of participant ids whose protected identity the user may read.
_identity_readers: list[Callable[[object], QuerySet]] = []
# (user, participant ids) → {participant id: (what they take part in now, its status, link)}: the
# participant list's "current track" column, one query for the page.
_current: list[Callable[[object, list], dict]] = []
# Parts of the person's page and history page: (label, url name taking the participant's pk).
DETAIL_PARTS: list[tuple[str, str]] = []
HISTORY_PARTS: list[tuple[str, str]] = []


def add_way_in(selector: Callable[[object], QuerySet]):
    _ways_in.append(selector)
    return selector


def add_identity_reader(selector: Callable[[object], QuerySet]):
    _identity_readers.append(selector)
    return selector


def add_current(selector: Callable[[object, list], dict]):
    _current.append(selector)
    return selector


def current(user, ids) -> dict:
    found: dict = {}
    for selector in _current:
        found.update(selector(user, ids))
    return found


def ways_in(user) -> list[QuerySet]:
    return [selector(user) for selector in _ways_in]


def identity_readers(user) -> list[QuerySet]:
    return [selector(user) for selector in _identity_readers]


def add_part(parts: list, label, url_name: str):
    if (label, url_name) not in parts:
        parts.append((label, url_name))
