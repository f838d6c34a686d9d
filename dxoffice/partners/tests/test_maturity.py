"""The maturity self-assessment, scored on hand-computed cases."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dxoffice.partners.maturity import QUESTIONS, clean_answers, level_of, score_answers


def answers(**overrides):
    base = {question.code: 0 for question in QUESTIONS}
    base.update(overrides)
    return base


def test_fifteen_questions_over_six_dimensions():
    assert len(QUESTIONS) == 15
    assert {q.dimension for q in QUESTIONS} == {
        "strategy",
        "customers",
        "operations",
        "technology",
        "data",
        "people",
    }


def test_all_zero_is_level_one_and_all_four_is_level_five():
    assert score_answers(answers()).score == Decimal("0.0")
    assert score_answers(answers()).level == 1
    full = score_answers({q.code: 4 for q in QUESTIONS})
    assert (full.score, full.level) == (Decimal("100.0"), 5)


def test_each_dimension_weighs_the_same_however_many_questions_it_has():
    # technology has two questions: both at 4 -> that dimension 100, the five others 0 -> 100 / 6 = 16.7
    result = score_answers(answers(t1=4, t2=4))
    assert result.by_dimension["technology"] == Decimal("100.0")
    assert result.score == Decimal("16.7")
    assert result.level == 1
    # strategy has three: one at 4 -> 4/12 = 33.33 for strategy -> 33.33 / 6 = 5.6
    assert score_answers(answers(s1=4)).score == Decimal("5.6")


def test_a_mixed_case_by_hand():
    # strategy 2,2,2 -> 50; customers 4,4,4 -> 100; operations 0,0,0 -> 0; technology 2,2 -> 50;
    # data 3,1 -> 50; people 4,0 -> 50. Mean (50 + 100 + 0 + 50 + 50 + 50) / 6 = 50.0 -> level 3
    result = score_answers(answers(s1=2, s2=2, s3=2, c1=4, c2=4, c3=4, t1=2, t2=2, d1=3, d2=1, p1=4))
    assert result.score == Decimal("50.0")
    assert result.level == 3


@pytest.mark.parametrize(
    ("score", "level"), [("0", 1), ("19.9", 1), ("20", 2), ("59.9", 3), ("80", 5), ("100", 5)]
)
def test_levels_are_bands_of_twenty_points(score, level):
    assert level_of(Decimal(score)) == level


def test_bad_answers_name_the_question():
    with pytest.raises(ValidationError) as error:
        clean_answers(answers(s1=5, c2="x", t1=True) | {"zz": 1})
    problems = error.value.message_dict
    assert set(problems) == {"s1", "c2", "t1", "answers"}
    missing = answers()
    del missing["p2"]
    with pytest.raises(ValidationError) as error:
        clean_answers(missing)
    assert "p2" in error.value.message_dict


def test_the_change_against_the_year_before_per_dimension():
    from dxoffice.partners.maturity import compare

    # strategy 1,1,1 -> 3/12 = 25.0 last year; 2,2,2 -> 50.0 this year: +25.0
    # technology 4,4 -> 100.0 both years: +0.0; the others 0 -> 0
    before = answers(s1=1, s2=1, s3=1, t1=4, t2=4)
    now = answers(s1=2, s2=2, s3=2, t1=4, t2=4, p1=1)
    rows = {row.dimension: row for row in compare(now, before)}
    assert (rows["strategy"].previous, rows["strategy"].score, rows["strategy"].change) == (
        Decimal("25.0"),
        Decimal("50.0"),
        Decimal("25.0"),
    )
    assert rows["technology"].change == Decimal("0.0")
    assert rows["people"].score == Decimal("12.5") and rows["people"].change == Decimal("12.5")
    assert all(row.previous is None and row.change is None for row in compare(now, None))
    assert all(row.previous is None for row in compare(now, {"s1": 1}))  # an incomplete year is no base
