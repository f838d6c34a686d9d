"""The short DX-maturity self-assessment: 15 questions over six dimensions, each answered 0–4.

Each dimension's score is the mean of its answers; the overall score is the mean of the six
dimension scores scaled to 0–100 (so each dimension weighs the same however many questions it has),
rounded half up to one decimal. The level follows the score in bands of 20 points."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_ANSWER = 4


@dataclass(frozen=True)
class Question:
    code: str
    dimension: str
    text: Promise


DIMENSIONS: dict[str, Promise] = {
    "strategy": gettext_lazy("Strategy"),
    "customers": gettext_lazy("Customers"),
    "operations": gettext_lazy("Operations"),
    "technology": gettext_lazy("Technology"),
    "data": gettext_lazy("Data"),
    "people": gettext_lazy("People"),
}

QUESTIONS: tuple[Question, ...] = (
    Question("s1", "strategy", gettext_lazy("Leaders have a written plan for digital transformation.")),
    Question("s2", "strategy", gettext_lazy("A budget is set aside each year for digital tools.")),
    Question("s3", "strategy", gettext_lazy("Someone is responsible for digital transformation.")),
    Question("c1", "customers", gettext_lazy("Customers can find and order from you online.")),
    Question("c2", "customers", gettext_lazy("Customers can pay you without cash.")),
    Question("c3", "customers", gettext_lazy("You market your products on digital channels.")),
    Question("o1", "operations", gettext_lazy("You issue electronic invoices.")),
    Question("o2", "operations", gettext_lazy("Accounting and stock are kept in software.")),
    Question("o3", "operations", gettext_lazy("Staff work with shared online documents and tasks.")),
    Question("t1", "technology", gettext_lazy("Your devices and connection meet your needs.")),
    Question("t2", "technology", gettext_lazy("Accounts, backups and antivirus are kept up to date.")),
    Question("d1", "data", gettext_lazy("Sales and customer data are recorded digitally.")),
    Question("d2", "data", gettext_lazy("Decisions are taken using reports from your data.")),
    Question("p1", "people", gettext_lazy("Staff have basic digital skills.")),
    Question("p2", "people", gettext_lazy("Staff are trained in digital tools each year.")),
)

LEVELS: dict[int, Promise] = {
    1: gettext_lazy("Beginning"),
    2: gettext_lazy("Exploring"),
    3: gettext_lazy("Adopting"),
    4: gettext_lazy("Integrating"),
    5: gettext_lazy("Leading"),
}


@dataclass(frozen=True)
class MaturityResult:
    score: Decimal
    level: int
    by_dimension: dict[str, Decimal]


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def clean_answers(answers: Mapping[str, object]) -> dict[str, int]:
    """Every question answered with a whole number 0–4, nothing else; errors name the question."""
    errors: dict[str, str] = {}
    cleaned: dict[str, int] = {}
    for question in QUESTIONS:
        value = answers.get(question.code)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ANSWER:
            errors[question.code] = _("Answer with a number from 0 to 4.")
        else:
            cleaned[question.code] = value
    unknown = set(answers) - {question.code for question in QUESTIONS}
    if unknown:
        errors["answers"] = _("Unknown questions: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)
    return cleaned


def level_of(score: Decimal) -> int:
    return min(5, int(score // 20) + 1)


def score_answers(answers: Mapping[str, int]) -> MaturityResult:
    """The score (0–100) and level of a complete set of answers."""
    by_dimension: dict[str, Decimal] = {}
    for dimension in DIMENSIONS:
        values = [answers[q.code] for q in QUESTIONS if q.dimension == dimension]
        by_dimension[dimension] = Decimal(sum(values)) / Decimal(len(values) * MAX_ANSWER) * 100
    score = _round(sum(by_dimension.values(), Decimal(0)) / len(by_dimension))
    return MaturityResult(score, level_of(score), {k: _round(v) for k, v in by_dimension.items()})


@dataclass(frozen=True)
class DimensionChange:
    dimension: str
    label: Promise
    score: Decimal
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.score - self.previous


def compare(answers: Mapping[str, int], previous: Mapping[str, int] | None) -> list[DimensionChange]:
    """Each dimension's score (0–100) against the one the year before, when there was one."""
    current = score_answers(answers).by_dimension
    complete = previous is not None and all(q.code in previous for q in QUESTIONS)
    before = score_answers(previous).by_dimension if previous is not None and complete else {}
    return [
        DimensionChange(dimension, label, current[dimension], before.get(dimension))
        for dimension, label in DIMENSIONS.items()
    ]
