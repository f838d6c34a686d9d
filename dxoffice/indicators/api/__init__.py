"""The indicators part of the REST API: frameworks (import, export), indicators, campaigns, data
values (bulk read, bulk write), scores, ranks and gaps. Reads go through the selectors, writes
through the services, behind the same permission gate as the screens."""

from ninja import Router

from dxoffice.indicators.api import frameworks, gaps, scores, values

router = Router()
router.add_router("", frameworks.router)
router.add_router("", values.router)
router.add_router("", scores.router)
router.add_router("", gaps.router)
