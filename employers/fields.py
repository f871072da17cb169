"""Form fields of the employers' app: the SSYK occupation, typed into the vocabulary's combobox."""

from django import forms

from taxonomy.fields import ConceptField
from taxonomy.models import Concept
from taxonomy.search import ssyk_code

from .models import Occupation


class OccupationField(ConceptField):
    """An SSYK 2012 group, found by its code, its name or any occupation name under it; cleans to
    the group's employers.Occupation (the model tracks and profiles point at)."""

    def __init__(self, **kwargs):
        super().__init__(kind=Concept.Kind.OCCUPATION, **kwargs)

    def to_python(self, value):
        if isinstance(value, dict) and value.get("text", "").strip()[:4].isdigit():
            code = value["text"].strip()[:4]
            if Occupation.objects.filter(pk=code).exists():
                value = {"text": value["text"], "id": Concept.objects.filter(kind="occupation", code=code)
                         .values_list("pk", flat=True).first() or ""}
        concept = super().to_python(value)
        if concept is None:
            return None
        occupation = Occupation.objects.filter(pk=ssyk_code(concept)).first()
        if occupation is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"text": concept.label})
        return occupation
