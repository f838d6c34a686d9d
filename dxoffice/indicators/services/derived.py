"""Writing a period's rows of the derived tables (indicator scores, sub-indices and indices) in bulk.

The rows already stored for the version and period are read in one query and compared with the new
ones: only what changed is written (an approval moves one unit's scores and a few ranks, not the whole
period), new rows go in through the database's bulk path (COPY on PostgreSQL, executemany elsewhere),
changed rows are updated by id in batches and rows no longer derived are deleted. When most rows
change, the period's rows are replaced instead (one DELETE, then the bulk insert)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from dxoffice.indicators.models import IndexScore, IndicatorScore

BATCH = 5000
REPLACE_SHARE = 0.5  # replace the period's rows when more than this share of them changed


@dataclass(frozen=True)
class Table:
    model: type[IndicatorScore] | type[IndexScore]
    key: tuple[str, ...]  # columns naming a row within a version and period
    data: tuple[str, ...]  # the other derived columns

    @property
    def columns(self) -> tuple[str, ...]:
        return ("version_id", "period", *self.key, *self.data)


SCORES = Table(
    IndicatorScore, ("indicator_id", "unit_id"), ("unit_kind", "value", "score", "points", "rolled_up")
)
INDICES = Table(IndexScore, ("component_id", "unit_id"), ("unit_kind", "score", "rank", "peers", "coverage"))


@dataclass(frozen=True)
class Written:
    inserted: int
    updated: int
    deleted: int


Scope = tuple[str, Sequence[Any]] | None  # (column, values): only those rows of the period; None: all


def _where(version_id: int, period: str, scope: Scope) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    where = f"{quote('version_id')} = %s AND {quote('period')} = %s"
    params: list[Any] = [version_id, period]
    if scope is not None:
        column, chosen = scope
        where += f" AND {quote(column)} IN ({', '.join(['%s'] * len(chosen))})"
        params.extend(chosen)
    return where, params


def store(table: Table, version_id: int, period: str, rows: Sequence[tuple], scope: Scope = None) -> Written:
    """Make the table's rows of (version, period) exactly `rows`, each a tuple of key + data columns;
    with a `scope`, only the rows of the period in it (`("unit_id", [ids])`, `("unit_kind", [kinds])`)."""
    quote = connection.ops.quote_name
    name = quote(table.model._meta.db_table)
    width = len(table.key)
    if scope is not None and not scope[1]:
        return Written(0, 0, 0)
    where, params = _where(version_id, period, scope)
    stored: dict[tuple, tuple] = {}
    with connection.cursor() as cursor:
        selected = ", ".join(quote(c) for c in ("id", *table.key, *table.data))
        cursor.execute(f"SELECT {selected} FROM {name} WHERE {where}", params)
        while chunk := cursor.fetchmany(BATCH):
            for row in chunk:
                stored[row[1 : 1 + width]] = row
    if stored and not rows:
        return _replace(table, version_id, period, rows, len(stored), scope)
    inserts: list[tuple] = []
    updates: list[tuple] = []
    for row in rows:
        old = stored.pop(row[:width], None)
        if old is None:
            inserts.append(row)
        elif old[1 + width :] != row[width:]:
            updates.append((*row[width:], old[0]))
    gone = [old[0] for old in stored.values()]
    kept = len(rows) - len(inserts)
    if kept and len(updates) + len(gone) > REPLACE_SHARE * (kept + len(gone)):
        return _replace(table, version_id, period, rows, kept + len(gone), scope)
    with connection.cursor() as cursor:
        if updates:
            _update(cursor, table, updates)
        for start in range(0, len(gone), BATCH):
            batch = gone[start : start + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {name} WHERE {quote('id')} IN ({marks})", batch)
    _insert(table, version_id, period, inserts)
    return Written(len(inserts), len(updates), len(gone))


def _update(cursor: Any, table: Table, updates: list[tuple]) -> None:
    """Rows changed in place by id: on PostgreSQL one UPDATE ... FROM (VALUES ...) per batch (a new
    rank moves every peer below it, thousands of rows), elsewhere executemany."""
    quote = connection.ops.quote_name
    name = quote(table.model._meta.db_table)
    if connection.vendor != "postgresql":
        assignments = ", ".join(f"{quote(c)} = %s" for c in table.data)
        cursor.executemany(f"UPDATE {name} SET {assignments} WHERE {quote('id')} = %s", updates)
        return
    fields = {f.column: f for f in table.model._meta.concrete_fields}
    columns = (*table.data, "id")
    typed = "(" + ", ".join(f"%s::{fields[c].db_type(connection)}" for c in columns) + ")"
    plain = "(" + ", ".join(["%s"] * len(columns)) + ")"
    names = ", ".join(quote(c) for c in columns)
    assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in table.data)
    per_batch = 1000
    for start in range(0, len(updates), per_batch):
        batch = updates[start : start + per_batch]
        rows = ", ".join([typed] + [plain] * (len(batch) - 1))
        cursor.execute(
            f"UPDATE {name} AS t SET {assignments} FROM (VALUES {rows}) AS v({names}) "
            f"WHERE t.{quote('id')} = v.{quote('id')}",
            [value for row in batch for value in row],
        )


def _replace(
    table: Table, version_id: int, period: str, rows: Sequence[tuple], before: int, scope: Scope
) -> Written:
    where, params = _where(version_id, period, scope)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(table.model._meta.db_table)} WHERE {where}", params
        )
    _insert(table, version_id, period, rows)
    return Written(len(rows), 0, before)


def _insert(table: Table, version_id: int, period: str, rows: Sequence[tuple]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    name = quote(table.model._meta.db_table)
    columns = ", ".join(quote(c) for c in table.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, f"COPY {name} ({columns}) FROM STDIN", version_id, period, rows)
            return
        marks = ", ".join(["%s"] * len(table.columns))
        sql = f"INSERT INTO {name} ({columns}) VALUES ({marks})"
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [(version_id, period, *row) for row in rows[start : start + BATCH]])


def _copy(cursor: Any, sql: str, version_id: int, period: str, rows: Sequence[tuple]) -> None:
    """COPY in PostgreSQL's text format: floats as repr (exact round trip), NULL as \\N, booleans t/f.
    No derived column holds text that needs escaping (kinds and periods are codes)."""
    prefix = f"{version_id}\t{period}\t"
    with cursor.cursor.copy(sql) as copy:
        buffer = io.StringIO()
        for n, row in enumerate(rows, start=1):
            buffer.write(prefix)
            buffer.write("\t".join(_text(value) for value in row))
            buffer.write("\n")
            if n % BATCH == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


def _text(value: object) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return repr(value) if isinstance(value, float) else str(value)
