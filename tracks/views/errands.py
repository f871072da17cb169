"""The coordinator's side of a participant's tasks: set them, and see which are done and what
the person answered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.audit import record_read
from lib.forms import submit

from ..errand_forms import ParticipantTaskForm
from ..models import Candidacy
from ..services import errands
from .common import get_track


@login_required
def participant_tasks(request, pk, candidacy_pk):
    track = get_track(request, pk, "tracks.change_track")
    candidacy = get_object_or_404(Candidacy.objects.select_related("participant", "track"), track=track,
                                  pk=candidacy_pk, status__in=[s for s in Candidacy.Status if s != Candidacy.Status.WITHDRAWN])
    form = ParticipantTaskForm(request.POST or None)
    if request.method == "POST" and submit(form, lambda **data: errands.task_set(
            candidacy=candidacy, actor=request.user, **data)):
        messages.success(request, _("The task is given. The participant sees it on their own pages."))
        return redirect("tracks:participant_tasks", pk=track.pk, candidacy_pk=candidacy.pk)
    record_read(request, candidacy.participant)
    context = {"track": track, "candidacy": candidacy, "tasks": list(candidacy.tasks.all()), "form": form,
               "invited": hasattr(candidacy.participant, "account")}
    return render(request, "tracks/participant_tasks.html", context)
