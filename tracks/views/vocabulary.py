"""Free text to map: the competences and requirements written as "other, not in the list" within
the user's reach, grouped by text, each mapped to a concept of the vocabulary in one go. Only the
texts and their counts are shown, not who holds them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lib.forms import add_errors

from .. import forms, services
from ..selectors import free_text_scope, free_texts

LIMIT = 100


@login_required
def to_map(request):
    if not request.user.has_perm("tracks.map_free_text"):
        raise PermissionDenied
    competences, requirements = free_text_scope(request.user)
    may_add_synonym = request.user.has_perm("tracks.add_synonym")
    bound = None
    if request.method == "POST":
        bound = forms.MapForm(request.POST, prefix=request.POST.get("row", "")[:10], may_add_synonym=may_add_synonym)
        if bound.is_valid():
            data = bound.cleaned_data
            done = services.free_text_map(actor=request.user, text=data["text"], concept=data["concept"],
                                          competences=competences, requirements=requirements,
                                          as_synonym=data.get("as_synonym", False))
            if done["competences"] + done["requirements"]:
                messages.success(request, _("“%(text)s” is now %(label)s: %(c)s competences and %(r)s requirements.") % {
                    "text": data["text"], "label": data["concept"].label, "c": done["competences"],
                    "r": done["requirements"]})
            else:
                add_errors(bound, _("Nothing within your reach is written “%(text)s” any more.") % {"text": data["text"]})
            if not bound.errors:
                return redirect("tracks:to_map")
    rows = free_texts(competences, requirements, LIMIT)
    for n, row in enumerate(rows):
        prefix = f"row{n}"
        if bound is not None and bound.prefix == prefix:
            row["form"] = bound
        else:
            row["form"] = forms.MapForm(prefix=prefix, initial={"text": row["text"], "concept": row["text"]},
                                  may_add_synonym=may_add_synonym)
        row["prefix"] = prefix
    return render(request, "tracks/to_map.html", {"rows": rows, "limit": LIMIT})
