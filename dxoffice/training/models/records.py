"""What a learner achieved: completions (here or elsewhere) and the certificates they earn."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dxoffice.core.models import Archivable, AuditTrail, OrgUnit
from dxoffice.training.models.catalogue import Course
from dxoffice.training.models.classes import CourseClass
from dxoffice.training.models.people import Learner


class CompletionSource(models.TextChoices):
    CLASS = "class", _("Class")
    ONLINE = "online", _("Online course")
    EXTERNAL = "external", _("Completed elsewhere")


class Completion(Archivable):
    """A course completed, decided when the event happens (a quiz passed, a session attended).
    `provider` is who delivered it, kept as it was then (the class's provider, the course's, or the
    one an import names); `expires_on` from the course's certificate validity."""

    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="completions"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="completions"
    )
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=CompletionSource.choices)
    course_class = models.ForeignKey(
        CourseClass,
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="completions",
    )
    provider = models.ForeignKey(
        OrgUnit,
        verbose_name=pgettext_lazy("training", "provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_provider = models.CharField(_("provided by"), max_length=200, blank=True)
    external_reference = models.CharField(_("reference"), max_length=100, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        indexes = [
            models.Index(fields=["course", "completed_on"], name="training_completion_course"),
            models.Index(fields=["learner", "course"], name="training_completion_learner"),
            models.Index(fields=["provider", "completed_on"], name="training_completion_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.course.code} · {self.completed_on:%d/%m/%Y}"


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed without doubt


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(Archivable):
    completion = models.OneToOneField(
        Completion, verbose_name=_("completion"), on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(
        _("code"), max_length=20, unique=True, default=new_certificate_code, editable=False
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    issuer = models.ForeignKey(OrgUnit, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    history = AuditTrail()

    class Meta:
        ordering = ["-issued_on", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
