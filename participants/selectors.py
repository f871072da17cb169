"""Which participants a user may see: the one visibility query for every page and export.

The ways in that tracks adds (the coordinators of a person's tracks, the officers whose
organisation nominated them) are registered in `extensions` by tracks, which builds on this app."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from accounts.models import Membership, Role
from accounts.selectors import roles_of
from lib import personnummer as identity

from .extensions import ways_in
from .models import Participant


def _orgs(user, role):
    return Membership.objects.filter(user=user, role=role, organisation__isnull=False).values("organisation")


def participants_visible_to(user) -> QuerySet[Participant]:
    """Whoever registered the person. Coordinators: nominated to or enrolled in their tracks. Municipality officers: living in
    their municipality or nominated by their organisation. AF officers: their office's job
    seekers or nominated by it. Nobody else browses participants (employers see candidates
    through shortlists only, with minimal data)."""
    if not user.is_authenticated:
        return Participant.objects.none()
    municipalities, offices = _own_ways_in(user)
    visible = Q(created_by=user) | Q(home_municipality__in=municipalities) | Q(af_office__in=offices)
    for ids in ways_in(user):
        visible |= Q(pk__in=ids)
    # Semi-joins (`pk IN (…)`), not an EXISTS over joins: see tracks_visible_to. For one person
    # (`pk = …`) this is an index look-up and a few small checks.
    return Participant.objects.filter(visible)


def _own_ways_in(user):
    """The municipalities a municipality officer's people live in, and an AF officer's offices."""
    municipalities = Membership.objects.filter(
        user=user, role=Role.MUNICIPALITY_OFFICER, organisation__kind="municipality"
    ).values("organisation__municipality")
    return municipalities, _orgs(user, Role.AF_OFFICER)


def participants_visible_to_many(user) -> QuerySet[Participant]:
    """The same people as `participants_visible_to`, asked for as the union of each way in's ids:
    for counting, where the OR of the ways in makes the database read every participant, and each
    way in alone reads an index (participants.Meta.indexes)."""
    if not user.is_authenticated:
        return Participant.objects.none()
    return Participant.objects.filter(pk__in=_visible_ids(user))


def _visible_ids(user):
    municipalities, offices = _own_ways_in(user)
    own = [Participant.objects.filter(created_by=user), Participant.objects.filter(home_municipality__in=municipalities),
           Participant.objects.filter(af_office__in=offices)]
    first, *others = [way.order_by() for way in (*(q.values("pk") for q in own), *ways_in(user))]
    return first.union(*others)


def can_register_participants(user) -> bool:
    return not roles_of(user).isdisjoint([Role.COORDINATOR, Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER])


NUMBER_LIKE = re.compile(r"^[\d\s+-]{10,15}$")


def searched_number(search: str) -> str | None:
    """The twelve-digit personnummer a search names when it is written as one (with or without
    century, dash or plus); "" when it looks like a number but is not a valid one; None otherwise."""
    if not NUMBER_LIKE.match(search or ""):
        return None
    try:
        return identity.normalize(search)
    except ValidationError:
        return ""


SORTS = {
    "name": ("last_name", "first_name", "id"),
    "born": ("personnummer", "id"),
    "municipality": ("home_municipality__name", "last_name", "first_name", "id"),
}


def participants_listed(user, *, search="", sort="name") -> QuerySet[Participant]:
    """The participants list and its export: visible people, by name, optionally searched by name
    or by personnummer (exactly; a search by number is a read, which the view logs). In name order
    the database walks the name index and stops at the page's last row."""
    participants = _searched(participants_visible_to(user), search).select_related("home_municipality", "af_office")
    return participants.order_by(*SORTS.get(sort, SORTS["name"]))


def participants_listed_count(user, *, search="") -> int:
    """How many people `participants_listed` gives: counted over the union of the ways in, each an
    index read, where the OR would make the database read every participant."""
    if not search and user.is_authenticated:  # the union's ids are distinct people: counted as they are
        return _visible_ids(user).count()
    return _searched(participants_visible_to_many(user), search).order_by().count()


def _searched(participants, search):
    if search:
        number = searched_number(search)
        if number is not None:
            participants = participants.filter(personnummer=number) if number else participants.none()
        else:
            words = search.split()
            for word in words:
                participants = participants.filter(Q(last_name__icontains=word) | Q(first_name__icontains=word))
    return participants


def change_requests(participant, limit=10):
    """The person's own requests to correct their data, newest first (kept in the audit log)."""
    from accounts.audit import Change
    from accounts.models import AuditEvent

    return list(AuditEvent.objects.filter(action=Change.CHANGE_REQUEST, object_id=str(participant.pk),
                                          content_type__app_label="participants", content_type__model="participant")
                .order_by("-created_at")[:limit])
