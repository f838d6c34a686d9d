from datetime import date

import factory

from dxoffice.partners.models import (
    Agreement,
    Commitment,
    Enterprise,
    EnterpriseStatus,
    SchoolProject,
    Solution,
    SupportCase,
)
from dxoffice.partners.taxcode import check_digit


def valid_tax_code(n: int) -> str:
    """A 10-digit tax code with a correct check digit, different for each n."""
    while True:
        first = f"{1_000_000 + n:09d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
        n += 100_000


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"{n:02d}/TTHT-UBND")
    title = "Thỏa thuận hợp tác toàn diện về chuyển đổi số"
    signed_on = date(2025, 9, 17)
    valid_from = date(2025, 9, 17)
    valid_until = date(2030, 12, 31)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set([self.owner_unit, *extracted])


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    code = factory.Sequence(lambda n: f"C{n:02d}")
    title = factory.Sequence(lambda n: f"Cam kết {n}")
    measure = "Có sản phẩm được nghiệm thu"
    due_date = date(2026, 6, 30)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"Công ty TNHH Thử Nghiệm {n}")
    tax_code = factory.Sequence(valid_tax_code)
    sector = "agriculture"
    size = "small"
    contact_name = "Trần Thị B"
    contact_email = "lienhe@example.test"
    status = EnterpriseStatus.VERIFIED


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution

    name = factory.Sequence(lambda n: f"Giải pháp {n}")
    sector = "agriculture"
    need = "e_invoice"
    price_min = 1_000_000
    price_max = 5_000_000


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportCase

    sector = "agriculture"
    need = "e_invoice"
    description = "Cần hỗ trợ hóa đơn điện tử"
    opened_on = date(2026, 1, 5)


class SchoolProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolProject

    title = factory.Sequence(lambda n: f"Phòng tin học {n}")
    students_in_it = 120
    teachers_trained = 8
    classrooms_equipped = 2
