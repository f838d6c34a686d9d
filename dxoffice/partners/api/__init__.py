"""The partners part of the REST API."""

from ninja import Router

router = Router()
