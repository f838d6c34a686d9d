"""A property-based fuzzer over the API (schemathesis, every check), for any module's operations.

Schemathesis reads /api/v1/openapi.json and sends schema-valid and schema-invalid requests to the
Django app in process. A run must find no server error, no undocumented status code, no body that
breaks its schema, no invalid request accepted, and refuse a schema-valid request only by a rule the
schema cannot express: the caller lists those per operation (`rules`: operation id -> status ->
fields), and a refusal must name one of their fields. Token revocation is left out so a run keeps its
own token. A fixed seed keeps the run the same each time.

Planning's run covers the register's and core's operations; each module runs its own over the paths
under `/api/v1/<module>/` (`module_paths("meetings")`), with its own rules and data.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.apps import apps
from schemathesis.config import CacheConfig, SchemathesisConfig
from schemathesis.core.failures import Failure
from schemathesis.engine import events, from_schema
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from dxoffice.core.registry import registry
from dxoffice.core.services import token_create
from dxoffice.wsgi import application

MAX_EXAMPLES = 10
SEED = 20261201
Rules = dict[str, dict[int, set[str]]]


def module_paths(name: str) -> str:
    """The path pattern of one module's operations."""
    return f"^/api/v1/{name}/"


def other_modules_paths(name: str) -> str:
    """A pattern matching the operations of every registered module but `name` and the platform's."""
    platform = {m for m in registry.modules if apps.get_app_config(m).name.startswith("dxoffice.core")}
    others = sorted(m for m in registry.modules if m != name and m not in platform)
    return "^/api/v1/(" + "|".join(others) + ")/" if others else "^$"


@dataclass
class Figures:
    operations: set[str] = field(default_factory=set)
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    refused_by_rules: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.operations)} operations, {self.requests} requests, statuses "
            f"{dict(sorted(self.statuses.items()))}, refused by documented rules "
            f"{sum(self.refused_by_rules.values())}, failures {len(set(self.failures))}"
        )


def _fields(response: Any) -> set[str]:
    try:
        return set(json.loads(response.content).get("errors", {}))
    except (ValueError, AttributeError):
        return set()


def _describe(info: Any, interaction: Any) -> str:
    failure = info.failure
    answer = ""
    if interaction is not None and interaction.response is not None:
        response = interaction.response
        answer = f"\n{interaction.request.body!r:.600}\n-> {response.status_code} {response.content[:400]!r}"
    return f"{failure.operation}: {failure.title}\n{failure.message}\n{info.code_sample}{answer}"


def without_socket_options(monkeypatch: Any) -> None:
    """Schemathesis 4.32 passes socket-level options to werkzeug when it re-sends a request
    without credentials (the ignored_auth check); in process they mean nothing."""
    send = WSGI_TRANSPORT.send

    def send_in_process(case: Any, **kwargs: Any) -> Any:
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(case, **kwargs)

    monkeypatch.setattr(WSGI_TRANSPORT, "send", send_in_process)


def fuzz(
    *,
    user: Any,
    rules: Rules,
    monkeypatch: Any,
    include: str | None = None,
    exclude: str | None = None,
    max_examples: int = MAX_EXAMPLES,
) -> Figures:
    """Fuzz the operations whose path matches `include` (all if None) and not `exclude`, as `user`."""
    without_socket_options(monkeypatch)
    _token, raw = token_create(user=user, name="fuzzer")
    config = SchemathesisConfig(cache=CacheConfig(enabled=False))  # nothing written to the checkout
    config.update(seed=SEED, max_failures=None)
    project = config.projects.override
    project.update(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"}, workers=1)
    project.checks.update(included_check_names=["all"])
    project.generation.update(max_examples=max_examples, database="none", no_shrink=True)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)
    schema = schema.exclude(path_regex="auth/tokens")
    if include:
        schema = schema.include(path_regex=include)
    if exclude:
        schema = schema.exclude(path_regex=exclude)
    figures = Figures()

    @schema.hook
    def filter_failure(context: Any, failure: Failure, case: Any, response: Any) -> bool:
        allowed = rules.get(case.operation.definition.raw.get("operationId", ""), {})
        fields = _fields(response)
        if failure.code == "ST202" and fields and fields <= allowed.get(response.status_code, set()):
            figures.refused_by_rules[f"{case.operation.label} {response.status_code}"] += 1
            return False
        return True

    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            if recorder.label.split(" ", 1)[0] in ("GET", "POST", "PATCH", "PUT", "DELETE"):
                figures.operations.add(recorder.label)
            for interaction in recorder.interactions.values():
                figures.requests += 1
                if interaction.response is not None:
                    figures.statuses[interaction.response.status_code] += 1
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    if check.failure_info is not None:
                        figures.failures.append(
                            _describe(check.failure_info, recorder.interactions.get(case_id))
                        )
        elif isinstance(event, events.NonFatalError):
            figures.failures.append(f"error in {event.label} ({event.phase}): {event.info.format()}")
        elif isinstance(event, events.FatalError):
            figures.failures.append(f"fatal error: {event.exception!r}")
    print("\n" + figures.summary())
    return figures
