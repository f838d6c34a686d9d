"""A small JSON client for API tests: signed in by session (force_login) or by bearer token."""

from __future__ import annotations

import json

from django.test import Client

from dxoffice.core.services import token_create

BASE = "/api/v1"


class ApiClient:
    def __init__(self, user=None, *, token: str | None = None, bearer: bool = False, language: str = "en"):
        self.client = Client()
        # API tests read English messages; a caller without Accept-Language gets Vietnamese.
        self.headers: dict[str, str] = {"Accept-Language": language} if language else {}
        if bearer and user is not None:
            _token, token = token_create(user=user, name="tests")
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        elif user is not None:
            self.client.force_login(user)

    def get(self, path: str, params: dict | None = None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def _send(self, method: str, path: str, data):
        body = json.dumps(data if data is not None else {}, default=str)
        return getattr(self.client, method)(
            BASE + path, body, content_type="application/json", headers=self.headers
        )

    def post(self, path: str, data=None):
        return self._send("post", path, data)

    def patch(self, path: str, data=None):
        return self._send("patch", path, data)

    def delete(self, path: str):
        return self.client.delete(BASE + path, headers=self.headers)
