"""What every app's views do alike with forms."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

# Django's own message, worded in our catalogue: rest_framework's Swedish catalogue has the same msgid
# ('Det här fältet är obligatoriskt.') and would otherwise win over Django's ('Detta fält måste fyllas i.').
REQUIRED = gettext_noop("This field is required.")


def add_errors(form, error: ValidationError):
    """A service's refusal on the form: on the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit(form, service) -> bool:
    """A bound form through its service: True when saved; else the form holds why not (its own
    validation, or the service's refusal by `add_errors`)."""
    if not form.is_valid():
        return False
    try:
        service(**form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True
