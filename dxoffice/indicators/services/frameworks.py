"""Frameworks are data: imported and exported as one dictionary (YAML, JSON or .xlsx carry it), each
import a new version; a version a campaign has used is frozen, and edits make a new version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import OrgUnit, User
from dxoffice.core.permissions import Action, can
from dxoffice.core.services import save_audited
from dxoffice.indicators.formulas import FormulaError, evaluation_order, parse
from dxoffice.indicators.models import (
    Aggregation,
    Breakdown,
    BreakdownTotal,
    Component,
    Framework,
    FrameworkVersion,
    IndexMean,
    Indicator,
    MissingRule,
    ParentRule,
    PeriodType,
    Polarity,
    Rule,
    ScoringMethod,
    SourceKind,
    ValueType,
)

MAX_INDICATORS = 1000
COMPONENT_FIELDS = ["code", "name", "name_en", "parent", "weight", "order"]
INDICATOR_FIELDS = [
    "code", "name", "name_en", "component", "definition", "unit_of_measure", "value_type", "options",
    "source", "source_code", "formula", "parent_rule", "polarity", "aggregation", "threshold", "weight_by",
    "scoring", "lower_bound", "upper_bound", "target", "bands", "weight", "max_points", "period_type",
    "unit_kinds", "evidence_required", "objective", "order", "breakdown", "breakdown_total",
]  # fmt: skip
BREAKDOWN_FIELDS = ["code", "name", "name_en", "options"]
ADDITIVE = {ValueType.NUMBER, ValueType.COUNT, ValueType.MONEY}  # parts add up to a total
DECIMALS = {"threshold", "lower_bound", "upper_bound", "target", "weight", "max_points"}
CHOICES = {
    "value_type": ValueType,
    "source": SourceKind,
    "parent_rule": ParentRule,
    "polarity": Polarity,
    "aggregation": Aggregation,
    "scoring": ScoringMethod,
    "period_type": PeriodType,
    "breakdown_total": BreakdownTotal,
}


def _number(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return format(Decimal(value).normalize(), "f")


def framework_export(version: FrameworkVersion) -> dict[str, Any]:
    """The whole version as plain data; importing it back gives the same data."""
    framework = version.framework
    components = list(Component.objects.filter(version=version).select_related("parent"))
    indicators = list(
        Indicator.objects.filter(version=version).select_related("component", "objective", "breakdown")
    )
    return {
        "code": framework.code,
        "name": framework.name,
        "name_en": framework.name_en,
        "description": framework.description,
        "missing_rule": str(version.missing_rule),
        "index_mean": str(version.index_mean),
        "note": version.note,
        "components": [
            {
                "code": c.code,
                "name": c.name,
                "name_en": c.name_en,
                "parent": c.parent.code if c.parent else "",
                "weight": _number(c.weight),
                "order": c.order,
            }
            for c in sorted(components, key=lambda c: (c.order, c.code))
        ],
        "breakdowns": [
            {"code": b.code, "name": b.name, "name_en": b.name_en, "options": b.options}
            for b in Breakdown.objects.filter(version=version).order_by("code")
        ],
        "indicators": [_indicator_data(i) for i in sorted(indicators, key=lambda i: (i.order, i.code))],
        "rules": [
            {"code": r.code, "expression": r.expression, "message": r.message}
            for r in Rule.objects.filter(version=version).order_by("code")
        ],
    }


def _indicator_data(indicator: Indicator) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in INDICATOR_FIELDS:
        if name == "component":
            data[name] = indicator.component.code
        elif name == "breakdown":
            data[name] = indicator.breakdown.code if indicator.breakdown_id else ""  # type: ignore[union-attr]
        elif name == "objective":
            data[name] = indicator.objective.code if indicator.objective_id else ""  # type: ignore[union-attr]
        elif name in DECIMALS:
            data[name] = _number(getattr(indicator, name))
        elif name in CHOICES:
            data[name] = str(getattr(indicator, name))
        else:
            data[name] = getattr(indicator, name)
    return data


class _Errors(dict[str, list[str]]):
    def add(self, where: str, message: str) -> None:
        self.setdefault(where, []).append(message)


def _clean_decimal(value: Any, where: str, errors: _Errors) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.add(where, _("“%(value)s” is not a number.") % {"value": str(value)[:40]})
        return None
    if not number.is_finite():
        errors.add(where, _("“%(value)s” is not a number.") % {"value": str(value)[:40]})
        return None
    return number


def _order(value: Any, default: int) -> int:
    try:
        number = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default
    return number if 0 <= number <= 32767 else default


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return Decimal(str(value)).is_finite()
    except (InvalidOperation, ValueError):
        return False


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _objective_by_code(code: str) -> Any:
    """A program objective named by its code, through the foreign key (never planning's models)."""
    model = Indicator._meta.get_field("objective").related_model
    return model._default_manager.filter(code=code).first()  # type: ignore[union-attr]


def _build(data: dict[str, Any], version: FrameworkVersion) -> Built:
    errors = _Errors()
    breakdowns = _build_breakdowns(data, version, errors)
    components: dict[str, Component] = {}
    parents: dict[str, str] = {}
    for n, item in enumerate(_list(data.get("components"))):
        where = f"components[{n + 1}]"
        if not isinstance(item, dict):
            errors.add(where, _("Each pillar is a set of fields."))
            continue
        code = str(item.get("code") or "").strip()
        if code in components:
            errors.add(f"{where}.code", _("The code %(code)s is used twice.") % {"code": code})
        weight = _clean_decimal(item.get("weight", 1), f"{where}.weight", errors)
        components[code] = Component(
            version=version,
            code=code,
            name=str(item.get("name") or "").strip(),
            name_en=str(item.get("name_en") or "").strip(),
            weight=Decimal(1) if weight is None else weight,
            order=_order(item.get("order"), n + 1),
        )
        if item.get("parent"):
            parents[code] = str(item["parent"])
    for code, parent in parents.items():
        if parent not in components or parent == code:
            errors.add(
                "components",
                _("Pillar %(code)s names an unknown parent %(parent)s.") % {"code": code, "parent": parent},
            )
    indicators: list[Indicator] = []
    items = _list(data.get("indicators"))
    if len(items) > MAX_INDICATORS:
        errors.add(
            "indicators", _("A framework has at most %(limit)s indicators.") % {"limit": MAX_INDICATORS}
        )
        items = []
    for n, item in enumerate(items):
        if isinstance(item, dict) and not item.get("order"):
            item = {**item, "order": n + 1}  # the file's order is the framework's order
        indicator = _build_indicator(item, f"indicators[{n + 1}]", version, components, breakdowns, errors)
        if indicator is not None:
            indicators.append(indicator)
    codes = [i.code for i in indicators]
    for code in {c for c in codes if codes.count(c) > 1}:
        errors.add("indicators", _("The code %(code)s is used twice.") % {"code": code})
    try:
        evaluation_order({i.code: i.formula for i in indicators if i.formula}, codes)
    except FormulaError as exc:
        errors.add("indicators", exc.messages[0])
    rules = []
    for n, item in enumerate(_list(data.get("rules"))):
        where = f"rules[{n + 1}]"
        if not isinstance(item, dict):
            errors.add(where, _("Each rule is a set of fields."))
            continue
        rule = Rule(
            version=version,
            code=str(item.get("code") or "").strip(),
            expression=str(item.get("expression") or ""),
            message=str(item.get("message") or ""),
        )
        try:
            unknown = parse(rule.expression).references - set(codes)
            if unknown:
                errors.add(
                    where,
                    _("The rule uses unknown indicators: %(unknown)s.")
                    % {"unknown": ", ".join(sorted(unknown))},
                )
        except FormulaError as exc:
            errors.add(where, exc.messages[0])
        rules.append(rule)
    _link_parents(components, parents)
    return Built(list(components.values()), indicators, rules, list(breakdowns.values()), errors)


@dataclass
class Built:
    """A version's records built from its data (not saved), and what is wrong with them."""

    components: list[Component]
    indicators: list[Indicator]
    rules: list[Rule]
    breakdowns: list[Breakdown]
    errors: _Errors


OPTION_CODE = re.compile(r"^[A-Za-z0-9_]{1,20}$")


def _build_breakdowns(
    data: dict[str, Any], version: FrameworkVersion, errors: _Errors
) -> dict[str, Breakdown]:
    """The version's breakdowns: each a code, a name and at least two options with distinct codes."""
    found: dict[str, Breakdown] = {}
    for n, item in enumerate(_list(data.get("breakdowns"))):
        where = f"breakdowns[{n + 1}]"
        if not isinstance(item, dict):
            errors.add(where, _("Each breakdown is a set of fields."))
            continue
        code = str(item.get("code") or "").strip()
        if code in found:
            errors.add(f"{where}.code", _("The code %(code)s is used twice.") % {"code": code})
        options: list[dict[str, str]] = []
        raw = _list(item.get("options"))
        if len(raw) < 2:
            errors.add(f"{where}.options", _("A breakdown has at least two options."))
        for number, option in enumerate(raw, start=1):
            option_code = str(option.get("code") or "").strip() if isinstance(option, dict) else ""
            if not OPTION_CODE.match(option_code) or not str(option.get("name") or "").strip():
                errors.add(
                    f"{where}.options[{number}]",
                    _("An option has a code (1–20 letters, digits or underscores) and a name."),
                )
                continue
            if option_code in [o["code"] for o in options]:
                errors.add(
                    f"{where}.options[{number}]",
                    _("The code %(code)s is used twice.") % {"code": option_code},
                )
            options.append(
                {
                    "code": option_code,
                    "name": str(option.get("name") or "").strip(),
                    "name_en": str(option.get("name_en") or "").strip(),
                }
            )
        found[code] = Breakdown(
            version=version,
            code=code,
            name=str(item.get("name") or "").strip(),
            name_en=str(item.get("name_en") or "").strip(),
            options=options,
        )
    return found


def _link_parents(components: dict[str, Component], parents: dict[str, str]) -> None:
    for code, parent in parents.items():
        if parent in components and parent != code:
            components[code].parent = components[parent]


def _build_indicator(
    item: Any,
    where: str,
    version: FrameworkVersion,
    components: dict[str, Component],
    breakdowns: dict[str, Breakdown],
    errors: _Errors,
) -> Indicator | None:
    if not isinstance(item, dict):
        errors.add(where, _("Each indicator is a set of fields."))
        return None
    values: dict[str, Any] = {}
    for name in INDICATOR_FIELDS:
        raw = item.get(name)
        if name in DECIMALS:
            values[name] = _clean_decimal(raw, f"{where}.{name}", errors)
        elif name in CHOICES:
            values[name] = raw or getattr(Indicator._meta.get_field(name), "default", "") or ""
            if values[name] not in CHOICES[name].values:
                errors.add(
                    f"{where}.{name}",
                    _("“%(value)s” is not one of %(choices)s.")
                    % {"value": raw, "choices": ", ".join(CHOICES[name].values)},
                )
        elif name in ("options", "bands", "unit_kinds"):
            values[name] = raw or []
            if not isinstance(values[name], list):
                errors.add(f"{where}.{name}", _("A list is expected."))
                values[name] = []
        elif name == "evidence_required":
            values[name] = bool(raw)
        elif name == "order":
            values[name] = _order(raw, 0)
        else:
            values[name] = "" if raw is None else str(raw).strip()
    for name in ("weight", "max_points"):
        if values[name] is None:
            values[name] = Decimal(1)
    component = components.get(values.pop("component"))
    if component is None:
        errors.add(f"{where}.component", _("Name one of the framework's pillars."))
        return None
    breakdown = _indicator_breakdown(values, where, breakdowns, errors)
    objective_code = values.pop("objective")
    objective = _objective_by_code(objective_code) if objective_code else None
    if objective_code and objective is None:
        errors.add(f"{where}.objective", _("No objective has the code %(code)s.") % {"code": objective_code})
    if values["formula"]:
        try:
            parse(values["formula"])
        except FormulaError as exc:
            errors.add(f"{where}.formula", exc.messages[0])
        values["source"] = SourceKind.COMPUTED
    elif values["source"] == SourceKind.COMPUTED:
        errors.add(f"{where}.formula", _("A computed indicator needs a formula."))
    if values["source"] == SourceKind.MODULE and not values["source_code"]:
        errors.add(f"{where}.source_code", _("Name the data source another module publishes."))
    for number, option in enumerate(values["options"]):
        if (
            not isinstance(option, dict)
            or not str(option.get("code") or "").strip()
            or not _is_number(option.get("points", 0))
        ):
            errors.add(f"{where}.options[{number + 1}]", _("An option has a code, a label and its points."))
    for number, band in enumerate(values["bands"]):
        threshold = band.get("min", band.get("max")) if isinstance(band, dict) else None
        if threshold is None or not _is_number(threshold) or not _is_number(band.get("points", 0)):
            errors.add(
                f"{where}.bands[{number + 1}]",
                _("A band has a threshold (min, or max when lower is better) and its points."),
            )
    if not all(isinstance(kind, str) for kind in values["unit_kinds"]):
        errors.add(f"{where}.unit_kinds", _("A list of unit kinds is expected."))
    if values["value_type"] == ValueType.CHOICE and not values["options"]:
        errors.add(f"{where}.options", _("A choice indicator lists its options with their points."))
    return Indicator(version=version, component=component, objective=objective, breakdown=breakdown, **values)


def _indicator_breakdown(
    values: dict[str, Any], where: str, breakdowns: dict[str, Breakdown], errors: _Errors
) -> Breakdown | None:
    """The breakdown an indicator names: one of the version's, on an entered number, count or
    money (their parts add up to the total)."""
    code = values.pop("breakdown")
    if not code:
        return None
    breakdown = breakdowns.get(code)
    if breakdown is None:
        errors.add(f"{where}.breakdown", _("Name one of the framework's breakdowns."))
    elif values["value_type"] not in ADDITIVE:
        errors.add(
            f"{where}.breakdown",
            _("A breakdown fits numbers, counts and money, whose parts add up to the total."),
        )
    elif values["formula"] or values["source"] not in (SourceKind.ENTERED, SourceKind.IMPORTED):
        errors.add(f"{where}.breakdown", _("Only an entered indicator takes a breakdown."))
    return breakdown


def _full_clean_all(records: list[Any], label: str, errors: _Errors) -> None:
    for n, record in enumerate(records):
        try:
            record.full_clean(
                exclude=["version", "component", "parent", "objective", "breakdown"], validate_unique=False
            )
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    errors.add(f"{label}[{n + 1}].{field_name}", message)


@transaction.atomic
def framework_import(*, by: User, data: Any, owner_unit: OrgUnit) -> FrameworkVersion:
    """Import a framework as a new version (a new framework the first time its code is seen). All or
    nothing; the errors name the place ("indicators[3].formula")."""
    if not isinstance(data, dict):
        raise ValidationError({"file": [_("The file does not hold a framework.")]})
    code = str(data.get("code") or "").strip()
    framework = Framework.objects.filter(code=code).first()
    unit = framework.owner_unit if framework else owner_unit
    if not can(by, Action.ADMINISTER, unit):
        raise PermissionDenied
    if framework is None:
        framework = Framework(code=code, owner_unit=owner_unit)
    framework.name = str(data.get("name") or "").strip()
    framework.name_en = str(data.get("name_en") or "").strip()
    framework.description = str(data.get("description") or "")
    try:
        framework.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    framework = save_audited(framework, by=by, event="indicators.framework_imported")
    last = FrameworkVersion.all_objects.filter(framework=framework).order_by("-number").first()
    version = FrameworkVersion(
        framework=framework,
        number=(last.number + 1) if last else 1,
        missing_rule=data.get("missing_rule") or MissingRule.EXCLUDE,
        index_mean=data.get("index_mean") or IndexMean.ARITHMETIC,
        note=str(data.get("note") or "")[:400],
    )
    save_audited(version, by=by, event="indicators.version_created")
    built = _build(data, version)
    components, indicators, rules, errors = built.components, built.indicators, built.rules, built.errors
    _full_clean_all(built.breakdowns, "breakdowns", errors)
    _full_clean_all(components, "components", errors)
    _full_clean_all(indicators, "indicators", errors)
    _full_clean_all(rules, "rules", errors)
    if errors:
        raise ValidationError(dict(errors))
    pending = list(components)
    while pending:  # parents before their sub-pillars
        ready = [c for c in pending if c.parent is None or c.parent.pk is not None]
        if not ready:
            raise ValidationError({"components": [_("The pillars' parents form a circle.")]})
        for component in ready:
            if component.parent is not None:
                component.parent_id = component.parent.pk
            save_audited(component, by=by, event="indicators.framework_imported")
        pending = [c for c in pending if c.pk is None]
    for breakdown in built.breakdowns:
        save_audited(breakdown, by=by, event="indicators.framework_imported")
    for indicator in indicators:
        indicator.component_id = indicator.component.pk
        if indicator.breakdown is not None:
            indicator.breakdown_id = indicator.breakdown.pk
        save_audited(indicator, by=by, event="indicators.framework_imported")
    for rule in rules:
        save_audited(rule, by=by, event="indicators.framework_imported")
    return version


def version_copy(*, by: User, version: FrameworkVersion) -> FrameworkVersion:
    """A new, editable version with the same content."""
    return framework_import(by=by, data=framework_export(version), owner_unit=version.framework.owner_unit)


@transaction.atomic
def indicator_update(*, by: User, indicator: Indicator, **changes: Any) -> Indicator:
    """Change an indicator of a version no campaign has used; the formula graph is checked again."""
    if not can(by, Action.ADMINISTER, indicator.version.framework.owner_unit):
        raise PermissionDenied
    if indicator.version.is_frozen:
        raise StateConflict(_("This version has been used by a campaign: make a new version to change it."))
    unknown = set(changes) - set(INDICATOR_FIELDS) - {"component"}
    if unknown:
        raise TypeError(f"unknown indicator fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(indicator, name, value)
    if indicator.formula:
        others = {
            i.code: i.formula
            for i in Indicator.objects.filter(version=indicator.version).exclude(pk=indicator.pk)
            if i.formula
        }
        codes = set(Indicator.objects.filter(version=indicator.version).values_list("code", flat=True))
        try:
            evaluation_order({**others, indicator.code: indicator.formula}, codes | {indicator.code})
        except FormulaError as exc:
            raise ValidationError({"formula": exc.messages}) from None
        indicator.source = SourceKind.COMPUTED
    elif indicator.source == SourceKind.COMPUTED:
        indicator.source = SourceKind.ENTERED
    return save_audited(indicator, by=by, event="indicators.indicator_changed")
