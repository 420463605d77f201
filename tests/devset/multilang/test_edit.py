"""The C-like lexer and the token-level rewrites and faults of the JavaScript/Java/C++ dev sets.

Exact expected outputs are written by hand for snippets where an edit has one possible result; where the
generator chooses (which variable, which style), the tests check the set of possible results or invariants.
"""

from __future__ import annotations

import random
import re

import pytest

from codebertscore.devset.multilang.edit import Context
from codebertscore.devset.multilang.mutations import (
    MUTATIONS,
    arith_op,
    compare_op,
    constant,
    drop_statement,
    logic_op,
    negate_condition,
    off_by_one,
    swap_statements,
    wrong_return,
)
from codebertscore.devset.multilang.rewrites import (
    REWRITES,
    _allman,
    _drop_braces,
    _for_to_while,
    _if_to_ternary,
    _knr,
    _spacing,
    _ternary_to_if,
    _while_to_for,
    declared_names,
    incdec,
    range_loop,
    rename_locals,
)
from codebertscore.devset.multilang.signatures import Type, parse_type
from codebertscore.text.lexer import code_tokens

INT = Type("int")
JS = Context("javascript", INT, frozenset({"f", "xs", "n"}), (("xs", parse_type("list[int]")), ("n", INT)))
JAVA = Context("java", Type("bool"), frozenset({"f", "xs"}))
CPP = Context("cpp", INT, frozenset({"f", "v"}), (("v", parse_type("list[int]")),))


def rng(seed: int = 0) -> random.Random:
    return random.Random(seed)


# ---------------------------------------------------------------------------------------- declared names


def test_declared_names_per_language():
    js = "    const [a, b] = xs;\n    let c = 1;\n    xs.map((p, q) => p + q);\n    xs.map(z => z);\n    foo(e, f);\n"
    assert declared_names(js, "javascript") == ["a", "b", "c", "z", "p", "q"]
    cpp = "    for (auto& c : s) {}\n    const string& w = s;\n    int a = x & y;\n    return a > b;\n"
    assert declared_names(cpp, "cpp") == ["c", "w", "a"]
    java = "    List<Integer> out = new ArrayList<>();\n    int[] arr = new int[3];\n    for (String w : ws) {}\n" \
           "    xs.stream().map(x -> x + 1);\n    return a > b;\n"
    assert declared_names(java, "java") == ["out", "arr", "w", "x"]


# ---------------------------------------------------------------------------------------------- rewrites


def test_rename_locals_is_consistent_and_keeps_members_and_params():
    code = "    int count = 0;\n    for (int i = 0; i < v.size(); i++) count += v[i];\n    return count;\n}\n"
    for seed in range(10):
        out = rename_locals(code, CPP, rng(seed))
        assert out is not None and out != code
        before, after = code_tokens(code, "cpp"), code_tokens(out, "cpp")
        assert len(before) == len(after)
        mapping = {}
        for a, b in zip(before, after):
            if a != b:
                assert a in ("count", "i"), (a, b)
                assert mapping.setdefault(a, b) == b  # one new name per old name
        assert "size" in after and "v" in after  # members and parameters are never renamed


def test_rename_locals_without_locals_is_none():
    assert rename_locals("    return v.size();\n}\n", CPP, rng()) is None


def test_rename_locals_skips_object_keys_in_javascript():
    code = "    const m = {m: 1};\n    return m.m;\n}\n"
    for seed in range(5):
        out = rename_locals(code, JS, rng(seed))
        m = re.fullmatch(r"    const (\w+) = \{m: 1\};\n    return (\w+)\.m;\n\}\n", out or "")
        assert m and m.group(1) == m.group(2) != "m", out


def test_for_to_while_exact():
    code = (
        "    let total = 0;\n    for (let i = 0; i < xs.length; i++) {\n        total += xs[i];\n    }\n"
        "    return total;\n}\n"
    )
    assert _for_to_while(code, JS, rng()) == (
        "    let total = 0;\n    let i = 0;\n    while (i < xs.length) {\n        total += xs[i];\n        i++;\n"
        "    }\n    return total;\n}\n"
    )


def test_for_to_while_refuses_continue_and_redeclaration():
    with_continue = "    for (let i = 0; i < n; i++) {\n        if (i) continue;\n    }\n}\n"
    assert _for_to_while(with_continue, JS, rng()) is None
    twice = (
        "    for (int i = 0; i < n; i++) {\n        a++;\n    }\n"
        "    for (int i = 0; i < n; i++) {\n        b++;\n    }\n"
    )
    # the second loop can still be rewritten, the first cannot (its i would be declared twice)
    out = _for_to_while(twice, CPP, rng())
    assert out is None or out.startswith("    for (int i = 0; i < n; i++) {\n        a++;")


def test_while_to_for_exact():
    assert _while_to_for("    while (n > 0) {\n        n--;\n    }\n", JS, rng()) == (
        "    for (; n > 0; ) {\n        n--;\n    }\n"
    )


def test_brace_styles_exact():
    code = "    for (let i = 0; i < n; i++) {\n        s += i;\n    }\n"
    allman = _allman(code)
    assert allman == "    for (let i = 0; i < n; i++)\n    {\n        s += i;\n    }\n"
    assert _knr(allman) == code
    assert _drop_braces("    if (a > b) {\n        return a;\n    }\n    return b;\n}\n") == (
        "    if (a > b)\n        return a;\n    return b;\n}\n"
    )


def test_drop_braces_keeps_nested_if_braces():
    # removing the braces here would attach the else to the inner if (a dangling else)
    code = "    if (a) {\n        if (b) x = 1;\n    } else {\n        y = 2;\n    }\n"
    assert _drop_braces(code) is None or "if (a) {" in _drop_braces(code)


def test_spacing_exact():
    assert _spacing("    int s = a+b*c;\n", CPP, compact=False) == "    int s = a + b * c;\n"
    assert _spacing("    int s = a + b * c;\n    if (s > 0) return s;\n", CPP, compact=True) == (
        "    int s=a+b*c;\n    if(s>0) return s;\n"
    )
    # template brackets and unary minus are not operators to space
    assert _spacing("    vector<int> v = {-1};\n", CPP, compact=False) is None


def test_incdec_styles():
    outs = {incdec("    i++;\n", CPP, rng(seed)) for seed in range(20)}
    assert outs == {"    i += 1;\n", "    i = i + 1;\n"}
    assert incdec("    x = i++;\n", CPP, rng()) is None  # not a statement of its own
    assert incdec("    s += 2;\n", CPP, rng(0)) in ("    s = s + 2;\n",)


def test_ternary_both_directions_exact():
    assert _if_to_ternary("    if (a > b) {\n        return a;\n    }\n    return b;\n}\n", JS, rng()) == (
        "    return a > b ? a : b;\n}\n"
    )
    assert _if_to_ternary("    if (a > b) {\n        return true;\n    } else {\n        return false;\n    }\n}\n",
                          JS, rng()) == "    return a > b;\n}\n"
    back = {_ternary_to_if("    return a > b ? a : b;\n}\n", JS, rng(seed)) for seed in range(10)}
    assert back == {
        "    if (a > b) {\n        return a;\n    }\n    return b;\n}\n",
        "    if (a > b) {\n        return a;\n    } else {\n        return b;\n    }\n}\n",
    }


def test_if_to_ternary_needs_a_statement_if():
    # the if is the body of a for: the return after the loop is not its else
    code = "    for (int i = 0; i < n; i++)\n        if (v[i] == 0) return true;\n    return false;\n}\n"
    assert _if_to_ternary(code, CPP, rng()) is None


def test_range_loop_exact():
    assert range_loop("    for (const x of xs) {\n        s += x;\n    }\n", JS, rng()) == (
        "    for (let i = 0; i < xs.length; i++) {\n        const x = xs[i];\n        s += x;\n    }\n"
    )
    assert range_loop("    for (int x : v) {\n        s += x;\n    }\n", CPP, rng()) == (
        "    for (size_t i = 0; i < v.size(); i++) {\n        int x = v[i];\n        s += x;\n    }\n"
    )
    # a Set is not indexable: only parameters declared as lists or strings are rewritten
    assert range_loop("    for (const x of seen) {\n        s += x;\n    }\n", JS, rng()) is None


# --------------------------------------------------------------------------------------------- mutations


def test_single_site_mutations_exact():
    assert compare_op("    return a == b;\n", JAVA, rng()) == "    return a != b;\n"
    assert logic_op("    return a && b;\n", JAVA, rng()) == "    return a || b;\n"
    assert negate_condition("    if (ok) {\n        return 1;\n    }\n", CPP, rng()) == (
        "    if (!ok) {\n        return 1;\n    }\n"
    )
    assert negate_condition("    if (a < b) x();\n", CPP, rng()) == "    if (!(a < b)) x();\n"
    assert drop_statement("    int s = 0;\n    s += 2;\n    return s;\n}\n", CPP, rng()) == (
        "    int s = 0;\n    return s;\n}\n"
    )
    assert swap_statements("    a = 1;\n    b = 2;\n    return b;\n}\n", CPP, rng()) == (
        "    b = 2;\n    a = 1;\n    return b;\n}\n"
    )


def test_compare_op_leaves_generics_alone():
    code = "    List<Integer> a = new ArrayList<>();\n    return a.size() == 0;\n"
    assert compare_op(code, JAVA, rng()) == "    List<Integer> a = new ArrayList<>();\n    return a.size() != 0;\n"


def test_arith_op_skips_string_concatenation_and_unary_minus():
    code = '    String s = "x" + y;\n    int t = -n;\n    return n - 1;\n'
    assert arith_op(code, JAVA, rng()) == '    String s = "x" + y;\n    int t = -n;\n    return n + 1;\n'


def test_constant_and_off_by_one():
    assert {constant("    int k = 7;\n", CPP, rng(s)) for s in range(20)} == {"    int k = 6;\n", "    int k = 8;\n"}
    assert constant("    int k = 0;\n", CPP, rng()) == "    int k = 1;\n"
    loop = "    for (int i = 0; i < n; i++) s += i;\n"
    assert {off_by_one(loop, CPP, rng(s)) for s in range(20)} == {
        "    for (int i = 0; i <= n; i++) s += i;\n",
        "    for (int i = 1; i < n; i++) s += i;\n",
    }


def test_wrong_return_per_result_type():
    assert wrong_return("    return x > 0;\n}\n", JAVA, rng()) == "    return !(x > 0);\n}\n"
    assert wrong_return("    return true;\n}\n", JAVA, rng()) == "    return false;\n}\n"
    assert wrong_return("    return s;\n}\n", CPP, rng(0)) in ("    return s + 1;\n}\n", "    return s - 1;\n}\n")
    js_list = Context("javascript", parse_type("list[int]"))
    assert wrong_return("    return out;\n}\n", js_list, rng()) == "    return [];\n}\n"
    java_list = Context("java", parse_type("list[str]"))
    assert wrong_return("    return out;\n}\n", java_list, rng()) == "    return new ArrayList<>();\n}\n"


def test_drop_statement_spares_the_only_statement_of_a_braceless_if():
    assert drop_statement("    if (a > b)\n        m = a;\n    return m;\n}\n", CPP, rng()) is None


@pytest.mark.parametrize("name", sorted(REWRITES) + sorted(MUTATIONS))
def test_edits_are_deterministic_and_change_or_decline(name):
    edit = {**REWRITES, **MUTATIONS}[name]
    code = (
        "    int total = 0;\n    for (int i = 0; i < v.size(); i++) {\n        if (v[i] > 0 && v[i] != 3) {\n"
        "            total += v[i] * 2;\n        }\n    }\n    return total > 10 ? total : 0;\n}\n"
    )
    first = edit(code, CPP, rng(7))
    assert first == edit(code, CPP, rng(7))
    assert first is None or first != code


def test_if_to_ternary_avoids_untyped_cpp_branches():
    code = "    if (a) {\n        return nullopt;\n    }\n    return x;\n}\n"
    assert _if_to_ternary(code, CPP, rng()) is None
    code = "    if (a) {\n        return {1, 2};\n    }\n    return {3};\n}\n"
    assert _if_to_ternary(code, CPP, rng()) is None
