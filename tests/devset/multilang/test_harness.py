"""Signatures, literals, HumanEval test conversion, doc comments and test programs for JavaScript/Java/C++."""

from __future__ import annotations

import pytest

from codebertscore.devset.multilang.harness import (
    Case,
    build_program,
    cpp_headers,
    doc_text,
    function_name,
    java_imports,
    param_name,
    parse_check,
    prompt_text,
    typed_cases,
)
from codebertscore.devset.multilang.problems import parse_solutions
from codebertscore.devset.multilang.signatures import (
    Type,
    camel_case,
    check_value,
    cpp_type,
    infer_type,
    java_type,
    literal,
    parse_signature,
    parse_type,
)
from codebertscore.errors import InputError

# ------------------------------------------------------------------------------------------------- types


def test_parse_type_and_names():
    t = parse_type("list[ list[int] ]")
    assert t == Type("list", (Type("list", (Type("int"),)),))
    assert str(t) == "list[list[int]]"
    assert java_type(t) == "List<List<Integer>>"
    assert cpp_type(t) == "vector<vector<int>>"
    assert java_type(parse_type("dict[str, long]")) == "Map<String, Long>"
    assert cpp_type(parse_type("optional[float]")) == "optional<double>"
    assert java_type(parse_type("bool")) == "boolean" and java_type(parse_type("bool"), boxed=True) == "Boolean"


@pytest.mark.parametrize("bad", ["", "integer", "list", "list[int", "dict[str]", "list[int]x"])
def test_parse_type_rejects(bad):
    with pytest.raises(InputError, match="type"):
        parse_type(bad)


def test_parse_signature():
    sig = parse_signature("(numbers: list[float], threshold: float) -> bool")
    assert [n for n, _ in sig.params] == ["numbers", "threshold"]
    assert str(sig) == "(numbers: list[float], threshold: float) -> bool"
    assert parse_signature("() -> str").params == ()
    with pytest.raises(InputError, match="signature"):
        parse_signature("numbers: list[float] -> bool")


def test_check_value_ranges_and_types():
    check_value(2**31 - 1, Type("int"))
    with pytest.raises(InputError, match="32-bit"):
        check_value(2**31, Type("int"))
    check_value(2**40, Type("long"))
    with pytest.raises(InputError, match="expected a value of type bool"):
        check_value(1, Type("bool"))
    with pytest.raises(InputError, match=r"\[1\]"):
        check_value([1, "x"], parse_type("list[int]"))
    check_value((1, 2), parse_type("list[int]"))  # tuples are lists
    check_value(None, parse_type("optional[str]"))


def test_infer_type():
    assert str(infer_type([[1, 2], [], (3,)])) == "list[int]"
    assert str(infer_type([1, 2.5])) == "float"
    assert str(infer_type([None, "a"])) == "optional[str]"
    assert str(infer_type([3_000_000_000])) == "long"
    assert str(infer_type([{"a": 1}, {}])) == "dict[str, int]"
    with pytest.raises(InputError, match="mixed types"):
        infer_type([1, "a"])


@pytest.mark.parametrize(
    "value, typ, lang, expected",
    [
        ([1, 2], "list[int]", "javascript", "[1, 2]"),
        ([1, 2], "list[int]", "java", "new ArrayList<Integer>(Arrays.asList(1, 2))"),
        ([], "list[str]", "java", "new ArrayList<String>()"),
        ([1, 2], "list[int]", "cpp", "vector<int>{1, 2}"),
        ([[1], []], "list[list[int]]", "cpp", "vector<vector<int>>{vector<int>{1}, vector<int>{}}"),
        (3, "float", "java", "3.0"),
        (2**40, "long", "java", "1099511627776L"),
        (5, "long", "java", "5L"),
        (2**40, "long", "cpp", "1099511627776LL"),
        (5, "long", "cpp", "5"),
        (True, "bool", "cpp", "true"),
        ('a"b\\c\n', "str", "cpp", '"a\\"b\\\\c\\n"'),
        ("\u00e9", "str", "java", '"\\u00e9"'),
        (None, "optional[str]", "java", "Optional.empty()"),
        ("x", "optional[str]", "java", 'Optional.of("x")'),
        (None, "optional[int]", "cpp", "nullopt"),
        (4, "optional[int]", "cpp", "optional<int>(4)"),
        (None, "optional[int]", "javascript", "null"),
        ({"a": 1}, "dict[str, int]", "javascript", '{"a": 1}'),
        ({"a": 1}, "dict[str, int]", "cpp", 'map<string, int>{{"a", 1}}'),
        ({"a": 1}, "dict[str, int]", "java", 'new HashMap<String, Integer>(Map.ofEntries(Map.entry("a", 1)))'),
        ({}, "dict[str, int]", "java", "new HashMap<String, Integer>()"),
    ],
)
def test_literals(value, typ, lang, expected):
    assert literal(value, parse_type(typ), lang) == expected


def test_doc_literals_are_short():
    assert literal([1, 2], parse_type("list[int]"), "cpp", doc=True) == "{1, 2}"
    assert literal([1, 2], parse_type("list[int]"), "java", doc=True) == "Arrays.asList(1, 2)"
    assert literal(5, parse_type("long"), "java", doc=True) == "5"


def test_literals_refuse_what_a_language_cannot_hold():
    with pytest.raises(InputError, match="JavaScript"):
        literal(-9999999999999999, Type("long"), "javascript")
    with pytest.raises(InputError, match="C\\+\\+"):
        literal("\u00e9", Type("str"), "cpp")


def test_names():
    assert camel_case("has_close_elements") == "hasCloseElements"
    assert camel_case("minPath") == "minPath"
    assert function_name("has_close_elements", "java") == "hasCloseElements"
    assert function_name("has_close_elements", "cpp") == "has_close_elements"
    assert param_name("string", "cpp") == "str" and param_name("string", "java") == "str"
    assert param_name("string", "javascript") == "string"
    assert param_name("operator", "cpp") == "op" and param_name("paren_string", "java") == "parenString"


# ------------------------------------------------------------------------------------- test conversion

CHECK = '''
METADATA = {}


def check(candidate):
    """docstring"""
    assert candidate([1, 2]) == 3, "message"
    assert not candidate([])
    assert candidate(1)
    assert abs(candidate(2.0) - 2.0/3.0) < 1e-6
    assert tuple(candidate([3])) == tuple([1, 2])
    assert candidate(helper(1)) == 2
    for x in range(3):
        assert candidate(x) == x
    assert True
    assert candidate("a" * 3) is None
    assert 4 == candidate([1] * 2)
'''


def test_parse_check():
    cases, dropped = parse_check(CHECK)
    assert cases == [
        Case(([1, 2],), 3),
        Case(([],), False),
        Case((1,), True),
        Case((2.0,), 2.0 / 3.0, 1e-6),
        Case(([3],), [1, 2]),
        Case(("aaa",), None),
        Case(([1, 1],), 4),
    ]
    assert dropped == ["assert candidate(helper(1)) == 2", "for x in range(3):"]


def test_parse_check_needs_one_check_function():
    with pytest.raises(InputError, match="check"):
        parse_check("def other(candidate):\n    pass\n")


def test_typed_cases_checks_arity_and_types():
    sig = parse_signature("(xs: list[int]) -> int")
    assert typed_cases([Case(([1],), 2)], sig, "T") == [Case(([1],), 2)]
    with pytest.raises(InputError, match="arguments"):
        typed_cases([Case((1, 2), 2)], sig, "T")
    with pytest.raises(InputError, match="expected result"):
        typed_cases([Case(([1],), "x")], sig, "T")


# ------------------------------------------------------------------------------- prompts and programs


def test_doc_text_converts_examples():
    sig = parse_signature("(xs: list[int], s: str) -> bool")
    doc = "Say if.\n>>> has_x([1, 2], 'a')\nTrue\n>>> has_x(oops)\nSee has_x([3], 'b') == False too.\n"
    assert doc_text(doc, "has_x", sig, "javascript") == (
        'Say if.\n>>> hasX([1, 2], "a")\ntrue\n>>> hasX(oops)\nSee hasX([3], \'b\') == false too.'
    )
    assert doc_text(doc, "has_x", sig, "cpp").splitlines()[1:3] == ['>>> has_x({1, 2}, "a")', "true"]


def test_prompts_exact():
    sig = parse_signature("(xs: list[int], k: int) -> int")
    assert prompt_text("add_all", "Add.", sig, "javascript", []) == (
        "/**\n * Add.\n */\nfunction addAll(xs, k) {\n"
    )
    assert prompt_text("add_all", "Add.", sig, "java", []) == (
        "import java.util.*;\nimport java.lang.*;\n\nclass Solution {\n    /**\n     * Add.\n     */\n"
        "    public int addAll(List<Integer> xs, int k) {\n"
    )
    assert prompt_text("add_all", "Add.", sig, "cpp", ["    return accumulate(xs.begin(), xs.end(), k);\n}\n"]) == (
        "#include <stdio.h>\n#include <vector>\n#include <string>\n#include <numeric>\nusing namespace std;\n\n"
        "/**\n * Add.\n */\nint add_all(vector<int> xs, int k) {\n"
    )


def test_headers_and_imports_follow_the_candidates():
    assert "optional" in cpp_headers(["return nullopt;"])
    assert "sstream" in cpp_headers(["istringstream in(s);"]) and "map" not in cpp_headers(["x.size()"])
    assert java_imports(["return xs.stream().collect(Collectors.toList());"])[-1] == "java.util.stream.*"
    assert java_imports(["return 1;"]) == ["java.util.*", "java.lang.*"]


SIG = parse_signature("(xs: list[int], k: int) -> list[int]")
CASES = [Case(([1, 2], 3), [4, 5])]


def test_program_javascript():
    prog = build_program("P\n", "    body\n}\n", "add_all", SIG, CASES, "javascript")
    assert prog.startswith("P\n    body\n}\n\nfunction __eq(a, b, tol) {")
    assert prog.endswith("\n__check(0, __eq(addAll([1, 2], 3), [4, 5], 0.0));\n")


def test_program_java():
    prog = build_program("P\n", "    body\n}\n", "add_all", SIG, CASES, "java")
    assert prog.startswith(
        "P\n    body\n}\n\npublic class Main {\n    static boolean eq(Object a, Object b, double tol) {"
    )
    assert prog.endswith(
        "    public static void main(String[] args) {\n        Solution s = new Solution();\n"
        "        check(0, eq(s.addAll(new ArrayList<Integer>(Arrays.asList(1, 2)), 3), "
        "new ArrayList<Integer>(Arrays.asList(4, 5)), 0.0));\n    }\n}\n"
    )


def test_program_cpp_and_float_tolerance():
    prog = build_program("P\n", "    body\n}\n", "add_all", SIG, CASES, "cpp")
    assert prog.endswith(
        "int main() {\n"
        "    if (!(add_all(vector<int>{1, 2}, 3) == vector<int>{4, 5})) "
        '{ std::printf("test 0 failed\\n"); return 1; }\n'
        "    return 0;\n}\n"
    )
    fsig = parse_signature("(x: float) -> float")
    fprog = build_program("P\n", "B\n", "half", fsig, [Case((0.5,), 1.0), Case((1.0,), 2.0, 0.01)], "cpp")
    assert "if (!(approx_eq(half(0.5), 1.0, 1e-06)))" in fprog
    assert "if (!(approx_eq(half(1.0), 2.0, 0.01)))" in fprog


# --------------------------------------------------------------------------------------- solutions file

GOOD = """# comment
=== HumanEval/7
--- canonical
    return 1;
}
--- alternative
    return 2 - 1;
}

--- wrong: returns two
    return 2;
}
"""


def test_parse_solutions():
    sols = parse_solutions(GOOD)
    s = sols["HumanEval/7"]
    assert s.canonical == "    return 1;\n}\n"
    assert s.alternatives == ("    return 2 - 1;\n}\n",)
    assert s.wrong == (("returns two", "    return 2;\n}\n"),)


@pytest.mark.parametrize(
    "text, message",
    [
        ("=== A\n--- alternative\n    x;\n", "exactly one '--- canonical'"),
        ("=== A\n--- canonical\n    x;\n--- bogus\n    y;\n", "unknown section"),
        ("=== A\n--- canonical\n    x;\n=== A\n--- canonical\n    y;\n", "appears twice"),
        ("stray\n=== A\n--- canonical\n    x;\n", "before the first"),
        ("=== A\n    x;\n--- canonical\n    y;\n", "code before"),
        ("=== A\n--- canonical\n\n", "empty"),
    ],
)
def test_parse_solutions_errors(text, message):
    with pytest.raises(InputError, match=message):
        parse_solutions(text, source="f.txt")
