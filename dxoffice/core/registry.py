"""The module registry: how a module plugs into the shell without `core` naming it.

Each app describes itself with one `Module` in its `AppConfig.ready()` and calls `register`. The shell
(navigation, the home page, "my work", file downloads and History pages, task origins, audit trail,
notifications) asks the registry and never imports a module. Planning registers itself like any other.

    class ExampleConfig(AppConfig):
        def ready(self):
            from dxoffice.core.registry import register
            from dxoffice.example.plugin import MODULE
            register(MODULE)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dxoffice.core.models import User

Label = str | Promise  # a plain or lazily translated string


def _always(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation; `visible(user)` decides whether the person sees it."""

    key: str
    label: Label
    url_name: str
    icon: str = ""
    order: int = 100
    visible: Callable[[User], bool] = _always


@dataclass(frozen=True)
class HomeCard:
    """A card on the person's home page. `context(request)` returns what the template shows, or None
    to leave the card out; `template` renders it (it receives `card` and `data`)."""

    key: str
    title: Label
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100
    visible: Callable[[User], bool] = _always


class Urgency:
    OVERDUE = 0
    RETURNED = 1
    WAITING = 2
    DUE_SOON = 3
    LATER = 9


@dataclass(frozen=True)
class WorkItem:
    """One thing that waits for this person now (a report to write, one to review, a deadline)."""

    kind: str  # a short code of the provider's own, e.g. "report.due"
    kind_label: Label
    title: str
    url: str
    urgency: int = Urgency.LATER
    due: date | None = None
    detail: str = ""


WorkProvider = Callable[["User", date], Iterable[WorkItem]]
VisibilityCheck = Callable[["User", Any], bool]


@dataclass(frozen=True)
class OriginKind:
    """Why a task exists: an annual plan, a meeting conclusion, an indicator gap, a commitment.

    `model` ("app_label.ModelName") is the record such a task links to, if any; `url` gives the
    record's page for the task page's back link."""

    code: str
    label: Label
    model: str = ""
    url: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class AuditEvent:
    code: str  # "task.status_changed"
    label: Label


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification a module sends. People choose per kind how they get it."""

    code: str  # "report.returned"
    label: Label
    description: Label = ""
    default_email: str = "digest"  # "immediate", "digest" or "off"
    # Files its e-mails carry: a callable (or its dotted path) given the notification's target and
    # returning `core.notifications.channels.Attachment`s (a meeting's .ics), called when sending.
    attachments: str | Callable[[Any], Sequence[Any]] | None = None


@dataclass(frozen=True)
class PublicPage:
    """A page anyone may open without logging in (under /public/), listed on the public landing page.
    It shows only what is published: its view is cached and shared by every visitor."""

    key: str
    title: Label
    url_name: str  # takes no arguments
    order: int = 100


@dataclass(frozen=True)
class JobKind:
    """A kind of background job a module runs (core.jobs): a plan import, a large export.

    `run` is the function, or its dotted path ("dxoffice.example.jobs.run_import") so the
    module need not import it at start-up. It is called as `run(job, progress)` acting as the person who
    started the job, reports with `progress.update(percent, message)` and `progress.error(...)`, and
    returns the result (a JSON-ready dict). `result_template`, if given, shows that result on the job's
    page (it receives `job` and `result`); `can_start(user)` says who may start one."""

    code: str  # "example.import"
    label: Label
    run: Callable[..., Any] | str
    result_template: str = ""
    can_start: Callable[[User], bool] = _always


@dataclass(frozen=True)
class DailyJob:
    """Work a module does once a day (its reminders, closing what is past its deadline). The project's
    daily run (`dxoffice send_reminders`, and the task worker at the reminder hour) calls every
    module's `run(today)` before the day's digest e-mails go out, so what they announce goes in that
    digest. It must be safe to run twice a day (dedupe keys) and returns a one-line summary."""

    code: str  # "meetings.daily"
    label: Label
    run: Callable[[date], str] | str


SourceValues = Callable[[str, Sequence[int]], Mapping[int, Decimal]]


@dataclass(frozen=True)
class DataSource:
    """Figures a module publishes per unit and period for other modules to read (training coverage,
    enterprises supported), without either module importing the other.

    `values(period, unit_ids)` takes a canonical period code ("2026", "2026Q1", "2026M03") and the ids
    of the units asked about, and returns {unit id: value} for those it has a figure for (a unit with
    none is left out, never given 0). What a unit means (the unit reported on, its subtree, or the
    provider) is said in `description`. When its figures change, the module sends
    `core.signals.data_source_changed` after commit so readers can refresh."""

    code: str  # "training.coverage_basic"
    label: Label
    values: SourceValues
    unit: Label = ""  # what a value counts: "%", "people"
    description: Label = ""
    period_types: tuple[str, ...] = ("year", "quarter", "month")


@dataclass
class Module:
    """Everything one app contributes to the shell."""

    name: str  # the app label
    label: Label
    nav: list[NavEntry] = field(default_factory=list)
    cards: list[HomeCard] = field(default_factory=list)
    work: list[WorkProvider] = field(default_factory=list)
    visibility: dict[str, VisibilityCheck] = field(default_factory=dict)  # "app_label.model" -> check
    origins: list[OriginKind] = field(default_factory=list)
    events: list[AuditEvent] = field(default_factory=list)
    notifications: list[NotificationKind] = field(default_factory=list)
    public: list[PublicPage] = field(default_factory=list)
    jobs: list[JobKind] = field(default_factory=list)
    sources: list[DataSource] = field(default_factory=list)
    daily: list[DailyJob] = field(default_factory=list)
    websockets: list[Any] = field(default_factory=list)  # channels URL patterns, joined in dxoffice.asgi
    unit_page: str = ""  # URL name of the module's page of one unit, taking the unit's code
    search: str = ""  # URL name the navbar's search box sends `q` to


class Registry:
    def __init__(self) -> None:
        self.modules: dict[str, Module] = {}
        self._visibility: dict[str, VisibilityCheck] = {}
        self._origins: dict[str, OriginKind] = {}
        self._events: dict[str, AuditEvent] = {}
        self._notifications: dict[str, NotificationKind] = {}
        self._jobs: dict[str, JobKind] = {}
        self._sources: dict[str, DataSource] = {}
        self._daily: dict[str, DailyJob] = {}

    def register(self, module: Module) -> None:
        if module.name in self.modules:
            raise ValueError(f"module {module.name!r} is registered twice")
        for key, check in module.visibility.items():
            self._add(self._visibility, key.lower(), check, "visibility check")
        for origin in module.origins:
            self._add(self._origins, origin.code, origin, "task origin")
        for event in module.events:
            self._add(self._events, event.code, event, "audit event")
        for kind in module.notifications:
            self._add(self._notifications, kind.code, kind, "notification kind")
        for job in module.jobs:
            self._add(self._jobs, job.code, job, "job kind")
        for source in module.sources:
            self._add(self._sources, source.code, source, "data source")
        for daily in module.daily:
            self._add(self._daily, daily.code, daily, "daily job")
        self.modules[module.name] = module

    @staticmethod
    def _add(table: dict, key: str, value: Any, what: str) -> None:
        if key in table:
            raise ValueError(f"{what} {key!r} is registered twice")
        table[key] = value

    # The shell's questions ---------------------------------------------------------------------

    def nav_for(self, user: User) -> list[NavEntry]:
        entries = [entry for module in self.modules.values() for entry in module.nav]
        return sorted((e for e in entries if e.visible(user)), key=lambda e: (e.order, e.key))

    def cards_for(self, user: User) -> list[HomeCard]:
        cards = [card for module in self.modules.values() for card in module.cards]
        return sorted((c for c in cards if c.visible(user)), key=lambda c: (c.order, c.key))

    def work_for(self, user: User, today: date) -> list[WorkItem]:
        items = [
            item
            for module in self.modules.values()
            for provider in module.work
            for item in provider(user, today)
        ]
        return sorted(items, key=lambda i: (i.urgency, i.due or date.max, i.title))

    def is_visible(self, user: User, obj: models.Model) -> bool:
        """May `user` see this record (a file's target, a History page)? Unregistered models: no."""
        instance_type = getattr(obj, "instance_type", None)  # a historical record stands for its model
        model = instance_type or type(obj)
        check = self._visibility.get(model._meta.label_lower)
        return bool(check and check(user, obj))

    def has_visibility(self, model: type[models.Model]) -> bool:
        return model._meta.label_lower in self._visibility

    def unit_page(self) -> str:
        """The URL name of the first registered unit page (units link there), or ""."""
        return next((m.unit_page for m in self.modules.values() if m.unit_page), "")

    def search(self) -> str:
        return next((m.search for m in self.modules.values() if m.search), "")

    def origin(self, code: str) -> OriginKind | None:
        return self._origins.get(code)

    def origins(self) -> list[OriginKind]:
        return list(self._origins.values())

    def event(self, code: str) -> AuditEvent | None:
        return self._events.get(code)

    def notification_kind(self, code: str) -> NotificationKind | None:
        return self._notifications.get(code)

    def notification_kinds(self) -> list[NotificationKind]:
        return list(self._notifications.values())

    def job_kind(self, code: str) -> JobKind | None:
        return self._jobs.get(code)

    def job_kinds(self) -> list[JobKind]:
        return list(self._jobs.values())

    def data_source(self, code: str) -> DataSource | None:
        return self._sources.get(code)

    def data_sources(self) -> list[DataSource]:
        return list(self._sources.values())

    def daily_jobs(self) -> list[DailyJob]:
        """In the order the modules registered them."""
        return list(self._daily.values())

    def websocket_urls(self) -> list[Any]:
        return [route for module in self.modules.values() for route in module.websockets]

    def public_pages(self) -> list[PublicPage]:
        pages = [page for module in self.modules.values() for page in module.public]
        return sorted(pages, key=lambda p: (p.order, p.key))


registry = Registry()


def register(module: Module) -> None:
    registry.register(module)
