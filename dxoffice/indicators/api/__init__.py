"""The indicators part of the REST API."""

from ninja import Router

router = Router()
