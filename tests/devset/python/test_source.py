"""Positions and edits on prompt + body: byte columns, operator tokens, non-overlapping edits, parentheses."""

from __future__ import annotations

import ast

import pytest

from codebertscore.devset.python.source import (
    FunctionSource,
    VariantError,
    apply_edits,
    expr_replacement,
    normalise,
    operator_span,
    precedence,
)

PROMPT = 'def f(xs, n):\n    """Doc."""\n'


def _fs(body: str) -> FunctionSource:
    return FunctionSource(PROMPT, body, "f")


def test_body_statements_exclude_the_prompt_docstring():
    fs = _fs("    y = n\n    return y\n")
    assert [type(s).__name__ for s in fs.body_stmts] == ["Assign", "Return"]
    assert fs.segment(fs.body_stmts[1]) == "return y"


def test_columns_are_bytes_but_offsets_are_characters():
    fs = FunctionSource('def f(s):\n    """Ünïcode."""\n', "    return 'é' + s\n", "f")
    binop = fs.body_stmts[0].value
    assert fs.segment(binop.right) == "s"
    assert fs.segment(binop.left) == "'é'"


def test_missing_function_and_bad_syntax_are_variant_errors():
    with pytest.raises(VariantError, match="no top-level function named 'g'"):
        FunctionSource(PROMPT, "    return 1\n", "g")
    with pytest.raises(VariantError, match="does not parse"):
        _fs("    return (\n")


@pytest.mark.parametrize(
    "gap, expected",
    [(" < ", "<"), (") <= (", "<="), (" not  in ", "not  in"), ("  # c <\n  **", "**"), (" is not ", "is not")],
)
def test_operator_span_skips_parens_spaces_and_comments(gap, expected):
    a, b = operator_span(gap, 0, len(gap))
    assert gap[a:b] == expected


def test_apply_edits_skips_overlaps_and_never_touches_the_prompt():
    src = "abcdef"
    assert apply_edits(src, [((1, 3, "X"),), ((2, 4, "Y"),), ((4, 5, "Z"),)]) == "aXdZf"
    assert apply_edits(src, [((0, 1, "Q"),), ((5, 6, "R"),)], protect=2) == "abcdeR"
    assert apply_edits(src, [((3, 3, "+"),), ((3, 3, "-"),)]) == "abc+def"  # one insertion per point


def test_precedence_order():
    order = ["lambda x: x", "a if b else c", "a or b", "a and b", "not a", "a < b", "a | b", "a + b", "a * b",
             "-a", "a ** b", "f(a)"]
    values = [precedence(ast.parse(e, mode="eval").body) for e in order]
    assert values == sorted(values) and len(set(values)) == len(values)


def _return_value(fs):
    return fs.body_stmts[0].value


@pytest.mark.parametrize(
    "body, pick, new, expected",
    [
        ("    return a != b\n", lambda v: v, "not a == b", "    return not a == b\n"),
        ("    return x + (a != b)\n", lambda v: v.right, "not a == b", "    return x + (not a == b)\n"),
        ("    return c and a != b\n", lambda v: v.values[1], "not a == b", "    return c and not a == b\n"),
        ("    return c and a != b\n", lambda v: v.values[1], "a or b", "    return c and (a or b)\n"),
        ("    return k * 2\n", lambda v: v, "k + 1", "    return k + 1\n"),
        ("    return m - k * 2\n", lambda v: v.right, "k + 2", "    return m - (k + 2)\n"),
        ("    return k * 2 - m\n", lambda v: v.left, "k + 2", "    return k + 2 - m\n"),
        ("    return k ** 2 + m\n", lambda v: v.left, "k * k", "    return k * k + m\n"),
        ("    return -(k ** 2)\n", lambda v: v.operand, "k * k", "    return -(k * k)\n"),
        ("    return -k ** 2\n", lambda v: v.operand, "k * k", "    return -(k * k)\n"),
        ("    return f(k * 2)\n", lambda v: v.args[0], "(k, 2)", "    return f((k, 2))\n"),
        ("    return f(k * 2)\n", lambda v: v.args[0], "k if k else 2", "    return f(k if k else 2)\n"),
    ],
)
def test_expr_replacement_parenthesises_only_when_needed(body, pick, new, expected):
    fs = _fs(body)
    old = pick(_return_value(fs))
    got = apply_edits(fs.source, [(expr_replacement(fs, old, ast.parse(new, mode="eval").body),)])
    assert got[len(PROMPT):] == expected


def test_normalise_ignores_trailing_whitespace_and_blank_lines_only():
    assert normalise("    x = 1   \n\n    return x\n\n\n") == normalise("    x = 1\n\n    return x")
    assert normalise("    x = 1\n    return x\n") != normalise("    x = 1\n\n    return x\n")
