"""Classes of a course: their sessions, seats per unit, enrolments and attendance."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dxoffice.core.models import Archivable, AuditTrail, OrgUnit, User
from dxoffice.training.models.catalogue import Course
from dxoffice.training.models.people import Learner


class ClassStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for enrolment")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class CourseClass(Archivable):
    """One run of a course: organised by a unit, delivered by a provider (the partner or another)."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="classes"
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="training_classes"
    )
    provider = models.ForeignKey(
        OrgUnit,
        verbose_name=pgettext_lazy("training", "provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_classes_delivered",
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    self_enrolment = models.BooleanField(_("learners may enrol themselves"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ClassStatus.choices, default=ClassStatus.OPEN
    )
    history = AuditTrail()

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        """The rules every write path applies (the services, the admin)."""
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = str(_("The end date is before the start date."))
        if self.course_id and not self.course.has_classes:
            errors["course"] = str(_("This course is taken online only; it has no classes."))
        if errors:
            raise ValidationError(errors)

    @property
    def delivered_by(self) -> OrgUnit | None:
        return self.provider or self.course.provider


def new_check_in_code() -> str:
    return secrets.token_urlsafe(12)


class ClassSession(Archivable):
    course_class = models.ForeignKey(
        CourseClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    check_in_code = models.CharField(max_length=32, unique=True, default=new_check_in_code, editable=False)
    history = AuditTrail(excluded_fields=["check_in_code"])

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.course_class.code} · {self.starts_at:%d/%m/%Y %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})


class UnitQuota(Archivable):
    """Seats of a class kept for a unit's people (its subtree included)."""

    course_class = models.ForeignKey(
        CourseClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="quotas"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    history = AuditTrail()

    class Meta:
        verbose_name = _("unit quota")
        verbose_name_plural = _("unit quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["course_class", "unit"],
                condition=models.Q(archived_at__isnull=True),
                name="training_unique_quota",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_class.code} · {self.unit.code}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Enrolment(Archivable):
    course_class = models.ForeignKey(
        CourseClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="enrolments"
    )
    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    score = models.DecimalField(
        _("assessment score (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    history = AuditTrail()

    class Meta:
        ordering = ["enrolled_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["course_class", "learner"],
                condition=models.Q(archived_at__isnull=True),
                name="training_unique_enrolment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_class.code} · {self.learner}"


class CheckInMethod(models.TextChoices):
    SECRETARY = "secretary", _("Recorded by the secretary")
    QR = "qr", _("QR check-in")


class Attendance(Archivable):
    session = models.ForeignKey(
        ClassSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="attendance"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="attendance"
    )
    present = models.BooleanField(_("present"), default=True)
    method = models.CharField(
        _("method"), max_length=20, choices=CheckInMethod.choices, default=CheckInMethod.SECRETARY
    )
    history = AuditTrail()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"],
                condition=models.Q(archived_at__isnull=True),
                name="training_unique_attendance",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.enrolment.learner}"
