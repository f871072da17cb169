"""Writes of the employers' app, each with its audit event."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.se import orgnr

from accounts.audit import Change, record
from accounts.models import Organisation

from .models import Employer


def employer_create(*, actor, name, org_number, municipality, sector, size_band, industry) -> Employer:
    """An employer organisation and what the product knows of it, in one go (as the administrator
    adds one, or many from a file)."""
    number = orgnr.format(org_number) if orgnr.is_valid(org_number) else org_number
    if Organisation.objects.filter(org_number=number).exists():
        raise ValidationError({"org_number": _("An organisation with this number is already in Jobbspår.")})
    organisation = Organisation(kind=Organisation.Kind.EMPLOYER, name=name.strip(), org_number=number,
                                municipality=municipality)
    organisation.full_clean()
    organisation.save()
    employer = Employer.objects.create(organisation=organisation, sector=sector, size_band=size_band,
                                       industry=industry.strip())
    record(actor, Change.EMPLOYER_CREATE, organisation, {"org_number": number})
    return employer
