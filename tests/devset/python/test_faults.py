"""Each fault kind on small hand-written functions: the exact set of faulty bodies it can make."""

from __future__ import annotations

import pytest

from codebertscore.devset.python.faults import FAULTS
from codebertscore.devset.python.source import FunctionSource
from codebertscore.devset.python.variants import edited_body

PROMPT = 'def f(xs, n):\n    """Doc."""\n'


def faults(kind: str, body: str) -> set[str]:
    fs = FunctionSource(PROMPT, body, "f")
    return {b for b in (edited_body(fs, [edit]) for edit in FAULTS[kind](fs)) if b is not None}


def test_compare_op():
    assert faults("compare_op", "    return xs < n\n") == {"    return xs <= n\n", "    return xs > n\n"}
    assert faults("compare_op", "    return n not in xs\n") == {"    return n in xs\n"}
    assert faults("compare_op", "    return (n) == (xs)  # same\n") == {"    return (n) != (xs)  # same\n"}


def test_arith_op_also_in_augmented_assignment():
    body = "    n += xs * 2\n    return n\n"
    assert faults("arith_op", body) == {
        "    n -= xs * 2\n    return n\n",
        "    n += xs + 2\n    return n\n",
        "    n += xs // 2\n    return n\n",
    }


def test_bool_op_swaps_every_operator_of_one_expression():
    assert faults("bool_op", "    return xs and n and 1\n") == {"    return xs or n or 1\n"}


def test_constant():
    body = "    return n + 1 if xs else ''\n"
    assert faults("constant", body) == {
        "    return n + 0 if xs else ''\n",
        "    return n + 2 if xs else ''\n",
        "    return n + 1 if xs else ' '\n",
    }
    assert faults("constant", "    return True\n") == {"    return False\n"}


def test_off_by_one_in_slices_ranges_and_indices():
    assert faults("off_by_one", "    return xs[1:n - 1]\n") == {
        "    return xs[2:n - 1]\n",
        "    return xs[0:n - 1]\n",
        "    return xs[1:n]\n",
        "    return xs[1:n - 2]\n",
    }
    body = "    for i in range(n):\n        xs[i] = 0\n    return xs\n"
    assert faults("off_by_one", body) == {
        "    for i in range(n + 1):\n        xs[i] = 0\n    return xs\n",
        "    for i in range(n - 1):\n        xs[i] = 0\n    return xs\n",
        "    for i in range(n):\n        xs[i + 1] = 0\n    return xs\n",
        "    for i in range(n):\n        xs[i - 1] = 0\n    return xs\n",
    }
    assert faults("off_by_one", "    return xs['key']\n") == set()  # not an index


def test_drop_and_swap_statements():
    body = "    y = n\n    y += 1\n    return y\n"
    assert faults("drop_statement", body) == {
        "    y += 1\n    return y\n",
        "    y = n\n    return y\n",
        "    y = n\n    y += 1\n",
    }
    assert faults("swap_statements", body) == {
        "    y += 1\n    y = n\n    return y\n",
        "    y = n\n    return y\n    y += 1\n",
    }
    assert faults("drop_statement", "    return n\n") == set()  # never the only statement of a block


def test_wrong_return():
    assert faults("wrong_return", "    total = 0\n    return total > n\n") == {
        "    total = 0\n    return not total > n\n",
        "    total = 0\n    return total\n",
        "    total = 0\n    return n\n",
        "    total = 0\n    return xs\n",
    }
    # a name bound only inside a comprehension is out of scope at the return: never offered
    got = faults("wrong_return", "    return sum(x for x in xs)\n")
    assert got == {"    return xs\n", "    return n\n"}


def test_remove_else_and_elif():
    assert faults("remove_else", "    if n:\n        return 1\n    else:\n        return 2\n") == {
        "    if n:\n        return 1\n"
    }
    body = "    if n:\n        return 1\n    elif xs:\n        return 2\n    return 3\n"
    assert faults("remove_else", body) == {"    if n:\n        return 1\n    return 3\n"}


def test_drop_condition_dedents_the_body():
    body = "    if n > 0:\n        n -= 1\n        n -= 2\n    return n\n"
    assert faults("drop_condition", body) == {"    n -= 1\n    n -= 2\n    return n\n"}


def test_negate_condition():
    body = "    while n > 0:\n        n -= 1\n    return [x for x in xs if not x]\n"
    assert faults("negate_condition", body) == {
        "    while not n > 0:\n        n -= 1\n    return [x for x in xs if not x]\n",
        "    while n > 0:\n        n -= 1\n    return [x for x in xs if x]\n",
    }
    assert faults("negate_condition", "    return 1 if xs or n else 2\n") == {"    return 1 if not (xs or n) else 2\n"}


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_every_fault_keeps_the_prompt_and_parses(kind):
    body = (
        "    total = 0\n"
        "    if n < 0:\n"
        "        n = -n\n"
        "    for i in range(1, len(xs) - 1):\n"
        "        if xs[i] > n and i % 2 == 0:\n"
        "            total += xs[i] * 2\n"
        "        else:\n"
        "            total -= 1\n"
        "    return total == n\n"
    )
    fs = FunctionSource(PROMPT, body, "f")
    edits = FAULTS[kind](fs)
    assert edits, f"{kind} should apply to this body"
    for edit in edits:
        out = edited_body(fs, [edit])
        if out is not None:
            FunctionSource(PROMPT, out, "f")  # parses, function still there
            assert out != body
