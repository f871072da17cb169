"""The track-shaped parts of a person's pages, rendered here and included in the participant's
page and history page: their candidacies and timeline, and the change history of what they did in
tracks. Each is its own page too (the include's fallback without JavaScript); each is a logged read."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from accounts.audit import Read, record_read
from participants.models import Participant

from ..history import candidacies_of, timeline, track_history
from ..services import allowed_moves


def get_person(request, participant_pk, perm="participants.view_participant"):
    participant = get_object_or_404(Participant, pk=participant_pk)
    if not request.user.has_perm("participants.view_participant", participant):
        raise Http404
    if perm != "participants.view_participant" and not request.user.has_perm(perm, participant):
        raise PermissionDenied
    return participant


def _answer(request, context, part):
    if request.htmx:
        return render(request, f"tracks/person.html#{part}", context)
    return render(request, "tracks/person.html", {**context, "part": part})


@login_required
@vary_on_headers("HX-Request")
def person(request, participant_pk):
    """The person's job tracks (with a withdrawal for whoever may take a nomination back) and timeline."""
    participant = get_person(request, participant_pk)
    candidacies = candidacies_of(participant)
    for candidacy in candidacies:
        candidacy.may_withdraw = ("withdrawn" in allowed_moves(candidacy)
                                  and request.user.has_perm("tracks.withdraw_candidacy", candidacy))
    record_read(request, participant, part="tracks")
    context = {"participant": participant, "candidacies": candidacies, "timeline": timeline(candidacies),
               "can_nominate": request.user.has_perm("tracks.nominate")}
    return _answer(request, context, "person")


@login_required
@vary_on_headers("HX-Request")
def person_history(request, participant_pk):
    """Who changed what in the person's candidacies, follow-ups and outcomes."""
    participant = get_person(request, participant_pk, "participants.view_identity")
    record_read(request, participant, Read.VIEW_HISTORY, part="tracks")
    return _answer(request, {"participant": participant, "history": track_history(participant)}, "history")
