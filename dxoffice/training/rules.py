"""The rules every write path of the module applies: when a course is completed, how a quiz is
marked, when a certificate expires, and how lesson text is made safe. Pure functions, no queries."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import nh3

from dxoffice.core.text import fold

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "code", "pre", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"colspan"},
    "th": {"colspan"},
}


def clean_html(text: str) -> str:
    """Lesson text without scripts, event handlers or unsafe links; links open nothing on our origin."""
    return nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """A share in % with one decimal, rounded half up; 0 of nothing is 0."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Progress:
    """What a learner has done of a course, as the completion rule reads it."""

    sessions: int = 0  # sessions of the learner's class
    attended: int = 0
    lessons: int = 0  # lessons of the course
    lessons_done: int = 0
    has_final: bool = False
    final_passed: bool = False
    score: Decimal | None = None  # the class's assessment score


@dataclass(frozen=True)
class Rule:
    in_class: bool  # the course is taken in a class (in person or blended)
    uses_lessons: bool  # online lessons count (online or blended)
    min_attendance_percent: int
    min_lessons_percent: int
    pass_mark: int | None


def completion_met(rule: Rule, done: Progress) -> bool:
    """Every condition that applies holds: attendance share in a class, lessons done online, and the
    assessment (the final test if the course has one, else the class score against the pass mark)."""
    attended = percent(done.attended, done.sessions)
    if rule.in_class and (not done.sessions or attended < rule.min_attendance_percent):
        return False
    lessons = percent(done.lessons_done, done.lessons)
    if rule.uses_lessons and done.lessons and lessons < rule.min_lessons_percent:
        return False
    if done.has_final:
        return done.final_passed
    if rule.pass_mark is not None and rule.in_class:
        return done.score is not None and done.score >= rule.pass_mark
    return rule.in_class or (rule.uses_lessons and done.lessons > 0)


def final_unlocked(unlock_percent: int, lessons: int, lessons_done: int) -> bool:
    return not lessons or percent(lessons_done, lessons) >= unlock_percent


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry(completed_on: date, months: int | None) -> date | None:
    return add_months(completed_on, months) if months else None


# Quiz marking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkedQuestion:
    kind: str  # QuestionKind values
    points: int
    correct_choices: frozenset[int] = frozenset()
    accepted: tuple[str, ...] = ()


def _normalised(text: str) -> str:
    return fold(text).strip(" .")


def answer_correct(question: MarkedQuestion, answer: object) -> bool:
    """Single, true/false: the one correct choice; multiple: exactly the correct set; short: one of
    the accepted answers, ignoring case, accents and surrounding spaces or a final full stop."""
    if question.kind == "short":
        if not isinstance(answer, str) or not answer.strip():
            return False
        return _normalised(answer) in {_normalised(a) for a in question.accepted}
    chosen = _choice_ids(answer)
    if question.kind in ("single", "true_false") and len(chosen) != 1:
        return False
    return bool(chosen) and chosen == question.correct_choices


def _choice_ids(answer: object) -> frozenset[int]:
    values: Iterable[object] = answer if isinstance(answer, list | tuple) else [answer]
    ids: set[int] = set()
    for value in values:
        try:
            ids.add(int(str(value)))
        except (TypeError, ValueError):
            continue
    return frozenset(ids)


def mark(questions: Sequence[tuple[int, MarkedQuestion]], answers: Mapping[str, object]) -> Decimal:
    """The score in % of the points of `questions` ((id, question) pairs); answers keyed by str(id)."""
    total = sum(q.points for _id, q in questions)
    earned = sum(q.points for qid, q in questions if answer_correct(q, answers.get(str(qid))))
    return percent(earned, total)
