"""Investment projects in schools and vocational institutions, carried out as tasks of the program."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail


class SchoolProject(Archivable):
    """A project in one school with the partner, and the figures that matter for the program."""

    school = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.ForeignKey(
        "partners.Commitment",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="school_projects",
    )
    title = models.CharField(_("title"), max_length=300)
    students_in_it = models.PositiveIntegerField(_("students in IT programs"), default=0)
    teachers_trained = models.PositiveIntegerField(_("teachers trained"), default=0)
    classrooms_equipped = models.PositiveIntegerField(_("classrooms equipped"), default=0)
    history = AuditTrail()

    class Meta:
        ordering = ["school__name", "title"]
        verbose_name = _("school project")
        verbose_name_plural = _("school projects")

    def __str__(self) -> str:
        return self.title
