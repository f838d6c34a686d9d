"""The directive's own document (the signed resolution, decision or plan) attached to it: kept by
the province's administrators, as the directive itself is; every reader of the program may open it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import Attachment, User
from dxoffice.core.services import attachment_add
from dxoffice.planning.models import Directive
from dxoffice.planning.selectors import administers_province


@transaction.atomic
def directive_document_add(
    *, by: User, directive: Directive, upload: File, description: str = ""
) -> Attachment:
    if not administers_province(by):
        raise PermissionDenied(_("Directives are recorded and changed by the province's administrators."))
    return attachment_add(by=by, target=directive, upload=upload, description=description)
