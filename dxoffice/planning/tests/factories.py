from datetime import date, timedelta
from decimal import Decimal

import factory

from dxoffice.core.models import UnitKind
from dxoffice.core.tests.factories import OrgUnitFactory, UserFactory
from dxoffice.planning.models import (
    AnnualPlan,
    BudgetLine,
    Directive,
    DirectiveKind,
    DirectiveLevel,
    Objective,
    Pillar,
    Program,
    ProgressReport,
    Sector,
    Task,
)


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    number = factory.Sequence(lambda n: f"{n}-NQ/TW")
    title = factory.Sequence(lambda n: f"Nghị quyết thử {n}")
    kind = DirectiveKind.RESOLUTION
    level = DirectiveLevel.CENTRAL_PARTY
    issuer = "Bộ Chính trị"
    issued_on = date(2024, 12, 22)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    code = factory.Sequence(lambda n: f"CDS-{n}")
    name = "Chương trình chuyển đổi số 2026–2030"
    owner_unit = factory.SubFactory(OrgUnitFactory, kind=UnitKind.PROVINCE)
    start_year = 2026
    end_year = 2030


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pillar

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Trụ cột {n}")
    name_en = factory.Sequence(lambda n: f"Pillar {n}")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    program = factory.SubFactory(ProgramFactory)
    year = 2026
    code = factory.Sequence(lambda n: f"KH-{n}")
    title = factory.LazyAttribute(lambda p: f"Kế hoạch chuyển đổi số năm {p.year}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"NV-{n:04d}")
    title = factory.Sequence(lambda n: f"Nhiệm vụ số {n}")
    pillar = factory.LazyAttribute(lambda t: PillarFactory(program=t.plan.program))
    lead_unit = factory.SubFactory(OrgUnitFactory)
    start_date = date(2026, 1, 1)
    due_date = factory.LazyFunction(lambda: date.today() + timedelta(days=60))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    period = "2026Q1"
    percent_complete = 30
    work_done = "Đã triển khai"
    created_by = factory.SubFactory(UserFactory)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    task = factory.SubFactory(TaskFactory)
    year = 2026
    source = "provincial"
    planned = Decimal("1000000000")
    allocated = Decimal("800000000")
    disbursed = Decimal("200000000")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"MT-{n}")
    title = factory.Sequence(lambda n: f"Mục tiêu {n}")
    unit_of_measure = "%"
