"""The hand-written SQL baselines of bench/training.py: each one statement computing what a training
selector computes (coverage per unit and position level, per course, the trend by month, who still
must), on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import connection

# The year's required audiences, the learners of the subtree, and who must take which course.
_BASE = """
req AS (
  SELECT DISTINCT r.course_id, r.position_level, r.unit_kind
  FROM training_requirement r JOIN training_course c ON c.id = r.course_id
  WHERE r.year = %s AND r.required = TRUE AND r.archived_at IS NULL AND c.archived_at IS NULL
), lrn AS (
  SELECT l.id, l.unit_id, l.full_name, l.position_level AS lvl, u.kind, u.path
  FROM training_learner l JOIN core_orgunit u ON u.id = l.unit_id
  WHERE l.archived_at IS NULL AND u.path LIKE %s
), need AS (
  SELECT DISTINCT lrn.id AS learner_id, req.course_id
  FROM lrn JOIN req ON req.position_level IN ('', lrn.lvl) AND req.unit_kind IN ('', lrn.kind)
)"""

# Completions that count on a day: done by then, not expired by then, certificate not revoked.
_DONE = """
done AS (
  SELECT DISTINCT c.learner_id, c.course_id
  FROM training_completion c JOIN lrn ON lrn.id = c.learner_id
  LEFT JOIN training_certificate t ON t.completion_id = c.id
  WHERE c.archived_at IS NULL AND c.completed_on <= %s AND (c.expires_on IS NULL OR c.expires_on > %s)
    AND t.revoked_at IS NULL
), per_course AS (
  SELECT need.learner_id, need.course_id, CASE WHEN done.learner_id IS NULL THEN 0 ELSE 1 END AS ok
  FROM need LEFT JOIN done ON done.learner_id = need.learner_id AND done.course_id = need.course_id
)"""

COVERAGE = f"""
WITH {_BASE}, {_DONE},
person AS (SELECT learner_id, MIN(ok) AS all_ok FROM per_course GROUP BY learner_id),
child AS (
  SELECT u.id AS unit_id, g.id AS child_id FROM core_orgunit u
  JOIN core_orgunit g ON g.parent_id = %s AND u.path LIKE g.path || %s
)
SELECT 'child', child.child_id, lrn.lvl, COUNT(*), SUM(p.all_ok)
  FROM person p JOIN lrn ON lrn.id = p.learner_id JOIN child ON child.unit_id = lrn.unit_id
  GROUP BY child.child_id, lrn.lvl
UNION ALL
SELECT 'level', 0, lrn.lvl, COUNT(*), SUM(p.all_ok)
  FROM person p JOIN lrn ON lrn.id = p.learner_id GROUP BY lrn.lvl
UNION ALL
SELECT 'course', 0, CAST(course_id AS VARCHAR(20)), COUNT(*), SUM(ok) FROM per_course GROUP BY course_id
"""


def coverage(year: int, unit: Any, on: date) -> dict[str, Any]:
    """{"children": {child id: (must, done)}, "levels": {level: (must, done)}, "courses": {...}}."""
    with connection.cursor() as cursor:
        cursor.execute(COVERAGE, [year, f"{unit.path}%", on, on, unit.pk, "%"])
        rows = cursor.fetchall()
    children: dict[int, tuple[int, int]] = {}
    levels: dict[str, tuple[int, int]] = {}
    courses: dict[int, tuple[int, int]] = {}
    for kind, child, key, must, done in rows:
        if kind == "child":
            was = children.get(child, (0, 0))
            children[child] = (was[0] + must, was[1] + int(done))
        elif kind == "level":
            levels[key] = (must, int(done))
        else:
            courses[int(key)] = (must, int(done))
    return {"children": children, "levels": levels, "courses": courses}


def _agg() -> str:
    if connection.vendor == "postgresql":
        return "string_agg(CAST(course_id AS TEXT), ',' ORDER BY course_id)"
    return "group_concat(course_id, ',')"


def still_must_sql() -> str:
    return f"""
WITH {_BASE}, {_DONE},
missing AS (SELECT learner_id, {_agg()} AS courses FROM per_course WHERE ok = 0 GROUP BY learner_id)
SELECT lrn.id, lrn.full_name, u.name, m.courses, COUNT(*) OVER ()
FROM missing m JOIN lrn ON lrn.id = m.learner_id JOIN core_orgunit u ON u.id = lrn.unit_id
ORDER BY lrn.path, lrn.full_name, lrn.id
LIMIT %s
"""


def still_must(year: int, unit: Any, on: date, limit: int) -> tuple[list[tuple[int, tuple[int, ...]]], int]:
    """([(learner id, missing course ids)] of the first `limit`, how many in all)."""
    with connection.cursor() as cursor:
        cursor.execute(still_must_sql(), [year, f"{unit.path}%", on, on, limit])
        rows = cursor.fetchall()
    total = rows[0][4] if rows else 0
    return [(row[0], tuple(sorted(int(c) for c in row[3].split(",")))) for row in rows], total


def trend_sql(days: int) -> str:
    values = ", ".join(["(%s)"] * days)
    cast = "CAST(%s AS DATE)" if connection.vendor == "postgresql" else "%s"
    values = ", ".join([f"({cast})"] * days)
    return f"""
WITH days(d) AS (VALUES {values}), {_BASE},
span AS (
  SELECT c.learner_id, c.course_id, c.completed_on, c.expires_on
  FROM training_completion c JOIN lrn ON lrn.id = c.learner_id
  LEFT JOIN training_certificate t ON t.completion_id = c.id
  WHERE c.archived_at IS NULL AND c.completed_on <= %s AND t.revoked_at IS NULL
), per_day AS (
  SELECT days.d, need.learner_id, need.course_id, MAX(CASE WHEN s.learner_id IS NULL THEN 0 ELSE 1 END) AS ok
  FROM days CROSS JOIN need
  LEFT JOIN span s ON s.learner_id = need.learner_id AND s.course_id = need.course_id
    AND s.completed_on <= days.d AND (s.expires_on IS NULL OR s.expires_on > days.d)
  GROUP BY days.d, need.learner_id, need.course_id
), person AS (SELECT d, learner_id, MIN(ok) AS all_ok FROM per_day GROUP BY d, learner_id)
SELECT d, COUNT(*), SUM(all_ok) FROM person GROUP BY d ORDER BY d
"""


def trend(year: int, unit: Any, days: Sequence[date]) -> list[tuple[int, int]]:
    """[(must, done)] on each of `days`."""
    with connection.cursor() as cursor:
        cursor.execute(trend_sql(len(days)), [*days, year, f"{unit.path}%", max(days)])
        return [(must, int(done)) for _d, must, done in cursor.fetchall()]
