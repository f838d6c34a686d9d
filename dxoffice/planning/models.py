"""The program register: directives -> program -> objectives -> annual plans -> tasks ->
progress reports, with budget lines per task, year and source."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, Attachment, AuditTrail, OrgUnit, User, bounded_text
from dxoffice.core.periods import Period, validate_period_code
from dxoffice.core.text import fold, nfc
from dxoffice.planning.rules import budget_line_errors, disbursement_rate


class DirectiveLevel(models.TextChoices):
    CENTRAL_PARTY = "central_party", _("Central Party")
    NATIONAL = "national", _("National Assembly / Government")
    MINISTRY = "ministry", _("Ministry")
    PROVINCIAL = "provincial", _("Provincial")
    AGREEMENT = "agreement", _("Cooperation agreement")


class DirectiveKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")
    PLAN = "plan", _("Plan")
    ACTION_PROGRAM = "action_program", _("Action program")
    DIRECTIVE = "directive", _("Directive")
    AGREEMENT = "agreement", _("Agreement")
    OTHER = "other", _("Other")


class Directive(Archivable):
    number = models.CharField(_("number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=20, choices=DirectiveKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=DirectiveLevel.choices)
    issuer = models.CharField(_("issuer"), max_length=200)
    issued_on = models.DateField(_("date issued"))
    summary = bounded_text(_("summary"), 4000, blank=True)
    url = models.URLField(_("link"), blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self) -> str:
        return self.number


class Program(Archivable):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    directives = models.ManyToManyField(Directive, verbose_name=_("directives"), blank=True)
    description = bounded_text(_("description"), 4000, blank=True)
    history = AuditTrail(m2m_fields=[directives])

    class Meta:
        ordering = ["-start_year", "code"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class PillarKind(models.TextChoices):
    PILLAR = "pillar", _("Pillar")
    FOUNDATION = "foundation", _("Foundation")


class LocalizedName:
    """Lists the province edits (pillars, sectors) carry a Vietnamese and an English name."""

    name: str
    name_en: str

    @property
    def localized_name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Pillar(LocalizedName, Archivable):
    """An editable list per program: the three pillars and the foundations."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="pillars")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PillarKind.choices, default=PillarKind.PILLAR)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = AuditTrail()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="planning_unique_pillar")]

    def __str__(self) -> str:
        return self.localized_name


class Sector(LocalizedName, Archivable):
    """Priority sectors (health, education, agriculture, environment, tourism, others)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="sectors")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    is_priority = models.BooleanField(_("priority sector"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = AuditTrail()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="planning_unique_sector")]

    def __str__(self) -> str:
        return self.localized_name


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class ObjectiveKind(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic KPI")
    OPERATIONAL = "operational", _("Operational KPI")


class Objective(Archivable):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="objectives")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ObjectiveKind.choices, default=ObjectiveKind.STRATEGIC
    )
    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pillar"), null=True, blank=True, on_delete=models.PROTECT
    )
    lead_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    directives = models.ManyToManyField(Directive, verbose_name=_("directives"), blank=True)
    description = bounded_text(_("description"), 4000, blank=True)
    history = AuditTrail(m2m_fields=[directives])

    class Meta:
        ordering = ["program", "code"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="planning_unique_objective")]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    def audit_parts(self) -> list[models.Model]:
        """Targets and actuals are records of their own; the objective's History shows theirs too."""
        return [*self.targets.all(), *self.actuals.all()]


class ObjectiveTarget(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    history = AuditTrail()

    class Meta:
        ordering = ["year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["objective", "year"], name="planning_unique_target")]

    def __str__(self) -> str:
        return f"{self.objective.code} · {self.year}: {self.value}"


class ActualSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    INDICATOR = "indicator", _("From an indicator")
    IMPORT = "import", _("Imported")


class ObjectiveActual(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actuals")
    period = models.CharField(_("period"), max_length=8, validators=[validate_period_code])
    value = models.DecimalField(_("actual"), max_digits=20, decimal_places=4)
    source = models.CharField(
        _("source"), max_length=20, choices=ActualSource.choices, default=ActualSource.MANUAL
    )
    note = models.CharField(_("note"), max_length=400, blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["period"]
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        constraints = [models.UniqueConstraint(fields=["objective", "period"], name="planning_unique_actual")]

    def __str__(self) -> str:
        return f"{self.objective.code} · {self.period}: {self.value}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class AnnualPlan(Archivable):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=400)
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("issuing document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    history = AuditTrail()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="planning_unique_plan_year")]

    def __str__(self) -> str:
        return self.title


class TaskKind(models.TextChoices):
    TASK = "task", _("Task")
    PROJECT = "project", _("Project")
    SCHEME = "scheme", _("Scheme")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    PAUSED = "paused", _("Paused")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.PAUSED)


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class ReportingCycle(models.TextChoices):
    MONTHLY = "M", _("Monthly")
    QUARTERLY = "Q", _("Quarterly")
    YEARLY = "Y", _("Yearly")


class Tracking(models.TextChoices):
    """How Vietnamese government tracking classifies tasks. Derived, never stored."""

    COMPLETED_ON_TIME = "completed_on_time", _("Completed on time")
    COMPLETED_LATE = "completed_late", _("Completed late")
    IN_PROGRESS_ON_TIME = "in_progress_on_time", _("In progress within the deadline")
    OVERDUE = "overdue", _("Overdue, not completed")
    RECURRING = "recurring", _("Regular (recurring)")
    CANCELLED = "cancelled", _("Cancelled")


class Task(Archivable):
    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("annual plan"), on_delete=models.PROTECT, related_name="tasks"
    )
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=500)
    description = bounded_text(_("description"), 4000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices, default=TaskKind.TASK)
    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pillar"), on_delete=models.PROTECT, related_name="tasks"
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    directives = models.ManyToManyField(
        Directive, verbose_name=_("directives"), blank=True, related_name="tasks"
    )
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectives"), blank=True, related_name="tasks"
    )
    lead_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("coordinating units"), blank=True, related_name="coordinated_tasks"
    )
    partner = models.ForeignKey(
        OrgUnit,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    is_recurring = models.BooleanField(_("regular (recurring) task"), default=False)
    reporting_cycle = models.CharField(
        _("reporting cycle"), max_length=1, choices=ReportingCycle.choices, default=ReportingCycle.QUARTERLY
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    # Why the task exists: a kind registered by a module (core.registry.OriginKind) and, where the
    # kind has one, the record that caused it (a meeting conclusion, an indicator gap, a commitment).
    origin = models.CharField(_("origin"), max_length=40, default="plan")
    origin_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    origin_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    origin_object = GenericForeignKey("origin_type", "origin_id")
    origin_ref = models.CharField(_("origin reference"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    status_note = bounded_text(_("status note"), 2000, blank=True)
    expected_result = bounded_text(_("expected result"), 2000, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # Counts the saves: an edit made on an older version is refused (services.lock_task).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = AuditTrail(
        m2m_fields=[coordinating_units, directives, objectives], excluded_fields=["search_text", "version"]
    )

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="planning_unique_task_code")]
        indexes = [
            models.Index(fields=["status", "due_date"], name="planning_task_status_due"),
            models.Index(fields=["lead_unit", "status"], name="planning_task_lead_status"),
            models.Index(fields=["origin_type", "origin_id"], name="planning_task_origin_object"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.description = nfc(self.description)
        self.search_text = fold(f"{self.code} {self.title} {self.description}")
        if self.pk is not None and not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


class Milestone(Archivable):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("milestone / deliverable"), max_length=300)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class ProgressReport(Archivable):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("period"), max_length=8, validators=[validate_period_code])
    # The period's last day, so "latest" sorts by time whatever the kind of period (2026M06 > 2026Q1).
    period_end = models.DateField(editable=False, null=True)
    percent_complete = models.PositiveSmallIntegerField(
        _("% done"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    work_done = bounded_text(_("work done"), 8000)
    blockers = bounded_text(_("difficulties and blockers"), 4000, blank=True)
    proposals = bounded_text(_("proposals"), 4000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    review_comment = bounded_text(_("review comment"), 2000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = AuditTrail(excluded_fields=["version"])
    # Not stored: the task page sets a report's evidence files here before rendering it.
    files: list[Attachment]

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="planning_unique_report_period")
        ]
        indexes = [models.Index(fields=["task", "status", "period"], name="planning_report_task_status")]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.period}"

    def save(self, *args, **kwargs):
        try:
            self.period_end = Period.parse(self.period).end
        except ValidationError:
            self.period_end = None  # full_clean reports the bad code
        if self.pk is not None and not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("Central budget")
    PROVINCIAL = "provincial", _("Provincial budget")
    COMMUNE = "commune", _("Commune budget")
    ENTERPRISE = "enterprise", _("Enterprise / PPP")
    ODA = "oda", _("ODA")
    OTHER = "other", _("Other lawful sources")


class BudgetLine(Archivable):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    planned = models.DecimalField(
        _("planned (VND)"),
        max_digits=18,
        decimal_places=0,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    allocated = models.DecimalField(
        _("allocated (VND)"),
        max_digits=18,
        decimal_places=0,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    disbursed = models.DecimalField(
        _("disbursed (VND)"),
        max_digits=18,
        decimal_places=0,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    note = models.CharField(_("note"), max_length=400, blank=True)
    # Counts the saves: money changed on an older version is refused (services.budget_line_save).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = AuditTrail(excluded_fields=["version"])

    class Meta:
        ordering = ["year", "source"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "year", "source"],
                condition=models.Q(archived_at__isnull=True),
                name="planning_unique_budget_line",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.year} · {self.get_source_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)

    @property
    def disbursement_rate(self) -> Decimal | None:
        return disbursement_rate(self.disbursed, self.allocated)

    def clean(self):
        errors = budget_line_errors(
            year=None,
            program_years=range(0),
            planned=self.planned,
            allocated=self.allocated,
            disbursed=self.disbursed,
        )
        if errors:
            raise ValidationError(errors)


# A task's conversation and deadline extensions live in their own file (models of this app).
from dxoffice.planning.discussion import ExtensionRequest, TaskComment  # noqa: E402, F401
from dxoffice.planning.saved_filters import SavedFilter  # noqa: E402, F401
