"""A form field that names a concept, typed into an accessible combobox (ARIA 1.2): htmx asks for
suggestions as one types, the keyboard moves through them (static/js/combobox.js). Without
JavaScript the typed text is resolved on the server by label and synonym; when it names no concept
exactly, the form comes back with the suggestions as a list of choices — a search field and a
result list that do the same."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Concept
from .search import resolve, suggest


class Other(str):
    """Text that names no concept: kept as written ("other, not in the list"), flagged, and shown
    to the coordinator to map later."""


class Combobox(forms.Widget):
    template_name = "taxonomy/combobox.html"

    def __init__(self, kind, attrs=None):
        super().__init__(attrs)
        self.kind = kind
        self.suggestions = []

    def value_from_datadict(self, data, files, name):
        return {"text": data.get(name, ""), "id": data.get(f"{name}_id", "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_id" not in data

    def format_value(self, value):
        if isinstance(value, dict):
            return value
        if isinstance(value, Concept):
            return {"text": value.label, "id": value.pk}
        return {"text": str(value or ""), "id": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update({
            "kind": self.kind, "suggest_url": reverse("taxonomy:suggest"),
            "suggestions": self.suggestions, "value": self.format_value(value),
        })
        return context


class ConceptField(forms.Field):
    """Cleans to a Concept of `kind`; with `allow_other`, text that names none cleans to `Other`."""

    default_error_messages = {
        "unknown": _("“%(text)s” is not in the list. Choose one of the suggestions below, or write it another way."),
        "ambiguous": _("“%(text)s” can mean more than one thing: choose one of the suggestions below."),
    }

    def __init__(self, *, kind, allow_other=False, **kwargs):
        self.kind, self.allow_other = kind, allow_other
        kwargs.setdefault("widget", Combobox(kind))
        super().__init__(**kwargs)
        if allow_other:
            self.help_text = self.help_text or _("Type and choose from the list. Not in it? Write it as it is: it is "
                                                 "kept as “other” and mapped later.")

    def to_python(self, value):
        value = value if isinstance(value, dict) else {"text": str(value or ""), "id": ""}
        text = value.get("text", "").strip()
        chosen = value.get("id", "").strip()
        if chosen:
            concept = Concept.objects.filter(pk=chosen, kind__in=kinds_for(self.kind)).first()
            if concept is not None:
                return concept.current
        if not text:
            return None
        concept = resolve(self.kind, text)
        if concept is not None:
            return concept.current
        hits = suggest(self.kind, text, limit=8)
        self.widget.suggestions = hits
        if self.allow_other:
            return Other(text[:200])
        raise forms.ValidationError(self.error_messages["ambiguous" if hits else "unknown"], code="unknown",
                                    params={"text": text[:80]})


def kinds_for(kind):
    return [Concept.Kind.OCCUPATION, Concept.Kind.OCCUPATION_NAME] if kind == Concept.Kind.OCCUPATION else [kind]
