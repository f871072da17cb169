"""Reads for reports: which tracks a report covers, what a user may report on, and their reports."""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import LocalAgreement, Membership, Municipality, Role
from tracks.models import Track
from tracks.selectors import tracks_visible_to

from .models import Report


def followup_tracks(*, user, agreement=None, municipality=None, period_from: datetime.date,
                    period_to: datetime.date) -> QuerySet[Track]:
    """Tracks that ran during the period (planned start on or before its end, planned end on or
    after its start) under the agreement and/or led by the municipality, among those `user` may
    see. `user=None` is the system's monthly report: every track of the agreement."""
    tracks = Track.objects.all() if user is None else tracks_visible_to(user)
    if agreement is not None:
        tracks = tracks.filter(agreement=agreement)
    if municipality is not None:
        tracks = tracks.filter(lead_municipality__kind="municipality", lead_municipality__municipality=municipality)
    return tracks.filter(planned_start__lte=period_to, planned_end__gte=period_from)


def followup_agreements(user) -> QuerySet[LocalAgreement]:
    """Agreements the user may ask a follow-up report for: their steering group's, and those their
    municipality or AF office is party to."""
    organisations = Membership.objects.filter(
        user=user, role__in=[Role.COORDINATOR, Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER], organisation__isnull=False
    ).values("organisation")
    steering = Membership.objects.filter(user=user, role=Role.STEERING_GROUP_MEMBER).values("steering_group__agreement")
    return (
        LocalAgreement.objects.filter(Q(pk__in=steering) | Q(municipality__in=organisations) | Q(af_office__in=organisations))
        .select_related("municipality__municipality")
        .order_by("name")
    )


def followup_municipalities(user) -> QuerySet[Municipality]:
    """Municipalities that lead a track the user sees, or whose agreement the user may report on."""
    led = tracks_visible_to(user).values("lead_municipality__municipality")
    of_agreements = followup_agreements(user).values("municipality__municipality")
    return Municipality.objects.filter(Q(code__in=led) | Q(code__in=of_agreements)).order_by("name")


def reports_of(user) -> QuerySet[Report]:
    """The user's own reports and the monthly reports of their steering groups, newest first."""
    steering = Membership.objects.filter(user=user, role=Role.STEERING_GROUP_MEMBER).values("steering_group__agreement")
    return (
        Report.objects.filter(Q(requested_by=user) | Q(requested_by__isnull=True, agreement__in=steering))
        .select_related("track", "agreement", "municipality")
        .order_by("-created_at", "-id")
    )
