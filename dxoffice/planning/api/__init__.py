"""The planning part of the REST API: directives, plans, objectives, tasks, progress reports and
budget. Every endpoint reads through the selectors and writes through the services, so the API
applies the same permission checks and rules as the web screens."""

from ninja import Router

from dxoffice.planning.api import budget, program, reports, tasks

router = Router()
router.add_router("", program.router)
router.add_router("", tasks.router)
router.add_router("", reports.router)
router.add_router("", budget.router)
