"""One visibility selector per model of the catalogue, and the catalogue's search."""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.selectors import organisation_ids
from lib.ids import parse_id

from .models import Intake, Module


def modules_of(user) -> QuerySet[Module]:
    """The modules of the provider organisations the user works for."""
    return Module.objects.filter(provider__in=organisation_ids(user, [Role.PROVIDER]))


def published_intakes() -> QuerySet[Intake]:
    return Intake.objects.filter(module__published=True).select_related(
        "module__provider", "module__municipality", "module__occupation")


def catalogue_search(*, kind="", occupation="", municipality="", distance=True, start_from=None, start_to=None,
                     search="", free_only=True) -> QuerySet[Intake]:
    """Published intakes by kind, occupation (SSYK code), municipality (with or without those that
    can be taken at a distance), start window and words of the title; by start date."""
    intakes = published_intakes()
    if kind:
        intakes = intakes.filter(module__kind=kind)
    if occupation:
        intakes = intakes.filter(module__occupation_id=occupation)
    if municipality:
        place = Q(module__municipality_id=municipality)
        intakes = intakes.filter(place | Q(module__distance=True) if distance else place)
    elif not distance:
        intakes = intakes.filter(module__distance=False)
    if start_from:
        intakes = intakes.filter(start_date__gte=start_from)
    if start_to:
        intakes = intakes.filter(start_date__lte=start_to)
    if search:
        intakes = intakes.filter(Q(module__title__icontains=search) | Q(module__provider__name__icontains=search))
    if free_only:
        intakes = intakes.filter(free_places__gt=0)
    return intakes.order_by("start_date", "module__title", "pk")


GAP_OFFERS = 3


def intakes_for_gaps(gaps, *, municipality_code=None, occupation_code=None) -> dict:
    """For each gap (start, end), up to three intakes with free places that start inside it or at
    most a week before it and run through at least half of it, near the track or at a distance;
    the track's own occupation first. One query for all the gaps."""
    if not gaps:
        return {}
    earliest, latest = min(g.start for g in gaps), max(g.end for g in gaps)
    place = Q(module__distance=True)
    if municipality_code:
        place |= Q(module__municipality_id=municipality_code)
    candidates = list(published_intakes().filter(
        place, free_places__gt=0, start_date__gte=earliest - datetime.timedelta(days=7), start_date__lte=latest,
        end_date__gte=earliest).order_by("start_date", "pk")[:500])
    offers = {}
    for gap in gaps:
        fitting = [i for i in candidates if i.start_date >= gap.start - datetime.timedelta(days=7)
                   and _covered(i, gap) * 2 >= (gap.end - gap.start).days + 1]
        fitting.sort(key=lambda i: (i.module.occupation_id != occupation_code, i.start_date))
        offers[gap] = fitting[:GAP_OFFERS]
    return offers


def _covered(intake, gap) -> int:
    """How many days of the gap the intake runs."""
    return max(0, (min(intake.end_date, gap.end) - max(intake.start_date, gap.start)).days + 1)


def intake_by_id(value) -> Intake | None:
    pk = parse_id(value)
    return published_intakes().filter(pk=pk, free_places__gt=0).first() if pk else None
