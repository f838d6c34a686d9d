"""The caller's own notifications through the API (tag "notifications")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dxoffice.core.api import Page, PageParams, RecordId, caller, paginate, with_errors
from dxoffice.core.notifications import selectors, services
from dxoffice.core.notifications.emails import absolute_url
from dxoffice.core.notifications.models import Notification
from dxoffice.core.registry import registry

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    url: str = Field(description="Absolute link to what the notification is about; may be empty.")
    created_at: datetime
    read_at: datetime | None
    is_read: bool

    @staticmethod
    def resolve_kind_label(obj: Notification) -> str:
        kind = registry.notification_kind(obj.kind)
        return str(kind.label) if kind else obj.kind

    @staticmethod
    def resolve_url(obj: Notification) -> str:
        return absolute_url(obj.url)


class NotificationQuery(Schema):
    unread: bool = Field(False, description="Only unread notifications.")


@router.get(
    "/notifications",
    response=with_errors({200: Page[NotificationOut]}, 401, 422),
    operation_id="notification_list",
    summary="List my notifications",
)
def notification_list(
    request: HttpRequest, filters: Query[NotificationQuery], page: Query[PageParams]
) -> dict[str, Any]:
    """The caller's notifications, newest first."""
    return paginate(selectors.notifications_for(caller(request), unread_only=filters.unread), page)


@router.post(
    "/notifications/{notification_id}/read",
    response=with_errors({200: NotificationOut}, 401, 403, 404, 422),
    operation_id="notification_read",
    summary="Mark a notification read",
)
def notification_read(request: HttpRequest, notification_id: RecordId) -> Notification:
    """Mark one of the caller's notifications read (anyone else's is 404)."""
    user = caller(request)
    notification = selectors.notification_for(user, notification_id)
    return services.notification_mark_read(by=user, notification=notification)
