"""The framework editor's writes: add, change and retire pillars, indicators and rules, and change a
version's settings. Each change is checked the way an import is (the whole version built again from
its data: formulas parsed, circles and unknown codes refused), with the errors put on the fields of
the record edited. A version a campaign has used is frozen: a change to it is made in a new draft
version (`version_copy`), in the same transaction, so a refused change leaves no draft behind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import User
from dxoffice.core.permissions import Action, can
from dxoffice.core.services import archive, save_audited
from dxoffice.indicators.models import (
    Breakdown,
    Component,
    FrameworkVersion,
    IndexMean,
    Indicator,
    MissingRule,
    Rule,
)
from dxoffice.indicators.services.frameworks import (
    INDICATOR_FIELDS,
    _build,
    _Errors,
    _full_clean_all,
    framework_export,
    version_copy,
)

PLACE = re.compile(r"^(?P<section>\w+)\[(?P<n>\d+)\](?:\.(?P<field>\w+)(?:\[(?P<line>\d+)\])?)?$")
WHOLE_RECORD_FIELD = {"rules": "expression"}  # where an error about the whole record is shown


@dataclass
class Edited:
    """What an edit gives back: the record (None once retired), the version it lives in, and
    whether that version is a draft made for this change because the edited one was frozen."""

    record: Any
    version: FrameworkVersion
    drafted: bool


def may_edit(user: Any, version: FrameworkVersion) -> bool:
    return can(user, Action.ADMINISTER, version.framework.owner_unit)


def _target(by: User, version: FrameworkVersion) -> tuple[FrameworkVersion, bool]:
    if not may_edit(by, version):
        raise PermissionDenied
    if version.is_frozen:
        return version_copy(by=by, version=version), True
    return version, False


def _item_code(section: str, data: dict[str, Any], index: int) -> str:
    items = data.get(section) or []
    return str(items[index - 1].get("code", "")) if 0 < index <= len(items) else ""


def _field_errors(
    errors: _Errors, data: dict[str, Any], section: str, index: int | None
) -> dict[str, list[str]]:
    """The import's errors ("indicators[3].options[2]") as errors of the edited record's fields;
    what concerns another record is said on top, naming that record."""
    found: dict[str, list[str]] = {}
    for place, messages in errors.items():
        match = PLACE.match(place)
        for message in messages:
            if match and match["section"] == section and index is not None and int(match["n"]) == index:
                field = match["field"] or WHOLE_RECORD_FIELD.get(section, "__all__")
                if match["line"]:
                    message = _("Line %(line)s: %(message)s") % {"line": match["line"], "message": message}
                _add(found, field, message)
            elif match:
                code = _item_code(match["section"], data, int(match["n"]))
                _add(found, "__all__", f"{code}: {message}" if code else message)
            elif place == section == "indicators" and index is not None:
                edited = (data.get("indicators") or [{}])[index - 1]
                _add(found, "formula" if edited.get("formula") else "__all__", message)
            elif place == section == "components" and index is not None:
                _add(found, "parent", message)
            else:
                _add(found, "__all__", message)
    return found


def _add(found: dict[str, list[str]], field: str, message: str) -> None:
    if message not in found.setdefault(field, []):
        found[field].append(message)


def _check(version: FrameworkVersion, data: dict[str, Any], section: str, index: int | None) -> Any:
    """Build the whole version from `data`, as the import does; the built records, or the errors on
    the edited record's fields."""
    built = _build(data, version)
    errors = built.errors
    _full_clean_all(built.breakdowns, "breakdowns", errors)
    _full_clean_all(built.components, "components", errors)
    _full_clean_all(built.indicators, "indicators", errors)
    _full_clean_all(built.rules, "rules", errors)
    _check_pillar_circle(data, errors)
    _check_weight_by(data, errors)
    if errors:
        raise ValidationError(_field_errors(errors, data, section, index))
    return {
        "components": built.components,
        "indicators": built.indicators,
        "rules": built.rules,
        "breakdowns": built.breakdowns,
    }


def _check_pillar_circle(data: dict[str, Any], errors: _Errors) -> None:
    parents = {str(c.get("code")): str(c.get("parent") or "") for c in data.get("components") or []}
    for n, code in enumerate(parents, start=1):
        seen, current = {code}, parents.get(code, "")
        while current and current in parents:
            if current in seen:
                errors.add(
                    f"components[{n}].parent", _("A pillar cannot sit under itself or its sub-pillars.")
                )
                break
            seen.add(current)
            current = parents[current]


def _check_weight_by(data: dict[str, Any], errors: _Errors) -> None:
    codes = {str(i.get("code")) for i in data.get("indicators") or []}
    for n, item in enumerate(data.get("indicators") or [], start=1):
        named = str(item.get("weight_by") or "")
        if named and named not in codes:
            errors.add(
                f"indicators[{n}].weight_by",
                _("No indicator of this version has the code %(code)s.") % {"code": named},
            )


def _replace(data: dict[str, Any], section: str, code: str | None, item: dict[str, Any]) -> int:
    """Put `item` in place of the record `code` (or at the end for a new one); its 1-based index."""
    items: list[dict[str, Any]] = data.setdefault(section, [])
    for n, existing in enumerate(items):
        if code is not None and existing.get("code") == code:
            items[n] = item
            return n + 1
    items.append(item)
    return len(items)


def _refuse_retired_code(model: Any, version: FrameworkVersion, code: str, new: bool) -> None:
    if new and model.all_objects.filter(version=version, code=code).exists():
        raise ValidationError(
            {
                "code": [
                    _("The code %(code)s is taken in this version (perhaps by a retired record).")
                    % {"code": code}
                ]
            }
        )


def _built(records: list[Any], code: str) -> Any:
    return next(r for r in records if r.code == code)


@dataclass
class _Prepared:
    version: FrameworkVersion  # the version edited (a new draft when the given one was frozen)
    drafted: bool
    existing: Any  # the record changed, or None for a new one
    code: str
    built: Any  # the record as the whole framework's checks built it


def _prepare(
    by: User,
    version: FrameworkVersion,
    model: Any,
    section: str,
    code: str | None,
    data: dict[str, Any],
    missing: str,
) -> _Prepared:
    """What every save of a framework part does first: the version to edit, the record named by
    `code` (`missing` names it when there is none), a retired code refused, and the whole framework
    with this part in place checked by the import's own rules."""
    version, drafted = _target(by, version)
    existing = model.objects.filter(version=version, code=code).first() if code else None
    if code and existing is None:
        raise ValidationError({"code": [missing % {"code": code}]})
    item = {**data, "code": code if existing else str(data.get("code") or "").strip().upper()}
    _refuse_retired_code(model, version, item["code"], existing is None)
    whole = framework_export(version)
    index = _replace(whole, section, code, item)
    built = _built(_check(version, whole, section, index)[section], item["code"])
    return _Prepared(version, drafted, existing, item["code"], built)


@transaction.atomic
def indicator_save(*, by: User, version: FrameworkVersion, code: str | None, data: dict[str, Any]) -> Edited:
    """Add an indicator (`code` None) or change the indicator `code` with the fields in `data` (the
    shape `framework_export` gives). The code of an existing indicator stays."""
    prepared = _prepare(
        by, version, Indicator, "indicators", code, data, _("No indicator %(code)s in this version.")
    )
    version, drafted, existing, built = prepared.version, prepared.drafted, prepared.existing, prepared.built
    record = existing or Indicator(version=version, code=prepared.code)
    for name in INDICATOR_FIELDS:
        if name not in ("code", "component", "objective"):
            setattr(record, name, getattr(built, name))
    record.component = Component.objects.get(version=version, code=built.component.code)
    record.objective = built.objective
    record.breakdown = (
        Breakdown.objects.get(version=version, code=built.breakdown.code) if built.breakdown else None
    )
    event = "indicators.indicator_changed" if existing else "indicators.indicator_added"
    return Edited(save_audited(record, by=by, event=event), version, drafted)


@transaction.atomic
def indicator_retire(*, by: User, version: FrameworkVersion, code: str, reason: str = "") -> Edited:
    """Retire an indicator (archived, never deleted). Refused while a formula, a rule or a weighting
    still names it."""
    version, drafted = _target(by, version)
    indicator = Indicator.objects.filter(version=version, code=code).first()
    if indicator is None:
        raise ValidationError({"code": [_("No indicator %(code)s in this version.") % {"code": code}]})
    whole = framework_export(version)
    whole["indicators"] = [i for i in whole["indicators"] if i["code"] != code]
    try:
        _check(version, whole, "indicators", None)
    except ValidationError as exc:
        raise ValidationError(
            [_("%(code)s is still used: %(why)s") % {"code": code, "why": " ".join(exc.messages)}]
        ) from None
    archive(indicator, by=by, reason=reason, event="indicators.indicator_retired")
    return Edited(None, version, drafted)


@transaction.atomic
def component_save(*, by: User, version: FrameworkVersion, code: str | None, data: dict[str, Any]) -> Edited:
    """Add a pillar or sub-pillar (`code` None) or change one: name, parent, weight, order."""
    prepared = _prepare(
        by, version, Component, "components", code, data, _("No pillar %(code)s in this version.")
    )
    version, drafted, existing, built = prepared.version, prepared.drafted, prepared.existing, prepared.built
    record = existing or Component(version=version, code=prepared.code)
    for name in ("name", "name_en", "weight", "order"):
        setattr(record, name, getattr(built, name))
    parent = str(data.get("parent") or "")
    record.parent = Component.objects.get(version=version, code=parent) if parent else None
    event = "indicators.pillar_changed" if existing else "indicators.pillar_added"
    return Edited(save_audited(record, by=by, event=event), version, drafted)


@transaction.atomic
def component_retire(*, by: User, version: FrameworkVersion, code: str, reason: str = "") -> Edited:
    """Retire a pillar with no indicator and no sub-pillar left in it."""
    version, drafted = _target(by, version)
    component = Component.objects.filter(version=version, code=code).first()
    if component is None:
        raise ValidationError({"code": [_("No pillar %(code)s in this version.") % {"code": code}]})
    inside = sorted(
        [
            *component.indicators.values_list("code", flat=True),
            *component.children.values_list("code", flat=True),
        ]
    )
    if inside:
        raise ValidationError(
            [
                _("Pillar %(code)s still holds %(inside)s: move or retire them first.")
                % {"code": code, "inside": ", ".join(inside)}
            ]
        )
    archive(component, by=by, reason=reason, event="indicators.pillar_retired")
    return Edited(None, version, drafted)


@transaction.atomic
def rule_save(*, by: User, version: FrameworkVersion, code: str | None, data: dict[str, Any]) -> Edited:
    """Add or change a cross-indicator rule: its condition over the version's indicator codes."""
    prepared = _prepare(by, version, Rule, "rules", code, data, _("No rule %(code)s in this version."))
    version, drafted, existing, built = prepared.version, prepared.drafted, prepared.existing, prepared.built
    if not built.message.strip():
        raise ValidationError({"message": [_("Say what is wrong when the rule fails.")]})
    record = existing or Rule(version=version, code=prepared.code)
    record.expression, record.message = built.expression, built.message
    event = "indicators.rule_changed" if existing else "indicators.rule_added"
    return Edited(save_audited(record, by=by, event=event), version, drafted)


@transaction.atomic
def rule_retire(*, by: User, version: FrameworkVersion, code: str, reason: str = "") -> Edited:
    version, drafted = _target(by, version)
    rule = Rule.objects.filter(version=version, code=code).first()
    if rule is None:
        raise ValidationError({"code": [_("No rule %(code)s in this version.") % {"code": code}]})
    archive(rule, by=by, reason=reason, event="indicators.rule_retired")
    return Edited(None, version, drafted)


@transaction.atomic
def breakdown_save(*, by: User, version: FrameworkVersion, code: str | None, data: dict[str, Any]) -> Edited:
    """Add or change a breakdown: its name and its options (code, name, English name)."""
    prepared = _prepare(
        by, version, Breakdown, "breakdowns", code, data, _("No breakdown %(code)s in this version.")
    )
    version, drafted, existing, built = prepared.version, prepared.drafted, prepared.existing, prepared.built
    record = existing or Breakdown(version=version, code=prepared.code)
    record.name, record.name_en, record.options = built.name, built.name_en, built.options
    event = "indicators.breakdown_changed" if existing else "indicators.breakdown_added"
    return Edited(save_audited(record, by=by, event=event), version, drafted)


@transaction.atomic
def breakdown_retire(*, by: User, version: FrameworkVersion, code: str, reason: str = "") -> Edited:
    """Retire a breakdown no indicator uses any more."""
    version, drafted = _target(by, version)
    breakdown = Breakdown.objects.filter(version=version, code=code).first()
    if breakdown is None:
        raise ValidationError({"code": [_("No breakdown %(code)s in this version.") % {"code": code}]})
    users = sorted(breakdown.indicators.values_list("code", flat=True))
    if users:
        raise ValidationError(
            [_("Breakdown %(code)s is still used by %(users)s.") % {"code": code, "users": ", ".join(users)}]
        )
    archive(breakdown, by=by, reason=reason, event="indicators.breakdown_retired")
    return Edited(None, version, drafted)


@transaction.atomic
def version_settings_save(*, by: User, version: FrameworkVersion, data: dict[str, Any]) -> Edited:
    """The version's missing-data rule, index mean and note."""
    version, drafted = _target(by, version)
    errors: dict[str, list[str]] = {}
    for name, choices in (("missing_rule", MissingRule), ("index_mean", IndexMean)):
        value = str(data.get(name) or "")
        if value not in choices.values:
            errors[name] = [_("Choose one of the offered values.")]
        else:
            setattr(version, name, value)
    note = str(data.get("note") or "").strip()
    if len(note) > 400:
        errors["note"] = [_("At most %(limit)s characters.") % {"limit": 400}]
    if errors:
        raise ValidationError(errors)
    version.note = note
    return Edited(save_audited(version, by=by, event="indicators.version_changed"), version, drafted)
