"""The combobox's suggestions: a list of options for what was typed, as an htmx partial."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Concept
from .search import suggest

SEARCHABLE = {Concept.Kind.SKILL, Concept.Kind.LANGUAGE, Concept.Kind.LICENCE, Concept.Kind.OCCUPATION}


@login_required
@require_GET
def suggestions(request):
    kind = request.GET.get("kind", "")
    if kind not in SEARCHABLE:
        raise Http404
    typed = request.GET.get(request.GET.get("field", ""), "") or request.GET.get("q", "")
    context = {"hits": suggest(kind, typed[:100]), "typed": typed.strip(), "kind": kind,
               "list": "".join(c for c in request.GET.get("list", "suggestions") if c.isalnum() or c in "-_")[:80]}
    return render(request, "taxonomy/suggestions.html", context)
