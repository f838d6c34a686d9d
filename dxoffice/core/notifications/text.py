"""Texts of a notification, rendered in each recipient's own language.

A caller passes a lazily translated string, or a `Message` (a lazily translated template with its
parameters, some of which may be lazy too); `notify` renders it once per recipient inside
`translation.override(<their language>)`:

    notify(kind="report.returned", recipients=[submitter], by=reviewer,
           title=Message(gettext_lazy("Report %(period)s of %(code)s returned"), period=..., code=...))
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils.formats import date_format
from django.utils.functional import Promise

from dxoffice.core.models import User
from dxoffice.core.periods import Period, period_label


class Message:
    """A translatable template and its parameters, translated when rendered."""

    def __init__(self, template: str | Promise, /, **params: Any) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        if not self.params:
            return str(self.template)
        # `template % params` (not str(template) % params): a plural from ngettext_lazy(..., "days")
        # picks its form from the parameters.
        return str(self.template % {name: _param(value) for name, value in self.params.items()})

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.params!r})"


Text = str | Promise | Message


def _param(value: Any) -> Any:
    """Lazy strings translated, dates in the reader's short date format, periods by their label."""
    if isinstance(value, Promise | Message):
        return str(value)
    if isinstance(value, Period):
        return period_label(value)
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


def render(text: Text) -> str:
    """The text in the active language (call inside `translation.override`)."""
    return str(text)


def language_of(user: User) -> str:
    """The language a person reads in: their profile's, or the site's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE
