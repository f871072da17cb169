"""What every app's views do alike with forms."""

from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError):
    """A service's refusal on the form: on the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
