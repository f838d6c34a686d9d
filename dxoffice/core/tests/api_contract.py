"""The API contract, checked on every response the test suite produces.

`check_client_responses(monkeypatch)` wraps Django's test client: each answer from an operation of
/api/v1 must carry a status code the operation documents, and its JSON body must match the schema
documented for that code. A test that provokes an undocumented answer fails at that request, naming
the operation. The OpenAPI schema is built once per process; validators once per operation and code.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import jsonschema_rs
from django.test import Client

API_PREFIX = "/api/v1/"


class ContractViolation(AssertionError):
    pass


class Contract:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._routes: list[tuple[str, re.Pattern[str], dict[str, Any]]] = []
        for path, operations in schema["paths"].items():
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path))
            for method, operation in operations.items():
                self._routes.append((method.upper(), re.compile(f"^{pattern}/?$"), operation))
        # A literal segment wins over a parameter (/reports/awaiting-review before /reports/{id}).
        self._routes.sort(key=lambda route: route[1].pattern.count("[^/]+"))
        self._validators: dict[tuple[str, int], Any] = {}

    def operation(self, method: str, path: str) -> dict[str, Any] | None:
        for route_method, pattern, operation in self._routes:
            if route_method == method and pattern.match(path):
                return operation
        return None

    def _validator(self, operation: dict[str, Any], status: int, schema: dict[str, Any]) -> Any:
        key = (operation["operationId"], status)
        if key not in self._validators:
            document = {**schema, "components": self.schema.get("components", {})}
            self._validators[key] = jsonschema_rs.validator_for(document, validate_formats=True)
        return self._validators[key]

    def problems(self, method: str, path: str, status: int, content_type: str, body: bytes) -> list[str]:
        """What is wrong with this answer, or [] (also for paths that are no API operation)."""
        operation = self.operation(method, path)
        if operation is None:
            return []
        name = f"{method} {path} ({operation['operationId']})"
        documented = operation.get("responses", {})
        response = documented.get(str(status)) or documented.get(status)
        if response is None:
            codes = ", ".join(sorted(str(code) for code in documented))
            return [f"{name} answered {status}, which it does not document (documented: {codes})"]
        content = response.get("content")
        if not content:
            return []
        if "application/json" not in content_type:
            return [f"{name} answered {status} with {content_type or 'no content type'}, not JSON"]
        try:
            data = json.loads(body)
        except ValueError:
            return [f"{name} answered {status} with a body that is not JSON"]
        schema = next(iter(content.values())).get("schema", {})
        validator = self._validator(operation, status, schema)
        return [
            f"{name} answered {status} with a body that does not match its schema: "
            f"{error.message} at /{'/'.join(str(part) for part in error.instance_path)}"
            for error in validator.iter_errors(data)
        ]


@cache
def contract() -> Contract:
    from dxoffice.api import api

    return Contract(json.loads(json.dumps(api.get_openapi_schema(), default=str)))


def check_response(response: Any) -> None:
    request = getattr(response, "request", None) or {}
    path = request.get("PATH_INFO", "")
    if not path.startswith(API_PREFIX) or getattr(response, "streaming", False):
        return
    problems = contract().problems(
        request.get("REQUEST_METHOD", "GET").upper(),
        path,
        response.status_code,
        response.get("Content-Type", ""),
        response.content,
    )
    if problems:
        raise ContractViolation("\n".join(problems))


def check_client_responses(monkeypatch: Any) -> None:
    """Make every request of Django's test client check the answer against the API schema."""
    original = Client.request

    def request(self: Client, **kwargs: Any) -> Any:
        response = original(self, **kwargs)
        check_response(response)
        return response

    monkeypatch.setattr(Client, "request", request)
