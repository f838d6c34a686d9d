"""Kinds of refusal that every write path shares. Both are ValidationErrors, so forms and screens
treat them as any other invalid input; the API tells them apart:

- `StateConflict`: the request is well formed but the record is not in a state that allows it
  (accepting a report that is not submitted, a move the workflow does not allow). API: 409.
- `UnknownReference`: the input names a record by code or id that does not exist or that the caller
  may not see (a unit code, a task id). API: 422, naming the field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class StateConflict(ValidationError):
    """The record's current state does not allow this change."""


class UnknownReference(ValidationError):
    """A code or id given in the input names no record the caller may use."""
