"""Learners: the officials of a unit's staff list, with or without an account."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail, OrgUnit, User
from dxoffice.core.text import fold, nfc
from dxoffice.training.models.catalogue import PositionLevel


class Learner(Archivable):
    """An official on a unit's staff list: the denominator of coverage. Linked to the person's
    account where they have one; archived when they leave the list."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="learners"
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learner",
    )
    staff_code = models.CharField(_("staff code"), max_length=40)
    full_name = models.CharField(_("full name"), max_length=150)
    position_level = models.CharField(_("position level"), max_length=20, choices=PositionLevel.choices)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    search_text = models.CharField(max_length=400, editable=False, blank=True)
    history = AuditTrail(excluded_fields=["search_text"])

    class Meta:
        ordering = ["unit__path", "full_name"]
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "staff_code"],
                condition=models.Q(archived_at__isnull=True),
                name="training_unique_staff_code",
            )
        ]
        indexes = [models.Index(fields=["position_level"], name="training_learner_level")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = nfc(self.full_name)
        self.staff_code = nfc(self.staff_code).upper()
        self.search_text = fold(f"{self.staff_code} {self.full_name} {self.position}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def initials(self) -> str:
        """ "Nguyễn Văn An" -> "N. V. A.": what the public verification page shows of a name."""
        return " ".join(f"{part[0]}." for part in self.full_name.split() if part)
