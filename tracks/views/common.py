"""What every track view does the same way: find the track the user may act on, and answer an
action with the part it changed (htmx), the area page with the form's errors, or a redirect back
to the area (so reloading never repeats the action)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from lib.forms import submit

from ..models import Track
from ..sections import AREA_OF, AREAS, context_for, may_open


def get_track(request, pk, perm="tracks.view_track"):
    """The track, or 404 if the user may not see it (its existence is not told), or 403 if they
    may see it but not do `perm`."""
    track = get_object_or_404(
        Track.objects.select_related("occupation", "lead_municipality", "agreement", "successor")
        .prefetch_related("coordinators"), pk=pk)
    if not request.user.has_perm("tracks.view_track", track):
        raise Http404
    if perm != "tracks.view_track" and not request.user.has_perm(perm, track):
        raise PermissionDenied
    return track


def get_on_track(model, track, pk):
    return get_object_or_404(model, track=track, pk=pk)


def area_url(track, area) -> str:
    return track.get_absolute_url() if area == "overview" else reverse(f"tracks:{area}", args=[track.pk])


def render_area(request, track, area, status=200, **bound):
    """An area of the workspace as a page, or its parts alone for htmx."""
    parts = AREAS[area][1]
    context = context_for(request, track, parts, **bound)
    if not may_open(context, area):
        raise PermissionDenied
    context["area"] = area
    if request.htmx and not bound:
        return render(request, f"tracks/workspace.html#{area}", context, status=status)
    return render(request, "tracks/workspace.html", context, status=status)


def answer(request, track, part, *, message="", **bound):
    """Answer an action on `part`: the part alone for htmx, the whole area page when a form has
    errors, otherwise a redirect back to the part on its area's page."""
    if bound:
        bound["errors_in"] = part
    if request.htmx:
        context = context_for(request, track, [part], **bound)
        return render(request, f"tracks/workspace.html#{part}", context)
    if bound:
        return render_area(request, track, AREA_OF[part], **bound)
    if message:
        messages.success(request, message)
    return redirect(f"{area_url(track, AREA_OF[part])}#{part}")


def form_action(request, track, part, form, form_key, service, message):
    """The repeated shape of an action: a bound form, the service with its cleaned data, and the
    answer — the part again with the form's errors (the form's own or the service's), or done."""
    if submit(form, service):
        return answer(request, track, part, message=message)
    return answer(request, track, part, **{form_key: form})


def errors_action(request, track, part, action, message="", **where):
    """An action without a form: the service's refusal is shown on the part (`where` says more
    precisely where, e.g. the checklist's phase, so that group is open)."""
    try:
        action()
    except ValidationError as error:
        return answer(request, track, part, errors=error.messages, **where)
    return answer(request, track, part, message=message)
