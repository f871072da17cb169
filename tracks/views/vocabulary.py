"""Free text to map: the competences and requirements written as "other, not in the list" within
the user's reach, grouped by text, each mapped to a concept of the vocabulary in one go. Only the
texts and their counts are shown, not who holds them."""

from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_administrator
from employers.models import Requirement
from lib.forms import add_errors
from lib.text import key as text_key
from participants.models import Competence
from participants.selectors import participants_visible_to
from taxonomy.fields import ConceptField
from taxonomy.models import Concept

from .. import services
from ..selectors import tracks_visible_to

LIMIT = 100


class MapForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput, max_length=200)
    concept = ConceptField(kind=Concept.Kind.SKILL, label=gettext_lazy("Means"))
    as_synonym = forms.BooleanField(required=False, label=gettext_lazy(
        "Keep the text as a synonym, so that it is found when typed again (for everyone)"))

    def __init__(self, *args, may_add_synonym=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_add_synonym:
            del self.fields["as_synonym"]


def scope(user):
    """The flagged competences and requirements the user may map: of the people they see (not
    those with protected identity or pseudonymised), of the tracks they coordinate, and, for the
    administrator, of the library."""
    people = participants_visible_to(user).filter(protected_identity=False, pseudonymised_at__isnull=True)
    competences = Competence.objects.filter(participant__in=people, concept__isnull=True)
    coordinated = tracks_visible_to(user).filter(coordinators=user)
    requirements = Requirement.objects.filter(concept__isnull=True, profile__track__in=coordinated)
    if is_administrator.test(user):
        requirements = Requirement.objects.filter(concept__isnull=True).filter(
            profile__track__in=coordinated) | Requirement.objects.filter(concept__isnull=True, profile__in_library=True)
    return competences, requirements


def texts_to_map(competences, requirements) -> list[dict]:
    """Each flagged text once (in normal form), with how many competences and requirements carry it."""
    rows, shown = {}, {}
    for kind, texts in (("competences", competences.values_list("name", flat=True)[:5000]),
                        ("requirements", requirements.values_list("competence", flat=True)[:5000])):
        for text in texts:
            key = text_key(text)
            shown.setdefault(key, text)
            rows.setdefault(key, Counter())[kind] += 1
    ordered = sorted(rows.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:LIMIT]
    return [{"text": shown[key], "competences": n["competences"], "requirements": n["requirements"]}
            for key, n in ordered]


@login_required
def to_map(request):
    if not request.user.has_perm("tracks.map_free_text"):
        raise PermissionDenied
    competences, requirements = scope(request.user)
    may_add_synonym = is_administrator.test(request.user)
    bound = None
    if request.method == "POST":
        bound = MapForm(request.POST, prefix=request.POST.get("row", "")[:10], may_add_synonym=may_add_synonym)
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
    rows = texts_to_map(competences, requirements)
    for n, row in enumerate(rows):
        prefix = f"row{n}"
        if bound is not None and bound.prefix == prefix:
            row["form"] = bound
        else:
            row["form"] = MapForm(prefix=prefix, initial={"text": row["text"], "concept": row["text"]},
                                  may_add_synonym=may_add_synonym)
        row["prefix"] = prefix
    return render(request, "tracks/to_map.html", {"rows": rows, "limit": LIMIT}, status=200)
