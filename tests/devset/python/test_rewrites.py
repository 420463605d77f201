"""Each semantics-preserving rewrite on small hand-written functions, with exact expected output."""

from __future__ import annotations

import ast
import random

import pytest

from codebertscore.devset.python.rewrites import (
    CONSTRUCTS,
    local_names,
    reformat,
    rename_locals,
)
from codebertscore.devset.python.source import FunctionSource
from codebertscore.devset.python.variants import apply_construct, edited_body

PROMPT = 'def f(xs, n):\n    """Doc."""\n'


def rewrite(name: str, body: str) -> str | None:
    return apply_construct(FunctionSource(PROMPT, body, "f"), name)


CASES = [
    ("aug_assign", "    n += 1\n    total = 0\n    total = total + n\n    return total\n",
     "    n = n + 1\n    total = 0\n    total += n\n    return total\n"),
    ("aug_assign", "    n -= xs + 1\n    return n\n", "    n = n - (xs + 1)\n    return n\n"),
    ("compare_negation", "    if not n == 0:\n        return xs\n    return [x for x in xs if x != n]\n",
     "    if n != 0:\n        return xs\n    return [x for x in xs if not x == n]\n"),
    ("swap_operands", "    return len(xs) + 1 > n\n", "    return n < len(xs) + 1\n"),
    ("swap_operands", "    return 0 == n * 2\n", "    return n * 2 == 0\n"),
    ("swap_operands", "    return 1 + len(xs)\n", "    return len(xs) + 1\n"),
    ("ternary", "    if n > 0:\n        return n\n    return -n\n", "    return n if n > 0 else -n\n"),
    ("ternary", "    return n if n > 0 else -n\n",
     "    if n > 0:\n        return n\n    else:\n        return -n\n"),
    ("comprehension",
     "    out = []\n    for x in xs:\n        if x > n:\n            out.append(x * 2)\n    return out\n",
     "    out = [x * 2 for x in xs if x > n]\n    return out\n"),
    ("comprehension", "    return [x * 2 for x in xs]\n",
     "    result = []\n    for x in xs:\n        result.append(x * 2)\n    return result\n"),
    ("len_check", "    if len(xs) == 0:\n        return 0\n    return len(xs) > 0\n",
     "    if not xs:\n        return 0\n    return bool(xs)\n"),
    ("while_for", "    total = 0\n    for i in range(1, n):\n        total += i\n    return total\n",
     "    total = 0\n    i = 1\n    while i < n:\n        total += i\n        i += 1\n    return total\n"),
    ("temp_variable", "    return n * 2\n", "    result = n * 2\n    return result\n"),
    ("temp_variable", "    y = n * 2\n    return y\n", "    return n * 2\n"),
    ("invert_if", "    if n > 0:\n        y = 1\n    else:\n        y = 2\n    return y\n",
     "    if not n > 0:\n        y = 2\n    else:\n        y = 1\n    return y\n"),
    ("invert_if", "    if n == 0:\n        y = 1\n    else:\n        y = 2\n    return y\n",
     "    if n != 0:\n        y = 2\n    else:\n        y = 1\n    return y\n"),
    ("range_form", "    return list(range(n)) + list(range(0, n))\n",
     "    return list(range(0, n)) + list(range(n))\n"),
    ("square", "    return n ** 2 + xs * xs\n", "    return n * n + xs ** 2\n"),
    ("enumerate_loop", "    total = 0\n    for i in range(len(xs)):\n        total += xs[i] * i\n    return total\n",
     "    total = 0\n    for i, x in enumerate(xs):\n        total += x * i\n    return total\n"),
]


@pytest.mark.parametrize("name, body, expected", CASES, ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_construct_exact_output(name, body, expected):
    assert rewrite(name, body) == expected


def test_every_construct_has_a_case():
    assert {c[0] for c in CASES} == set(CONSTRUCTS)


def test_for_while_round_trip():
    body = "    total = 0\n    for i in range(1, n):\n        total += i\n    return total\n"
    assert rewrite("while_for", rewrite("while_for", body)) == body


@pytest.mark.parametrize(
    "name, body",
    [
        ("swap_operands", "    return 'a' + xs\n"),  # strings do not commute
        ("swap_operands", "    return xs + [n]\n"),
        ("swap_operands", "    return n < 3\n"),  # nobody writes 3 > n
        ("while_for",
         "    for i in range(n):\n        if i:\n            continue\n        xs.append(i)\n    return xs\n"),
        ("while_for", "    for i in range(n):\n        i = i * 2\n    return n\n"),
        ("comprehension", "    out = []\n    for x in xs:\n        out.append(len(out))\n    return out\n"),
        ("temp_variable", "    y = n * 2\n    print(y)\n    return y\n"),
        ("invert_if", "    if n:\n        y = 1\n    elif xs:\n        y = 2\n    return y\n"),
    ],
)
def test_construct_does_not_apply_where_unsafe(name, body):
    assert rewrite(name, body) is None


def test_reformat_drops_comments_and_normalises_layout():
    fs = FunctionSource(PROMPT, "    x = [1,2]  # c\n\n    return x\n", "f")
    assert reformat(fs) == "    x = [1, 2]\n    return x\n"


def test_rename_locals_is_consistent_and_keeps_parameters():
    body = (
        "    total = 0\n"
        "    for i, x in enumerate(xs):\n"
        "        total += x * i\n"
        "    squares = [x * x for x in xs]\n"
        "    return total + n + len(squares) + (lambda total: total)(1)\n"
    )
    fs = FunctionSource(PROMPT, body, "f")
    assert local_names(fs) == ["total", "i", "x", "squares"]
    out = edited_body(fs, rename_locals(fs, random.Random(7)))
    assert out is not None
    new = FunctionSource(PROMPT, out, "f")
    names = {node.id for node in ast.walk(new.func) if isinstance(node, ast.Name)}
    assert {"xs", "n", "enumerate", "len"} <= names  # parameters and builtins untouched
    assert not names & {"total", "i", "x", "squares"}
    # the structure is the same up to names: rename back by position and compare dumps
    assert ast.dump(new.func).count("Name(") == ast.dump(fs.func).count("Name(")
    assert out == edited_body(fs, rename_locals(fs, random.Random(7)))  # deterministic given the generator


def test_rename_skips_globals_helpers_and_fstring_names():
    prompt = 'def helper(a):\n    return a\n\n\ndef f(xs, n):\n    """Doc."""\n'
    body = "    helper_out = helper(n)\n    label = f'{helper_out}'\n    return label\n"
    fs = FunctionSource(prompt, body, "f")
    assert local_names(fs) == ["label"]
