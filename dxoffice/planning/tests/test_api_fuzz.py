"""The whole API under a property-based fuzzer (schemathesis, every check), as a coordinator.

Schemathesis reads /api/v1/openapi.json and sends schema-valid and schema-invalid requests to the
Django app in process. The run must find no server error, no undocumented status code, no body
that breaks its schema, no invalid request accepted, and refuse a schema-valid request only by a
rule the schema cannot express: those are listed in RULES (docs/api.md, "Rules the schema cannot
express") and a refusal must name one of their fields. Token revocation is left out so the run
keeps its own token. A fixed seed keeps the run the same each time.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from schemathesis.config import CacheConfig, SchemathesisConfig
from schemathesis.core.failures import Failure
from schemathesis.engine import events, from_schema
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from dxoffice.core.services import token_create
from dxoffice.planning.models import ReportStatus, TaskStatus
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import (
    BudgetLineFactory,
    DirectiveFactory,
    ObjectiveFactory,
    ReportFactory,
    TaskFactory,
)
from dxoffice.wsgi import application

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MAX_EXAMPLES = 10
SEED = 20261201

# Schema-valid requests the API may refuse, by operation: the fields whose rules the schema cannot
# express (they depend on other records, on other fields or on today's date). 400: a business rule;
# 422: a code or id that names no record the caller may use.
_TASK_RULES = {"due_date", "code", "lead_unit", "partner", "pillar", "sector", "parent", "coordinating_units"}
_TASK_CODES = {
    "pillar",
    "sector",
    "lead_unit",
    "partner",
    "parent",
    "coordinating_units",
    "directives",
    "objectives",
}
RULES: dict[str, dict[int, set[str]]] = {
    "unit_list": {422: {"parent"}},
    "task_list": {422: {"unit", "partner", "pillar", "sector", "directive", "objective", "origin"}},
    "task_create": {400: _TASK_RULES, 422: {"plan", "origin", *_TASK_CODES}},
    "task_update": {400: _TASK_RULES, 422: {"origin", *_TASK_CODES}},
    "task_status_change": {400: {"reason", "evidence", "completed_on"}},
    "task_attachment_add": {400: {"file"}},
    "report_create": {400: {"period"}},
    "report_update": {400: {"period", "__all__"}},
    "budget_line_list": {422: {"unit", "pillar"}},
    "budget_summary": {422: {"unit", "pillar"}},
    "budget_line_create": {400: {"year", "disbursed"}, 422: {"task"}},
    "budget_line_update": {400: {"year", "disbursed", "__all__"}},
    "directive_create": {400: {"number", "url"}},
    "directive_update": {400: {"number", "url"}},
}


@dataclass
class Figures:
    operations: set[str] = field(default_factory=set)
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    refused_by_rules: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


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


@pytest.fixture
def province(world):
    today = local_today()
    tasks = [
        TaskFactory(
            plan=world.plan,
            pillar=world.pillar,
            lead_unit=unit,
            code=f"NV-{number}",
            due_date=today + timedelta(days=30 * number - 40),
            status=status,
        )
        for number, (unit, status) in enumerate(
            [
                (world.commune_a, TaskStatus.NOT_STARTED),
                (world.commune_b, TaskStatus.IN_PROGRESS),
                (world.department, TaskStatus.PAUSED),
                (world.commune_a, TaskStatus.COMPLETED),
            ],
            start=1,
        )
    ]
    for task in tasks:
        ReportFactory(task=task, status=ReportStatus.SUBMITTED, created_by=world.focal_a)
        BudgetLineFactory(task=task)
    ReportFactory(task=tasks[0], period="2026Q2", status=ReportStatus.DRAFT, created_by=world.focal_a)
    DirectiveFactory(number="57-NQ/TW")
    ObjectiveFactory(program=world.program, code="MT-01", pillar=world.pillar)
    return world


@pytest.fixture
def in_process_probes(monkeypatch):
    """Schemathesis 4.32 passes socket-level options to werkzeug when it re-sends a request
    without credentials (the ignored_auth check); in process they mean nothing."""
    send = WSGI_TRANSPORT.send

    def without_socket_options(case, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(case, **kwargs)

    monkeypatch.setattr(WSGI_TRANSPORT, "send", without_socket_options)


def test_the_whole_api_under_the_fuzzer(province, in_process_probes):
    _token, raw = token_create(user=province.coordinator, name="fuzzer")
    config = SchemathesisConfig(cache=CacheConfig(enabled=False))  # nothing written to the checkout
    config.update(seed=SEED, max_failures=None)
    project = config.projects.override
    project.update(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"}, workers=1)
    project.checks.update(included_check_names=["all"])
    project.generation.update(max_examples=MAX_EXAMPLES, database="none", no_shrink=True)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)
    schema = schema.exclude(path_regex="auth/tokens")
    figures = Figures()

    @schema.hook
    def filter_failure(context, failure: Failure, case, response) -> bool:
        rules = RULES.get(case.operation.definition.raw.get("operationId", ""), {})
        fields = _fields(response)
        if failure.code == "ST202" and fields and fields <= rules.get(response.status_code, set()):
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

    unique = sorted(set(figures.failures))
    print(
        f"\n{len(figures.operations)} operations, {figures.requests} requests, statuses "
        f"{dict(sorted(figures.statuses.items()))}, refused by documented rules "
        f"{sum(figures.refused_by_rules.values())}, failures {len(unique)}"
    )
    assert not unique, "\n\n".join(unique)
