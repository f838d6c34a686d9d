"""What the partners screens share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from dxoffice.core.models import User
from dxoffice.core.ui import form_errors_from
from dxoffice.partners.forms import TaskAssignForm


def acting(request: HttpRequest) -> User:
    """The signed-in person (the views require a login)."""
    return cast(User, request.user)


def assign_task(
    request: HttpRequest, form: TaskAssignForm, create: Callable[[Any, dict[str, Any]], Any]
) -> Any:
    """Create the task of a valid form through `create(plan, fields)` (a partners service, which
    checks permission and calls planning). The task, or None with the refusal on the form: a
    ValidationError on the fields it names, a lead unit the person may not plan for on that field.
    The services write in one transaction, so a refusal leaves nothing saved."""
    if not form.is_valid():
        return None
    plan = form.chosen_plan()
    if plan is None:
        form.add_error("plan", _("Choose an open annual plan."))
        return None
    try:
        task = create(plan, form.task_fields())
    except PermissionDenied:
        form.add_error("lead_unit", _("You may not assign tasks to this unit."))
        return None
    except ValidationError as error:
        form_errors_from(form, error)
        return None
    messages.success(request, _("Task %(code)s was assigned.") % {"code": task.code})
    return task
