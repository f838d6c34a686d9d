"""Formulas of computed indicators, parsed with `ast` into a whitelist of nodes and evaluated here.

Never `eval`: a formula is parsed once into Python's syntax tree, every node is checked against the
whitelist below, and `evaluate` walks the tree itself. What a formula may say:

    arithmetic      + - * / and parentheses, unary minus
    comparisons     < <= > >= == !=, and / or / not
    functions       MIN(a, b, ...), MAX(a, b, ...), IF(condition, then, else), RATIO(a, b) = a / b,
                    PCT(a, b) = 100 * a / b, ABS(a), ROUND(a, digits)
    references      indicator codes of the same framework version (CAPITALS_AND_DIGITS)

A missing input, or a division by zero, makes the result missing (None), never zero: a missing value is
shown as missing and the framework's missing-data rule decides how it scores.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 1000
MAX_NODES = 300

Number = float | None

_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
_COMPARE: dict[type[ast.cmpop], Callable[[float, float], bool]] = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
}
FUNCTIONS = {"MIN", "MAX", "IF", "RATIO", "PCT", "ABS", "ROUND"}
_ALLOWED = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.Compare,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    *_BINARY,
    *_COMPARE,
)


class FormulaError(ValidationError):
    """A formula that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.Expression
    references: frozenset[str]

    def evaluate(self, values: Mapping[str, Number]) -> Number:
        return evaluate(self.tree, values)


@lru_cache(maxsize=4096)
def parse(text: str) -> Formula:
    """Parse and check a formula; raise FormulaError naming what is not allowed."""
    source = (text or "").strip()
    if not source:
        raise FormulaError(_("The formula is empty."))
    if len(source) > MAX_LENGTH:
        raise FormulaError(_("The formula is longer than %(limit)s characters.") % {"limit": MAX_LENGTH})
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise FormulaError(_("The formula “%(formula)s” cannot be read.") % {"formula": source}) from None
    references: set[str] = set()
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormulaError(_("The formula is too long."))
    for node in nodes:
        if not isinstance(node, _ALLOWED):
            raise FormulaError(
                _("“%(part)s” is not allowed in a formula.") % {"part": _describe(node, source)}
            )
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, int | float)
        ):
            raise FormulaError(_("Only numbers may be written in a formula."))
        if isinstance(node, ast.Call):
            _check_call(node)
        if isinstance(node, ast.Name) and not _is_function_name(node, tree):
            references.add(node.id)
    return Formula(source, tree, frozenset(references))


def _describe(node: ast.AST, source: str) -> str:
    return ast.get_source_segment(source, node) or type(node).__name__


def _check_call(node: ast.Call) -> None:
    if not isinstance(node.func, ast.Name) or node.func.id.upper() not in FUNCTIONS:
        raise FormulaError(_("Only the functions MIN, MAX, IF, RATIO, PCT, ABS and ROUND may be used."))
    if node.keywords:
        raise FormulaError(_("Functions in a formula take no named arguments."))
    name, count = node.func.id.upper(), len(node.args)
    expected = {"IF": (3, 3), "RATIO": (2, 2), "PCT": (2, 2), "ABS": (1, 1), "ROUND": (1, 2)}
    low, high = expected.get(name, (1, 100))
    if not low <= count <= high:
        raise FormulaError(_("%(name)s takes a different number of arguments.") % {"name": name})


def _is_function_name(node: ast.Name, tree: ast.AST) -> bool:
    return any(isinstance(call, ast.Call) and call.func is node for call in ast.walk(tree))


def evaluate(node: ast.AST, values: Mapping[str, Number]) -> Number:
    """Walk a checked tree. None (missing) propagates; division by zero gives None."""
    if isinstance(node, ast.Expression):
        return evaluate(node.body, values)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name):
        found = values.get(node.id)
        return None if found is None else float(found)
    if isinstance(node, ast.UnaryOp):
        operand = evaluate(node.operand, values)
        if operand is None:
            return None
        if isinstance(node.op, ast.Not):
            return 0.0 if operand else 1.0
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = evaluate(node.left, values), evaluate(node.right, values)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div) and right == 0:
            return None
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.Compare):
        return _compare(node, values)
    if isinstance(node, ast.BoolOp):
        results = [evaluate(v, values) for v in node.values]
        if any(r is None for r in results):
            return None
        combine = all if isinstance(node.op, ast.And) else any
        return 1.0 if combine(bool(r) for r in results) else 0.0
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return _call(node.func.id.upper(), node.args, values)
    raise FormulaError(_("This formula cannot be evaluated."))  # unreachable for a parsed formula


def _compare(node: ast.Compare, values: Mapping[str, Number]) -> Number:
    left = evaluate(node.left, values)
    for op, comparator in zip(node.ops, node.comparators, strict=True):
        right = evaluate(comparator, values)
        if left is None or right is None:
            return None
        if not _COMPARE[type(op)](left, right):
            return 0.0
        left = right
    return 1.0


def _call(name: str, args: list[ast.expr], values: Mapping[str, Number]) -> Number:
    if name == "IF":
        condition = evaluate(args[0], values)
        if condition is None:
            return None
        return evaluate(args[1] if condition else args[2], values)
    numbers = [evaluate(arg, values) for arg in args]
    if any(n is None for n in numbers):
        return None
    present = [n for n in numbers if n is not None]
    if name == "MIN":
        return min(present)
    if name == "MAX":
        return max(present)
    if name == "ABS":
        return abs(present[0])
    if name == "ROUND":
        return round(present[0], int(present[1]) if len(present) > 1 else 0)
    if present[1] == 0:
        return None
    ratio = present[0] / present[1]
    return ratio * 100 if name == "PCT" else ratio


def evaluation_order(formulas: Mapping[str, str], known: Iterable[str]) -> list[str]:
    """The computed codes in an order where each comes after what it uses. Refuses a reference to an
    unknown code and a circular reference, naming them."""
    parsed = {code: parse(text) for code, text in formulas.items()}
    known_codes = set(known) | set(parsed)
    for code, formula in parsed.items():
        unknown = sorted(formula.references - known_codes)
        if unknown:
            raise FormulaError(
                _("The formula of %(code)s uses unknown indicators: %(unknown)s.")
                % {"code": code, "unknown": ", ".join(unknown)}
            )
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(code: str, trail: list[str]) -> None:
        if state.get(code) == 2 or code not in parsed:
            return
        if state.get(code) == 1:
            cycle = " → ".join([*trail[trail.index(code) :], code])
            raise FormulaError(_("Circular reference: %(cycle)s.") % {"cycle": cycle})
        state[code] = 1
        for ref in sorted(parsed[code].references):
            visit(ref, [*trail, code])
        state[code] = 2
        order.append(code)

    for code in sorted(parsed):
        visit(code, [])
    return order
