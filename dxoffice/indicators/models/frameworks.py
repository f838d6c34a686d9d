"""Definitions: frameworks, their versions, the pillar tree and the indicators (metadata, no values)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail, OrgUnit, UnitKind

code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9_]{0,39}$",
    _("Use 1–40 capital letters, digits or underscores, starting with a letter."),
)


class MissingRule(models.TextChoices):
    EXCLUDE = "exclude", _("Excluded, weights re-normalised")
    ZERO = "zero", _("Scored zero")


class IndexMean(models.TextChoices):
    ARITHMETIC = "arithmetic", _("Weighted arithmetic mean")
    GEOMETRIC = "geometric", _("Weighted geometric mean")


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percentage")
    BOOLEAN = "boolean", _("Yes/no")
    COUNT = "count", _("Count")
    MONEY = "money", _("Money (VND)")
    CHOICE = "choice", _("Choice")


class SourceKind(models.TextChoices):
    ENTERED = "entered", _("Entered")
    COMPUTED = "computed", _("Computed")
    MODULE = "module", _("Another module")
    IMPORTED = "imported", _("Imported")


class Polarity(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    WEIGHTED_MEAN = "weighted_mean", _("Population-weighted mean")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")
    SHARE = "share", _("Share of units meeting the threshold")


class ScoringMethod(models.TextChoices):
    MINMAX = "minmax", _("Min-max across peers")
    FIXED = "fixed", _("Min-max with fixed bounds")
    TARGET = "target", _("Distance to target")
    ZSCORE = "zscore", _("Z-score")
    BANDS = "bands", _("Score bands (points)")


class ParentRule(models.TextChoices):
    INPUTS = "inputs", _("From the children's aggregated inputs (ratio of the sums)")
    RESULTS = "results", _("From the children's results (aggregate of the ratios)")


class PeriodType(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


PERIOD_KIND = {PeriodType.YEAR: "Y", PeriodType.QUARTER: "Q", PeriodType.MONTH: "M"}


class Localized:
    name: str
    name_en: str

    @property
    def localized_name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Framework(Localized, Archivable):
    """A set of indicators and how they make an index (the DTI, the program's KPIs, an inventory)."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT)
    history = AuditTrail()

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")

    def __str__(self) -> str:
        return self.localized_name

    def current_version(self) -> FrameworkVersion | None:
        return self.versions.order_by("-number").first()


class FrameworkVersion(Archivable):
    """One version of a framework. Once a campaign has used it, it is frozen: edits make a new one."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    missing_rule = models.CharField(
        _("missing data"), max_length=10, choices=MissingRule.choices, default=MissingRule.EXCLUDE
    )
    index_mean = models.CharField(
        _("index mean"), max_length=12, choices=IndexMean.choices, default=IndexMean.ARITHMETIC
    )
    note = models.CharField(_("note"), max_length=400, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["framework__code", "-number"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="indicators_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Component(Localized, Archivable):
    """A pillar or sub-pillar of a framework version, with its weight in its parent."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="components")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=10, decimal_places=4, default=1, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = AuditTrail()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicators_unique_component")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.localized_name}"


class BreakdownTotal(models.TextChoices):
    SUM = "sum", _("The total is the sum of the parts")
    ENTERED = "entered", _("The total is entered and the parts must add up to it")


class Breakdown(Localized, Archivable):
    """A disaggregation of a framework version (DHIS2's category combination): sex (male, female),
    age group, area (urban, rural). An indicator with a breakdown takes a value per option."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="breakdowns")
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    options = models.JSONField(_("options"), default=list)  # [{"code", "name", "name_en"}]
    history = AuditTrail()

    class Meta:
        ordering = ["code"]
        verbose_name = _("breakdown")
        verbose_name_plural = _("breakdowns")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicators_unique_breakdown")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.localized_name}"

    @property
    def codes(self) -> list[str]:
        return [str(option["code"]) for option in self.options]

    def option_label(self, code: str) -> str:
        """An option's name in the reader's language (the code if the option is unknown)."""
        english = (get_language() or "vi").startswith("en")
        for option in self.options:
            if option.get("code") == code:
                return str((english and option.get("name_en")) or option.get("name") or code)
        return code


class Indicator(Localized, Archivable):
    """An indicator's definition inside one framework version."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="indicators")
    component = models.ForeignKey(
        Component, verbose_name=_("pillar"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices)
    options = models.JSONField(_("options"), default=list, blank=True)  # [{"code", "label", "points"}]
    source = models.CharField(_("data source"), max_length=10, choices=SourceKind.choices)
    source_code = models.CharField(_("source code"), max_length=80, blank=True)
    formula = models.CharField(_("formula"), max_length=1000, blank=True)
    parent_rule = models.CharField(
        _("parent units"), max_length=10, choices=ParentRule.choices, default=ParentRule.INPUTS
    )
    polarity = models.CharField(
        _("polarity"), max_length=10, choices=Polarity.choices, default=Polarity.HIGHER
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=16, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    threshold = models.DecimalField(_("threshold"), max_digits=20, decimal_places=4, null=True, blank=True)
    weight_by = models.CharField(_("weighted by (indicator code)"), max_length=40, blank=True)
    scoring = models.CharField(
        _("scoring method"), max_length=10, choices=ScoringMethod.choices, default=ScoringMethod.MINMAX
    )
    lower_bound = models.DecimalField(
        _("lower bound"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    upper_bound = models.DecimalField(
        _("upper bound"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    bands = models.JSONField(_("score bands"), default=list, blank=True)  # [{"min": 50, "points": 5}]
    weight = models.DecimalField(
        _("weight"), max_digits=10, decimal_places=4, default=1, validators=[MinValueValidator(0)]
    )
    max_points = models.DecimalField(
        _("maximum points"), max_digits=10, decimal_places=4, default=1, validators=[MinValueValidator(0)]
    )
    period_type = models.CharField(
        _("period type"), max_length=10, choices=PeriodType.choices, default=PeriodType.YEAR
    )
    unit_kinds = models.JSONField(_("unit kinds that report it"), default=list, blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    breakdown = models.ForeignKey(
        Breakdown,
        verbose_name=_("breakdown"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    breakdown_total = models.CharField(
        _("total of the breakdown"), max_length=10, choices=BreakdownTotal.choices, default=BreakdownTotal.SUM
    )
    objective = models.ForeignKey(
        "planning.Objective",
        verbose_name=_("program objective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = AuditTrail()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicators_unique_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.localized_name}"

    def clean(self) -> None:
        """A scoring method has the parameters it scores with: fixed bounds need both bounds, distance
        to target needs the target (without them every unit would silently score 0). Yes/no and choice
        indicators score by their points whatever the method. Every write path (the import, the
        editor, the admin) runs this through full_clean."""
        super().clean()
        if self.value_type in (ValueType.BOOLEAN, ValueType.CHOICE):
            return
        errors: dict[str, str] = {}
        if self.scoring == ScoringMethod.FIXED:
            if self.lower_bound is None:
                errors["lower_bound"] = str(
                    _("%(indicator)s: scoring with fixed bounds needs a lower bound.")
                    % {"indicator": self.code}
                )
            if self.upper_bound is None:
                errors["upper_bound"] = str(
                    _("%(indicator)s: scoring with fixed bounds needs an upper bound.")
                    % {"indicator": self.code}
                )
        if self.scoring == ScoringMethod.TARGET and self.target is None:
            errors["target"] = str(
                _("%(indicator)s: scoring by distance to target needs a target.") % {"indicator": self.code}
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_computed(self) -> bool:
        return bool(self.formula)

    @property
    def is_entered(self) -> bool:
        return self.source in (SourceKind.ENTERED, SourceKind.IMPORTED) and not self.formula

    def reported_by(self, kind: str) -> bool:
        return not self.unit_kinds or kind in self.unit_kinds


ALL_UNIT_KINDS = [kind.value for kind in UnitKind]


class Rule(Archivable):
    """A cross-indicator rule written once and checked for every unit ("DV_ONLINE <= DV_TOTAL")."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="rules")
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    expression = models.CharField(_("condition"), max_length=1000)
    message = models.CharField(_("message"), max_length=400)
    history = AuditTrail()

    class Meta:
        ordering = ["code"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="indicators_unique_rule")]

    def __str__(self) -> str:
        return self.code
