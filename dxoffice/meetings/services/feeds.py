"""A person's secret calendar address: made on first use, renewed on request (the old one stops)."""

from __future__ import annotations

from django.db import transaction

from dxoffice.core.models import User
from dxoffice.core.services import save_audited
from dxoffice.meetings.models import CalendarFeed
from dxoffice.meetings.models.meeting import new_token


@transaction.atomic
def calendar_feed_of(*, by: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=by).first()
    if feed is None:
        feed = save_audited(CalendarFeed(user=by), by=by, event="calendar.feed_made")
    return feed


@transaction.atomic
def calendar_feed_renew(*, by: User) -> CalendarFeed:
    feed = calendar_feed_of(by=by)
    feed.token = new_token()
    return save_audited(feed, by=by, event="calendar.feed_renewed")
