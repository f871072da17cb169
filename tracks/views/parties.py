"""An invited organisation answers: someone who may answer for it accepts (it then takes part in
the track) or declines, from their start page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..models import Invitation


def get_invitation(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("track", "organisation"), pk=pk)
    if not request.user.has_perm("tracks.answer_invitation", invitation):
        raise Http404  # not one's own organisation's invitation: not told it exists
    return invitation


@login_required
@require_POST
def invitation_accept(request, pk):
    invitation = get_invitation(request, pk)
    try:
        services.invitation_accept(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dashboard")
    messages.success(request, _("%(organisation)s takes part in %(track)s.") % {
        "organisation": invitation.organisation.name, "track": invitation.track.title})
    return redirect(invitation.track)


@login_required
@require_POST
def invitation_decline(request, pk):
    invitation = get_invitation(request, pk)
    try:
        services.invitation_decline(invitation=invitation, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have declined. The coordinator is told."))
    return redirect("dashboard")
