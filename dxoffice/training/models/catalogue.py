"""The catalogue: courses, who they are for, and which are required of whom in a year."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail, OrgUnit, UnitKind
from dxoffice.core.text import fold, nfc


class Topic(models.TextChoices):
    DIGITAL_LITERACY = "digital_literacy", _("Digital literacy")
    AI_FOR_WORK = "ai_for_work", _("AI for work")
    DATA = "data", _("Data")
    INFORMATION_SECURITY = "information_security", _("Information security")
    DX_LEADERSHIP = "dx_leadership", _("DX leadership and management")
    SECTOR_APPLICATIONS = "sector_applications", _("Sector applications")


class CourseLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    BLENDED = "blended", _("Blended")


class PositionLevel(models.TextChoices):
    LEADER = "leader", _("Leader")
    MANAGER = "manager", _("Manager")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    COMMUNE_OFFICIAL = "commune_official", _("Commune official")


PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Course(Archivable):
    """A course of the catalogue with its completion rule: the share of a class's sessions attended,
    the share of online lessons done, the pass mark of the assessment (a class score or the final
    quiz), and how long its certificate stays valid."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=CourseLevel.choices, default=CourseLevel.BASIC
    )
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    format = models.CharField(_("format"), max_length=20, choices=CourseFormat.choices)
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("managed by"), on_delete=models.PROTECT, related_name="training_courses"
    )
    provider = models.ForeignKey(
        OrgUnit,
        verbose_name=pgettext_lazy("training", "provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_courses_provided",
    )
    description = models.TextField(_("description"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("attendance needed (%)"), default=80, validators=PERCENT
    )
    min_lessons_percent = models.PositiveSmallIntegerField(
        _("lessons to complete (%)"), default=100, validators=PERCENT
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), null=True, blank=True, validators=PERCENT
    )
    final_unlock_percent = models.PositiveSmallIntegerField(
        _("lessons done before the final test (%)"), default=50, validators=PERCENT
    )
    certificate_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    search_text = models.TextField(editable=False, blank=True)
    history = AuditTrail(excluded_fields=["search_text"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return f"{self.code} · {self.display_title}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = nfc(self.title)
        self.title_en = nfc(self.title_en)
        self.search_text = fold(f"{self.code} {self.title} {self.title_en}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def display_title(self) -> str:
        if (get_language() or "vi").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def is_online(self) -> bool:
        return self.format == CourseFormat.ONLINE

    @property
    def has_classes(self) -> bool:
        return self.format != CourseFormat.ONLINE


class Requirement(Archivable):
    """A course's audience in a year: officials of a position level (blank: every level) in units
    of a kind (blank: every kind), for whom it is required (or only recommended), with the share of
    them the province targets to have completed it by the year's end."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="requirements"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    position_level = models.CharField(
        _("position level"), max_length=20, choices=PositionLevel.choices, blank=True
    )
    unit_kind = models.CharField(_("unit kind"), max_length=20, choices=UnitKind.choices, blank=True)
    required = models.BooleanField(_("required"), default=True)
    target_percent = models.DecimalField(
        _("target (%)"), max_digits=5, decimal_places=1, default=Decimal("100"), validators=PERCENT
    )
    history = AuditTrail()

    class Meta:
        ordering = ["-year", "course__code", "position_level", "unit_kind"]
        verbose_name = _("audience requirement")
        verbose_name_plural = _("audience requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "year", "position_level", "unit_kind"],
                condition=models.Q(archived_at__isnull=True),
                name="training_unique_requirement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.code} · {self.year}"

    def applies_to(self, position_level: str, unit_kind: str) -> bool:
        return self.position_level in ("", position_level) and self.unit_kind in ("", unit_kind)
