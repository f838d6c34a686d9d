"""The periodic report's picker (recent months, quarters and years; PDF or Word), for any page."""

from __future__ import annotations

from typing import Any

from django import template

from dxoffice.core.documents.labels import recent_periods
from dxoffice.planning.selectors import local_today

register = template.Library()


@register.inclusion_tag("planning/_periodic_report_form.html")
def periodic_report_form(period: str = "", fmt: str = "pdf", invalid: bool = False) -> dict[str, Any]:
    return {"choices": recent_periods(local_today()), "selected": period, "fmt": fmt, "invalid": invalid}
