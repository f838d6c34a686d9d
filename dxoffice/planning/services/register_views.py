"""Writes of a person's saved register filters: only their own, named once each."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import User
from dxoffice.core.services import archive, save_audited
from dxoffice.planning.saved_filters import SAVED_FILTER_QUERY_MAX, SavedFilter
from dxoffice.planning.selectors import TaskFilters


@transaction.atomic
def saved_filter_save(*, by: User, name: str, filters: TaskFilters) -> SavedFilter:
    """Save (or replace) the person's filter of this name; the filters are stored as the register's
    own query parameters, so opening it is opening the register with them."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the filter.")})
    query = urlencode(filters.as_params())
    if not query:
        raise ValidationError({"name": _("Choose some filters before saving them.")})
    if len(query) > SAVED_FILTER_QUERY_MAX:
        raise ValidationError({"name": _("These filters are too long to save.")})
    saved = SavedFilter.objects.filter(owner=by, name=name).first() or SavedFilter(owner=by, name=name)
    saved.query = query
    return save_audited(saved, by=by, event="saved_filter.saved")


@transaction.atomic
def saved_filter_archive(*, by: User, saved: SavedFilter) -> None:
    if saved.owner_id != by.pk:
        raise PermissionDenied
    archive(saved, by=by, reason="", event="saved_filter.archived")
