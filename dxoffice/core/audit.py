"""Reading the audit trail: every change to a record, who made it, when, before and after.

Writes are recorded by django-simple-history on each audited model; this module turns those
records into rows a person can read (the History tab) and export (.xlsx).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from dxoffice.core.registry import registry

SYSTEM_USERNAME = "system"  # core.actors; kept here so reading the trail needs no model import

ACTION_LABELS = {"+": "created", "~": "changed", "-": "deleted"}
BURST_SECONDS = 2


@dataclass
class Change:
    field: str
    label: str
    before: str
    after: str
    many: bool = False  # a many-to-many field


@dataclass
class HistoryEntry:
    at: datetime
    user: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    event: str = ""  # the event code, e.g. "task.status_changed"
    subject: str = ""  # on a record's History, the part of it this entry is about ("2026Q3: 12.5")

    @property
    def event_label(self) -> str:
        """The event in the reader's language (registered by the module that wrote it)."""
        kind = registry.event(self.event) if self.event else None
        return str(kind.label) if kind else action_text(self.action)


def stamp_event(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    """Copy the event code a service set on the record (`_history_event`) into its history row."""
    history_instance.history_event = instance.__dict__.pop("_history_event", "") or ""


def _display(model: type[models.Model], field_name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - history-only fields
        return str(value)
    if not isinstance(model_field, models.Field):  # history tracks concrete fields only
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    related_model = model_field.related_model
    if model_field.is_relation and isinstance(related_model, type):
        related = related_model._base_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if isinstance(value, list):  # m2m history
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _names(model, field_name: str, ids: set) -> str:
    target = model._meta.get_field(field_name).related_model
    return ", ".join(sorted(str(obj) for obj in target._base_manager.filter(pk__in=ids))) or "—"


def _m2m_snapshots(records: list) -> dict[str, dict[int, set]]:
    """For each many-to-many field the history tracks: {history_id: {related ids}}, read in one
    query per field for all records (simple-history's own diff asks twice per record and field)."""
    if not records:
        return {}
    snapshots: dict[str, dict[int, set]] = {}
    model = records[0].instance_type
    for history_field in getattr(type(records[0]), "_history_m2m_fields", []):
        name = history_field.name
        through = getattr(records[0], name).model
        target_column = model._meta.get_field(name).m2m_reverse_field_name()
        by_record: dict[int, set] = {record.history_id: set() for record in records}
        rows = through.objects.filter(history__in=list(by_record)).values_list("history_id", target_column)
        for history_id, related_id in rows:
            by_record[history_id].add(related_id)
        snapshots[name] = by_record
    return snapshots


def history_of(obj: models.Model, *, with_parts: bool = True) -> list[HistoryEntry]:
    """The object's history, newest first, each entry with its field-level changes. A record whose
    parts are kept as records of their own (an objective's targets and actuals) lists them with
    `audit_parts()`: their entries join the record's, each naming its part (`subject`), so the
    record's History says who entered each of them."""
    entries = _own_history(obj)
    parts = getattr(obj, "audit_parts", None)
    if with_parts and callable(parts):
        for part in parts():
            for entry in _own_history(part):
                entry.subject = str(part)
                entries.append(entry)
        entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _own_history(obj: models.Model) -> list[HistoryEntry]:
    model = type(obj)
    history = obj.history  # type: ignore[attr-defined]  # simple-history adds the manager at class creation
    records = list(history.all().select_related("history_user").order_by("-history_date", "-history_id"))
    snapshots = _m2m_snapshots(records)
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[Change] = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=list(snapshots))
            for change in delta.changes:
                label = _field_label(model, change.field)
                changes.append(
                    Change(
                        change.field,
                        label,
                        _display(model, change.field, change.old),
                        _display(model, change.field, change.new),
                    )
                )
            for name, by_record in snapshots.items():
                before, after = by_record[previous.history_id], by_record[record.history_id]
                if before != after:
                    changes.append(
                        Change(
                            name,
                            _field_label(model, name),
                            _names(model, name, before),
                            _names(model, name, after),
                            many=True,
                        )
                    )
        action = ACTION_LABELS.get(record.history_type, "changed")
        newly_archived = (
            previous is not None
            and getattr(record, "archived_at", None)
            and getattr(previous, "archived_at", None) is None
        )
        if record.history_type == "~" and newly_archived:
            action = "archived"
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=_actor_name(record.history_user),
                action=action,
                reason=record.history_change_reason or "",
                changes=changes,
                event=getattr(record, "history_event", "") or "",
            )
        )
    return _merge_bursts(entries)


def _actor_name(user: Any) -> str:
    if user is None or user.username == SYSTEM_USERNAME:
        return _("System")
    return str(user)


def _merge_bursts(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """One save and its many-to-many updates make several history records a moment apart;
    show a record that only changed many-to-many fields as part of the save just before it."""
    merged: list[HistoryEntry] = []
    for entry in reversed(entries):  # oldest first
        last = merged[-1] if merged else None
        if (
            last is not None
            and entry.action == "changed"
            and all(change.many for change in entry.changes)
            and entry.user == last.user
            and abs((entry.at - last.at).total_seconds()) < BURST_SECONDS
            and (not entry.reason or entry.reason == last.reason)
        ):
            known = {change.field: change for change in last.changes}
            for change in entry.changes:
                if change.field in known:
                    known[change.field].after = change.after
                else:
                    last.changes.append(change)
            last.at = entry.at
            continue
        merged.append(entry)
    return list(reversed(merged))


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001
        return name


ACTION_TEXT = {
    "created": lambda: _("created"),
    "changed": lambda: _("changed"),
    "archived": lambda: _("archived"),
    "deleted": lambda: _("deleted"),
}


def action_text(action: str) -> str:
    return ACTION_TEXT.get(action, lambda: action)()


def history_workbook(obj: models.Model) -> bytes:
    """The object's history as an .xlsx: one row per changed field (or per event without changes)."""
    from io import BytesIO

    from django.utils import timezone
    from openpyxl import Workbook

    from dxoffice.core.excel import styles
    from dxoffice.core.excel.safe import safe_row

    book = Workbook()
    sheet = book.active
    if sheet is None:
        raise RuntimeError("a new workbook has no active sheet")
    sheet.title = _("History")[:31]
    sheet.append(safe_row(sheet, [str(obj)]))
    sheet.append([_("When"), _("Who"), _("Action"), _("Reason"), _("Field"), _("Before"), _("After")])
    for cell in sheet[2]:
        cell.font = styles.BOLD
    for entry in history_of(obj):
        when = timezone.localtime(entry.at).replace(tzinfo=None)
        head = [when, entry.user, entry.event_label, entry.reason]
        if not entry.changes:
            sheet.append(safe_row(sheet, [*head, "", "", ""]))
        for change in entry.changes:
            sheet.append(safe_row(sheet, [*head, change.label, change.before, change.after]))
    for column, width in zip("ABCDEFG", (20, 24, 24, 30, 24, 40, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3, max_col=1):
        row[0].number_format = styles.DATETIME_FORMAT
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
