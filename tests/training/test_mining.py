"""Mining functions and their doc comments: exact pairs on hand-written snippets."""

from __future__ import annotations

import ast

import pytest

from codebertscore.text.lexer import tokenize
from codebertscore.training.mining import clean_comment, find_functions
from tests.training.training_snippets import C_DOC, CPP_DOC, JAVA_DOC, JS_DOC, PY_DOC


def _by_name(functions):
    return {f.name: f for f in functions}


def test_python_docstring_pairs_are_exact():
    fns = _by_name(find_functions(PY_DOC, "python"))
    assert set(fns) == {"read_config", "clamp", "undocumented"}
    assert fns["clamp"].doc == "Limit a number to the closed interval between low and high."
    assert fns["clamp"].code == "def clamp(value, low, high):\n    return max(low, min(value, high))"
    assert fns["read_config"].doc == "Read a configuration file and return its lines without comments."
    assert '"""' not in fns["read_config"].code
    ast.parse(fns["read_config"].code)
    assert fns["undocumented"].doc is None


def test_python_method_is_dedented_and_parses():
    src = ('class A:\n    def f(self, x):\n        """Double a number for the caller."""\n'
           "        y = x * 2\n        return y\n")
    (fn,) = find_functions(src, "python")
    assert fn.code == "def f(self, x):\n    y = x * 2\n    return y"
    assert fn.doc == "Double a number for the caller."


def test_python_docstring_only_body_is_not_a_doc_pair():
    src = 'def f():\n    """Does nothing at all, on purpose."""\n\n\ndef g(a):\n    return a\n'
    names = [f.name for f in find_functions(src, "python")]
    assert names == ["g"]


def test_java_javadoc_and_line_comment_pairs():
    fns = _by_name(find_functions(JAVA_DOC, "java"))
    assert fns["max"].doc == "Returns the largest element of the array.\n@param xs the values"
    assert fns["max"].code.startswith("public static int max(int[] xs) {")
    assert fns["max"].code.endswith("return best;\n}")
    assert "/**" not in fns["max"].code
    assert fns["add"].doc == "Adds two numbers together and returns their sum."
    assert fns["add"].code == "public int add(int a, int b) {\n    return a + b;\n}"
    # a blank line between comment and method: no doc
    assert fns["reset"].doc is None
    # the class body itself is not a function
    assert "Stats" not in fns


def test_javascript_function_and_arrow_pairs():
    fns = _by_name(find_functions(JS_DOC, "javascript"))
    assert fns["mean"].doc == "Computes the mean of a list of numbers.\nReturns NaN for an empty list."
    assert fns["mean"].code.startswith("function mean(values) {")
    assert fns["capitalise"].doc == "Capitalises the first letter of a word."
    assert fns["capitalise"].code.startswith("const capitalise = (word) => {")
    assert fns["capitalise"].code.endswith("}")
    # control statements and object literals are not functions
    assert set(fns) == {"mean", "capitalise"}


def test_cpp_and_c_pairs():
    cpp = _by_name(find_functions(CPP_DOC, "cpp"))
    assert cpp["sum"].doc == "Sums the elements of a vector of integers.\nWorks for empty vectors too."
    assert cpp["swap_ints"].doc == "Swaps the two referenced integers in place."
    assert "namespace" not in cpp
    c = _by_name(find_functions(C_DOC, "c"))
    assert c["count_char"].doc == "Counts the characters c in the string s."
    assert c["count_char"].code.startswith("static int count_char(const char *s, char c)\n{")


@pytest.mark.parametrize(
    "src",
    [
        "if (x > 0) {\n  y = 1;\n}\n",
        "while (i < n) {\n  i++;\n}\n",
        "list.forEach(x -> {\n  print(x);\n});\n",
        "Runnable r = new Runnable() {\n  public void run() {}\n};\n",
        "class A {\n  int x;\n}\n",
    ],
)
def test_not_functions_in_java(src):
    assert [f.name for f in find_functions(src, "java") if f.name not in ("run",)] == []


def test_licence_comment_is_not_a_doc():
    src = "// Copyright 2020 Example Corp. All rights reserved.\nint f(int a) {\n  return a;\n}\n"
    (fn,) = find_functions(src, "c")
    assert fn.doc is None


def test_clean_comment_forms():
    assert clean_comment("/**\n * Hello world.\n * Second line.\n */") == "Hello world.\nSecond line."
    assert clean_comment("/// one\n/// two") == "one\ntwo"
    assert clean_comment("/* single */") == "single"
    assert clean_comment("// a\n// b") == "a\nb"


@pytest.mark.parametrize("lang", ["java", "javascript", "c", "cpp"])
@pytest.mark.parametrize("src", [JAVA_DOC, JS_DOC, CPP_DOC, C_DOC, "x = `a ${b + `c`} d`;\nR\"(raw)\" '\\'' /re/g",
                                 "unterminated \"string\n/* open comment"])
def test_lexer_round_trip(lang, src):
    assert "".join(t.text for t in tokenize(src, lang)) == src
