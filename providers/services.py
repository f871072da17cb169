"""Every write to the catalogue: a provider's modules, the competences they give, their intakes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.audit import Change, record
from lib.plausible import not_before

from .models import Intake, Module, intake_end


def module_save(*, provider, actor, module=None, **fields) -> Module:
    module = module or Module(provider=provider)
    for name, value in fields.items():
        setattr(module, name, value)
    if not module.distance and module.municipality_id is None:
        raise ValidationError({"municipality": _("Say where the module is given, or that it can be taken at a distance.")})
    module.save()
    record(actor, Change.MODULE_SAVE, module, {"fields": sorted(fields)})
    return module


def module_competence_add(*, module, actor, concept) -> None:
    module.competences.add(concept)
    record(actor, Change.MODULE_COMPETENCE, module, {"added": concept.pk})


def module_competence_remove(*, module, actor, concept) -> None:
    module.competences.remove(concept)
    record(actor, Change.MODULE_COMPETENCE, module, {"removed": concept.pk})


def intake_save(*, module, actor, start_date, free_places, end_date=None, intake=None) -> Intake:
    """An intake runs the module's length from its start unless the provider gives another end."""
    intake = intake or Intake(module=module)
    intake.start_date, intake.free_places = start_date, free_places
    try:
        intake.end_date = end_date or intake_end(start_date, module.weeks)
    except OverflowError:
        raise ValidationError({"start_date": _("Give a date within five years of today.")}) from None
    not_before(intake.end_date, intake.start_date, field="end_date",
               message=_("The end must be on or after the start (%(date)s)."))
    if free_places > module.places:
        raise ValidationError({"free_places": _("An intake cannot have more free places than the module has places (%(n)s).")
                               % {"n": module.places}})
    intake.save()
    record(actor, Change.INTAKE_SAVE, module, {"intake": intake.pk, "start": intake.start_date.isoformat()})
    return intake
