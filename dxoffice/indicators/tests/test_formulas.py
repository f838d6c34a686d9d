import pytest

from dxoffice.indicators.formulas import FormulaError, evaluation_order, parse


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("A + B * 2", {"A": 1, "B": 3}, 7.0),
        ("(A + B) / 2", {"A": 1, "B": 3}, 2.0),
        ("-A + 10", {"A": 4}, 6.0),
        ("MIN(A, B, 5)", {"A": 7, "B": 9}, 5.0),
        ("MAX(A, B)", {"A": 7, "B": 9}, 9.0),
        ("IF(A > 50, 1, 0)", {"A": 60}, 1.0),
        ("IF(A > 50, 1, 0)", {"A": 40}, 0.0),
        ("RATIO(A, B)", {"A": 1, "B": 4}, 0.25),
        ("PCT(A, B)", {"A": 1, "B": 4}, 25.0),
        ("ABS(A - B)", {"A": 1, "B": 4}, 3.0),
        ("ROUND(A / B, 2)", {"A": 1, "B": 3}, 0.33),
        ("A >= 1 and B < 2", {"A": 1, "B": 1}, 1.0),
        ("not (A == 1)", {"A": 1}, 0.0),
        ("1 < A < 3", {"A": 2}, 1.0),
    ],
)
def test_a_formula_computes_with_arithmetic_comparisons_and_functions(text, values, expected):
    assert parse(text).evaluate(values) == pytest.approx(expected)


def test_division_by_zero_gives_a_missing_value_not_an_error_or_zero():
    assert parse("A / B").evaluate({"A": 1, "B": 0}) is None
    assert parse("PCT(A, B)").evaluate({"A": 1, "B": 0}) is None
    assert parse("RATIO(A, B)").evaluate({"A": 1, "B": 0}) is None


def test_a_missing_input_makes_the_result_missing():
    assert parse("A + B").evaluate({"A": 1}) is None
    assert parse("MAX(A, B)").evaluate({"A": 1, "B": None}) is None


def test_if_evaluates_only_the_branch_taken():
    assert parse("IF(B > 0, A / B, 0)").evaluate({"A": 1, "B": 0}) == 0.0


def test_references_are_the_indicator_codes_not_the_function_names():
    assert parse("PCT(DVC_ONLINE, DVC_TOTAL) + MIN(X, 3)").references == {"DVC_ONLINE", "DVC_TOTAL", "X"}


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('ls')",
        "A.__class__",
        "open('x')",
        "A ** 2",
        "A % 2",
        "[A, B]",
        "lambda: 1",
        "'text'",
        "A if B else C",
        "MIN(A, key=B)",
        "IF(A, B)",
        "A[0]",
        "True",
    ],
)
def test_anything_outside_the_whitelist_is_refused(text):
    with pytest.raises(FormulaError):
        parse(text)


def test_an_unreadable_formula_is_refused_with_a_message():
    with pytest.raises(FormulaError) as error:
        parse("A +")
    assert "cannot be read" in error.value.messages[0]


def test_the_evaluation_order_puts_each_formula_after_what_it_uses():
    order = evaluation_order({"C": "B * 2", "B": "A + 1", "D": "C + B"}, ["A"])
    assert order.index("B") < order.index("C") < order.index("D")


def test_a_circular_reference_is_refused_and_named():
    with pytest.raises(FormulaError) as error:
        evaluation_order({"A": "B + 1", "B": "C + 1", "C": "A + 1"}, [])
    assert "A → B → C → A" in error.value.messages[0]


def test_a_formula_referring_to_itself_is_circular():
    with pytest.raises(FormulaError):
        evaluation_order({"A": "A + 1"}, [])


def test_a_reference_to_an_unknown_indicator_is_refused():
    with pytest.raises(FormulaError) as error:
        evaluation_order({"A": "NOPE + 1"}, ["B"])
    assert "NOPE" in error.value.messages[0]
