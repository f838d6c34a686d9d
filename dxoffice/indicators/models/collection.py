"""Collection: campaigns, each unit's submission, the data values and the data-quality flags."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail, OrgUnit, User
from dxoffice.core.periods import validate_period_code
from dxoffice.indicators.models.frameworks import Breakdown, FrameworkVersion, Indicator


class Campaign(Archivable):
    """Collecting one framework version for one period from a set of units."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="campaigns")
    period = models.CharField(_("period"), max_length=8, validators=[validate_period_code])
    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    units = models.ManyToManyField(OrgUnit, verbose_name=_("units"), related_name="+")
    history = AuditTrail(m2m_fields=[units])

    class Meta:
        ordering = ["-period", "title"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "period"],
                condition=models.Q(archived_at__isnull=True),
                name="indicators_unique_campaign",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


EDITABLE_STATUSES = {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}


class Submission(Archivable):
    """One unit's answer to a campaign: its workflow (draft -> submitted -> approved or returned)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="indicators_unique_submission")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.unit.code}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


class DataValue(Archivable):
    """One value, keyed by (indicator, unit, period). It carries no logic: scores are derived."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=8, validators=[validate_period_code])
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    choice = models.CharField(_("option"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = AuditTrail(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period"], name="indicators_unique_value")
        ]
        # The key serves one unit's form; this one serves a period's scoring across units.
        indexes = [models.Index(fields=["period", "status", "indicator"], name="indicators_value_period")]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.unit.code} · {self.period}"


class DataValuePart(models.Model):
    """One breakdown option's part of a value (the women among the staff trained). The value row
    keeps the total, which is what scores use; the parts live here, keyed to it. Never deleted: a
    part cleared is kept empty."""

    data_value = models.ForeignKey(DataValue, on_delete=models.PROTECT, related_name="parts")
    option = models.CharField(_("option"), max_length=20)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["data_value_id", "pk"]
        verbose_name = _("part of a value")
        verbose_name_plural = _("parts of values")
        constraints = [
            models.UniqueConstraint(fields=["data_value", "option"], name="indicators_unique_value_part")
        ]

    def __str__(self) -> str:
        return f"{self.data_value_id} · {self.option}: {self.value}"


class FlagKind(models.TextChoices):
    RULE = "rule", _("Rule violated")
    OUTLIER_HISTORY = "outlier_history", _("Unusual against the unit's previous periods")
    OUTLIER_PEERS = "outlier_peers", _("Unusual against peers")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    EXPLAINED = "explained", _("Explained")
    RESOLVED = "resolved", _("Resolved")


class Flag(Archivable):
    """A data-quality flag: a rule violated or an outlier. Flagged, not refused: a comment explains it."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="flags")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FlagKind.choices)
    code = models.CharField(max_length=80)  # the rule or indicator code (":" option): one flag each
    breakdown = models.ForeignKey(
        Breakdown, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # a rule checked on one breakdown option's parts
    breakdown_option = models.CharField(_("breakdown option"), max_length=20, blank=True)
    message = models.CharField(_("message"), max_length=600)
    status = models.CharField(_("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    comment = models.TextField(_("comment"), blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["submission_id", "code"]
        verbose_name = _("data-quality flag")
        verbose_name_plural = _("data-quality flags")
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind", "code"], name="indicators_unique_flag")
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def breakdown_label(self) -> str:
        """The breakdown option the flag is about ("Giới tính: Nữ"), or blank for the total."""
        if self.breakdown is None:
            return ""
        return f"{self.breakdown.localized_name}: {self.breakdown.option_label(self.breakdown_option)}"
