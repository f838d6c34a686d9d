"""The meetings part of the REST API: meetings, participants, agenda items, documents, polls and
votes (as the voter), conclusions with their follow-up tasks, and the minutes. Everything reads
through the selectors and writes through the services: a person who is not a participant sees
nothing of a confidential meeting (404)."""

from ninja import Router

from dxoffice.meetings.api import agenda, documents, meetings, polls

_WRITES = (agenda, documents)  # their operations sit on the meetings router

router = Router()
router.add_router("", meetings.router)
router.add_router("", polls.router)
