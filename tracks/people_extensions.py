"""What tracks tells the participants app about a person (registered when the app is ready):
who else may see them and read a protected identity, and the parts of their pages that tracks
renders — their tracks and timeline, and the history of their candidacies, follow-ups and outcomes."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Role
from lib.urls import url_for_each
from participants.extensions import (
    DETAIL_PARTS,
    HISTORY_PARTS,
    add_current,
    add_identity_reader,
    add_part,
    add_way_in,
)

from .models import Candidacy


@add_way_in
def coordinated(user):
    """The people nominated to or enrolled in the tracks the user coordinates."""
    return Candidacy.objects.filter(track__coordinators=user).values("participant_id")


@add_way_in
def nominated_by_my_organisation(user):
    """The people an officer's organisation nominated to any track."""
    officer_orgs = Membership.objects.filter(
        user=user, role__in=[Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER], organisation__isnull=False
    ).values("organisation")
    return Candidacy.objects.filter(nominating_organisation__in=officer_orgs).values("participant_id")


@add_identity_reader
def close_to(user):
    """A protected identity is read by the coordinators of the person's tracks and the officer who nominated them."""
    return Candidacy.objects.filter(Q(track__coordinators=user) | Q(nominated_by=user)).values("participant_id")


@add_current
def current_track(user, ids):
    """Each person's latest track (by nomination) among those the user may see, with the status."""
    from .selectors import tracks_visible_to

    candidacies = list(Candidacy.objects.filter(participant_id__in=ids)
                       .order_by("participant_id", "-nominated_at", "-pk")
                       .values_list("participant_id", "track_id", "status", "track__title"))
    # Which of these few tracks the user may see: asked of those tracks alone, not of all tracks.
    visible = set(tracks_visible_to(user).filter(pk__in={c[1] for c in candidacies}).values_list("pk", flat=True))
    latest, url = {}, url_for_each("tracks:detail")
    for person, track, status, title in candidacies:
        if track in visible and person not in latest:
            latest[person] = (title, Candidacy.Status(status).label, url(track))
    return latest


add_part(DETAIL_PARTS, _("Job tracks and timeline"), "tracks:person")
add_part(HISTORY_PARTS, _("Changes in job tracks"), "tracks:person_history")
