"""The data of bench/training.py: provinces of units, officials on their staff lists, ten required
courses of 2026 and their completions with certificates, loaded fast (COPY through psycopg on
PostgreSQL, bulk_create in batches on SQLite).

Deterministic (seeded): each unit completes at its own rate (leaders and laggards), completions are
spread over 2025 and 2026, the information-security course expires after 12 months (so some of last
year's no longer count), a few certificates are revoked, and one official in ten also took an
optional course."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction

YEAR = 2026
BATCH = 5000
# code, title, months valid, [(position level, unit kind, target %)] required in 2026
COURSES = [
    ("KNS-CB", "Kỹ năng số cơ bản", None, [("", "", 100)]),
    ("KNS-XA", "Kỹ năng số cho cán bộ cấp xã", None, [("commune_official", "", 100)]),
    ("AI-HC", "Ứng dụng AI trong công việc hành chính", None, [("civil_servant", "", 60)]),
    ("ATTT", "An toàn thông tin và bảo vệ dữ liệu cá nhân", 12, [("", "", 80)]),
    ("LD-CDS", "Lãnh đạo chuyển đổi số", None, [("leader", "", 100)]),
    ("QL-CDS", "Quản lý chuyển đổi số", None, [("manager", "", 90)]),
    ("DL-CS", "Chia sẻ và khai thác dữ liệu", None, [("civil_servant", "department", 70)]),
    ("DVC-TT", "Dịch vụ công trực tuyến", None, [("commune_official", "commune", 90), ("commune_official", "ward", 90)]),
    ("YT-HSSK", "Hồ sơ sức khỏe điện tử", None, [("public_employee", "", 50)]),
    ("AI-PROMPT", "Viết câu lệnh cho trợ lý AI", None, [("leader", "", 50), ("manager", "", 50)]),
    ("AI-MEDIA", "AI tạo hình ảnh và video", None, []),
    ("TX-NS", "Truy xuất nguồn gốc nông sản", None, []),
]  # fmt: skip
LEVELS = {  # unit kind -> [(position level, weight)]
    "commune": [("commune_official", 70), ("leader", 8), ("manager", 10), ("public_employee", 12)],
    "ward": [("commune_official", 65), ("leader", 8), ("manager", 12), ("public_employee", 15)],
    "department": [("civil_servant", 50), ("leader", 5), ("manager", 15), ("public_employee", 30)],
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh", "Quốc", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phúc", "Quân", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]  # fmt: skip
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class World:
    root: Any  # the unit the national figures are read at (the single province, or the nation)
    provinces: list[Any]
    units: list[Any]  # the units officials work in
    partner: Any
    leader: Any  # a user who leads the root
    courses: dict[str, Any]
    learners: int = 0
    completions: int = 0
    seconds: float = 0.0


def needs() -> list[tuple[str, str, str]]:
    return [(code, level, kind) for code, _t, _m, rows in COURSES for level, kind, _target in rows]


def required_of(level: str, kind: str) -> list[str]:
    """The course codes required of an official (the same rule as training's selectors)."""
    return sorted({code for code, lvl, knd in needs() if lvl in ("", level) and knd in ("", kind)})


def build_units(provinces: int, people: int) -> tuple[Any, list[Any], list[Any], Any]:
    from dxoffice.core.models import OrgUnit, UnitKind

    nation = None
    if provinces > 1:
        nation = OrgUnit.objects.create(code="VN", name="Cả nước (thử)", kind=UnitKind.AGENCY)
    per_province = max(5, min(110, people // provinces // 250))
    tops, units = [], []
    for p in range(provinces):
        province = OrgUnit(code=f"T{p:02d}", name=f"Tỉnh thử {p}", kind=UnitKind.PROVINCE, parent=nation)
        province.save()
        tops.append(province)
        for n in range(per_province):
            kind = (
                UnitKind.DEPARTMENT
                if n < max(1, per_province // 7)
                else UnitKind.WARD
                if n % 7 == 0
                else UnitKind.COMMUNE
            )
            unit = OrgUnit(code=f"T{p:02d}-{n:03d}", name=f"{kind.label} {p}-{n}", kind=kind, parent=province)
            unit.save()
            units.append(unit)
    partner = OrgUnit.objects.create(
        code="DOITAC", name="Đối tác công nghệ (thử)", kind=UnitKind.TECH_PARTNER
    )
    return nation or tops[0], tops, units, partner


def build_catalogue(owner: Any, partner: Any) -> dict[str, Any]:
    from dxoffice.training.models import ClassStatus, Course, CourseClass, CourseFormat, Requirement, Topic

    courses = {}
    for code, title, months, rows in COURSES:
        course = Course.objects.create(
            code=code,
            title=title,
            topic=Topic.INFORMATION_SECURITY if code == "ATTT" else Topic.DIGITAL_LITERACY,
            hours=Decimal("8"),
            format=CourseFormat.IN_PERSON,
            owner_unit=owner,
            provider=partner,
            certificate_months=months,
        )
        courses[code] = course
        for level, kind, target in rows:
            Requirement.objects.create(
                course=course, year=YEAR, position_level=level, unit_kind=kind, target_percent=Decimal(target)
            )
    for n, code in enumerate(["KNS-CB", "KNS-XA", "ATTT", "LD-CDS"]):
        CourseClass.objects.create(
            course=courses[code],
            code=f"LOP-{n}",
            unit=owner,
            provider=partner,
            starts_on=date(YEAR, 3 + n, 1),
            ends_on=date(YEAR, 3 + n, 2),
            capacity=60,
            status=ClassStatus.HELD,
        )
    return courses


def _code(n: int) -> str:
    """A unique certificate code for each n (an odd multiplier is a bijection modulo 2**60)."""
    mixed = (n * 2654435761) % (32**12)
    raw = ""
    for _ in range(12):
        mixed, digit = divmod(mixed, 32)
        raw += CODE_ALPHABET[digit]
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def generate(world: World, people: int, seed: int = 14) -> Iterator[tuple[str, dict[str, Any]]]:
    """("learner" | "completion" | "certificate", row) in id order, each id from 1."""
    rng = random.Random(seed)
    rates = {unit.pk: rng.uniform(0.25, 0.97) for unit in world.units}
    ids = {code: course.pk for code, course in world.courses.items()}
    optional = [code for code, _t, _m, rows in COURSES if not rows]
    months = {code: m for code, _t, m, _rows in COURSES}
    first, span = date(YEAR - 1, 3, 1), (date(YEAR, 11, 30) - date(YEAR - 1, 3, 1)).days
    completion_id = 0
    units = world.units
    for n in range(1, people + 1):
        unit = units[n % len(units)]
        levels = LEVELS[unit.kind]
        level = rng.choices([lvl for lvl, _w in levels], [w for _l, w in levels])[0]
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        yield "learner", {"id": n, "unit_id": unit.pk, "staff_code": f"CB{n:07d}", "full_name": name,
                          "position_level": level}  # fmt: skip
        taken = [c for c in required_of(level, unit.kind) if rng.random() < rates[unit.pk]]
        if rng.random() < 0.1:
            taken.append(rng.choice(optional))
        for code in taken:
            completion_id += 1
            day = first + timedelta(days=rng.randrange(span))
            valid = months[code]
            expires = date(day.year + 1, day.month, min(day.day, 28)) if valid else None
            partner = rng.random() < 0.5
            yield "completion", {"id": completion_id, "learner_id": n, "course_id": ids[code], "completed_on": day,
                                 "expires_on": expires, "source": "class" if partner else "external",
                                 "provider_id": world.partner.pk if partner else None}  # fmt: skip
            yield "certificate", {"id": completion_id, "completion_id": completion_id, "code": _code(completion_id),
                                  "issued_on": day, "expires_on": expires,
                                  "issuer_id": world.partner.pk if partner else world.root.pk,
                                  "revoked_at": _revoked(day) if rng.random() < 0.003 else None}  # fmt: skip


def _revoked(day: date) -> Any:
    from django.utils import timezone

    return timezone.make_aware(
        timezone.datetime.combine(day + timedelta(days=30), timezone.datetime.min.time())
    )


def _model(kind: str) -> type[models.Model]:
    from dxoffice.training.models import Certificate, Completion, Learner

    return {"learner": Learner, "completion": Completion, "certificate": Certificate}[kind]


def _full_row(model: type[models.Model], row: dict[str, Any]) -> list[Any]:
    values = []
    for f in model._meta.concrete_fields:
        if f.attname in row:
            values.append(row[f.attname])
        elif f.has_default():
            values.append(f.get_default())
        else:
            values.append(None if f.null else "")
    return values


def load(world: World, people: int) -> None:
    started = time.perf_counter()
    counts = {"learner": 0, "completion": 0, "certificate": 0}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy(world, people, counts)
        else:
            _bulk(world, people, counts)
    world.seconds = time.perf_counter() - started
    world.learners, world.completions = counts["learner"], counts["completion"]


def _text(value: Any) -> str:
    """A value in COPY's text format (no value here holds a tab, newline or backslash)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def _copy(world: World, people: int, counts: dict[str, int]) -> None:
    """One pass of the generator writes each table's rows to a spill file in COPY's text format,
    then one COPY per table (learners first: the foreign keys are checked at once)."""
    import tempfile

    tables = {kind: _model(kind)._meta for kind in counts}
    spills = {kind: tempfile.TemporaryFile("w+", encoding="utf-8") for kind in counts}  # noqa: SIM115
    try:
        for kind, row in generate(world, people):
            spills[kind].write("\t".join(_text(v) for v in _full_row(_model(kind), row)) + "\n")
            counts[kind] += 1
        raw = connection.connection  # psycopg 3
        for kind, meta in tables.items():
            columns = ", ".join(f'"{f.column}"' for f in meta.concrete_fields)
            spill = spills[kind]
            spill.seek(0)
            with (
                raw.cursor() as cursor,
                cursor.copy(f'COPY "{meta.db_table}" ({columns}) FROM STDIN') as copy,
            ):
                while chunk := spill.read(1 << 20):
                    copy.write(chunk)
    finally:
        for spill in spills.values():
            spill.close()
    with connection.cursor() as cursor:
        for kind, meta in tables.items():
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{meta.db_table}\"', 'id'), {max(counts[kind], 1)})"
            )
        cursor.execute("ANALYZE")


def _bulk(world: World, people: int, counts: dict[str, int]) -> None:
    pending: dict[str, list[Any]] = {kind: [] for kind in counts}

    def flush(kind: str) -> None:
        _model(kind).objects.bulk_create(pending[kind], batch_size=BATCH)
        counts[kind] += len(pending[kind])
        pending[kind] = []

    for kind, row in generate(world, people):
        pending[kind].append(_model(kind)(**row))
        if len(pending[kind]) >= BATCH:
            for earlier in ("learner", "completion", "certificate"):  # parents first
                flush(earlier)
    for kind in ("learner", "completion", "certificate"):
        flush(kind)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def build(provinces: int, people: int) -> World:
    from dxoffice.core.models import Role, RoleGrant, User

    root, tops, units, partner = build_units(provinces, people)
    courses = build_catalogue(root, partner)
    leader = User.objects.create(username="bench-leader", full_name="Lãnh đạo thử")
    RoleGrant.objects.create(user=leader, unit=root, role=Role.LEADER)
    world = World(root=root, provinces=tops, units=units, partner=partner, leader=leader, courses=courses)
    load(world, people)
    return world


def existing(provinces: int, people: int) -> World | None:
    """The data of an earlier run of the same size in this database (to time again without loading)."""
    from dxoffice.core.models import OrgUnit, User
    from dxoffice.training.models import Completion, Course, Learner

    if Learner.objects.count() != people:
        return None
    root = OrgUnit.objects.filter(code="VN" if provinces > 1 else "T00").first()
    leader = User.objects.filter(username="bench-leader").first()
    if root is None or leader is None:
        return None
    tops = list(OrgUnit.objects.filter(kind="province", code__startswith="T").order_by("code"))
    units = list(OrgUnit.objects.filter(parent__in=tops).order_by("code"))
    world = World(
        root=root,
        provinces=tops,
        units=units,
        partner=OrgUnit.objects.get(code="DOITAC"),
        leader=leader,
        courses={c.code: c for c in Course.objects.all()},
    )
    world.learners, world.completions = people, Completion.objects.count()
    return world
