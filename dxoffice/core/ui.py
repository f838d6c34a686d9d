"""Helpers that show errors to a person: on a form, or as messages after a redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def form_errors_from(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on a form: field errors on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            # A hidden field's error (a stale version) is said on top, where it is seen.
            visible = name in form.fields and not form.fields[name].widget.is_hidden
            target = name if visible else None
            for error in errors:
                form.add_error(target, error.messages if target is None else error)
    else:
        form.add_error(None, exc.messages)


def flash_errors(request, errors) -> None:
    """Each message of a ValidationError, or of a bound form's errors, as an error message."""
    if isinstance(errors, ValidationError):
        texts = errors.messages
    else:
        texts = [text for field_errors in errors.values() for text in field_errors]
    for text in texts:
        messages.error(request, text)
