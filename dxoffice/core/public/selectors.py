"""What public pages read: only what is meant to be seen without logging in."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from dxoffice.core.models import OrgUnit, UnitKind
from dxoffice.core.registry import Label, registry


def province_name() -> str:
    """The name of the province that runs this instance (the root unit of kind province)."""
    name = (
        OrgUnit.objects.filter(kind=UnitKind.PROVINCE, parent__isnull=True)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    return name or ""


@dataclass(frozen=True)
class PublishedPage:
    key: str
    title: Label
    url: str


def published_pages() -> list[PublishedPage]:
    """The public pages modules registered, in their order, with their addresses."""
    return [PublishedPage(page.key, page.title, reverse(page.url_name)) for page in registry.public_pages()]
