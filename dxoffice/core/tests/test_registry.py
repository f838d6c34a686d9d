"""The module registry: modules plug in through it, and the shell asks it, never a module."""

from datetime import date
from decimal import Decimal

import pytest

from dxoffice.core.registry import (
    AuditEvent,
    DataSource,
    HomeCard,
    Module,
    NavEntry,
    OriginKind,
    Registry,
    Urgency,
    WorkItem,
    registry,
)


def _module(name: str, **parts) -> Module:
    return Module(name=name, label=name, **parts)


def test_a_second_registration_of_a_name_or_code_is_refused():
    reg = Registry()
    reg.register(_module("a", origins=[OriginKind("x", "X")], events=[AuditEvent("a.done", "done")]))
    with pytest.raises(ValueError, match="registered twice"):
        reg.register(_module("a"))
    with pytest.raises(ValueError, match="task origin 'x'"):
        reg.register(_module("b", origins=[OriginKind("x", "again")]))
    with pytest.raises(ValueError, match="audit event 'a.done'"):
        reg.register(_module("c", events=[AuditEvent("a.done", "again")]))


def test_navigation_is_ordered_and_filtered_per_person():
    reg = Registry()
    reg.register(
        _module(
            "a",
            nav=[
                NavEntry("late", "Late", "x:late", order=50),
                NavEntry("secret", "Secret", "x:secret", order=5, visible=lambda user: user == "boss"),
                NavEntry("first", "First", "x:first", order=1),
            ],
        )
    )
    assert [e.key for e in reg.nav_for("clerk")] == ["first", "late"]
    assert [e.key for e in reg.nav_for("boss")] == ["first", "secret", "late"]


def test_my_work_gathers_every_provider_most_urgent_first():
    def later(user, today):
        yield WorkItem("b", "B", "due later", "/b", urgency=Urgency.DUE_SOON, due=date(2026, 12, 9))
        yield WorkItem("b", "B", "due sooner", "/b2", urgency=Urgency.DUE_SOON, due=date(2026, 12, 3))

    def overdue(user, today):
        return [WorkItem("a", "A", "late", "/a", urgency=Urgency.OVERDUE, due=date(2026, 11, 1))]

    reg = Registry()
    reg.register(_module("one", work=[later]))
    reg.register(_module("two", work=[overdue], cards=[HomeCard("k", "K", "t.html", lambda r: {})]))
    titles = [item.title for item in reg.work_for("anyone", date(2026, 12, 1))]
    assert titles == ["late", "due sooner", "due later"]
    assert [card.key for card in reg.cards_for("anyone")] == ["k"]


@pytest.mark.django_db
def test_a_record_of_an_unregistered_model_is_visible_to_nobody(world):
    from django.contrib.sessions.models import Session

    assert not registry.has_visibility(Session)
    assert not registry.is_visible(world.admin, Session(session_key="x"))


@pytest.mark.django_db
def test_core_and_planning_register_like_any_module(world):
    from dxoffice.planning.tests.factories import TaskFactory

    assert {"core", "planning"} <= set(registry.modules)
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    assert registry.is_visible(world.focal_a, task)
    assert not registry.is_visible(world.focal_b, task)
    assert registry.is_visible(world.focal_a, world.commune_a)
    assert not registry.is_visible(world.focal_a, world.commune_b)
    assert registry.origin("plan") is not None and registry.event("task.status_changed") is not None


def test_the_shell_names_no_module():
    """core and the base template never import or name a module: the registry is the only seam."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    modules = ("planning", "indicators", "meetings", "training", "partners", "portal")
    shell = [
        *(root / "core").rglob("*.py"),
        *(root / "core").rglob("*.html"),
        *(root / "templates").rglob("*.html"),
    ]
    offenders = [
        str(path.relative_to(root))
        for path in shell
        if "tests" not in path.parts
        and any(f"dxoffice.{name}" in path.read_text() or f"'{name}:" in path.read_text() for name in modules)
    ]
    assert offenders == []


def test_a_module_reads_another_modules_figures_through_a_data_source():
    reg = Registry()
    figures = {("2026", 1): Decimal("75.5"), ("2026", 2): Decimal("40")}

    def values(period, unit_ids):
        return {uid: figures[(period, uid)] for uid in unit_ids if (period, uid) in figures}

    reg.register(_module("a", sources=[DataSource("a.coverage", "Coverage", values, unit="%")]))
    with pytest.raises(ValueError, match="data source 'a.coverage'"):
        reg.register(_module("b", sources=[DataSource("a.coverage", "again", values)]))
    source = reg.data_source("a.coverage")
    assert source is not None and reg.data_sources() == [source]
    assert source.values("2026", [1, 3]) == {1: Decimal("75.5")}
    assert reg.data_source("nothing") is None


def test_websocket_routes_are_gathered_from_every_module():
    reg = Registry()
    reg.register(_module("a", websockets=["route-a"]))
    reg.register(_module("b", websockets=["route-b1", "route-b2"]))
    assert reg.websocket_urls() == ["route-a", "route-b1", "route-b2"]
