"""HumanEval tests and prompts, carried over to JavaScript, Java and C++.

Two jobs:

* :func:`parse_check` reads the Python ``check(candidate)`` function of a HumanEval problem with
  :mod:`ast` and keeps the assertions that compare one call of ``candidate`` with a literal
  (``assert candidate(x) == y``, ``assert abs(candidate(x) - y) < tol``, ``assert candidate(x)``,
  ``assert not candidate(x)``); everything else (loops, random inputs, calls of helper functions) is
  dropped and listed, so the datasheet can say what was lost.
* :func:`prompt_text` and :func:`build_program` write, for one target language, the prompt a model would
  continue (doc comment + signature, HumanEval-X style) and a whole test program: prompt, candidate, then a
  ``main`` that runs every kept test case and exits non-zero on the first failure.

The literals come from :mod:`codebertscore.devset.multilang.signatures`, directed by the problem's signature.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from codebertscore.devset.multilang.signatures import (
    Signature,
    Type,
    camel_case,
    check_value,
    cpp_type,
    java_type,
    literal,
)
from codebertscore.errors import InputError

#: Absolute tolerance for comparing floating-point results that the Python test compares with ``==``.
FLOAT_TOL = 1e-6

#: Names a test expression may call when it is evaluated (``[1] * 5``, ``list(range(10))``, ``2.0 / 3``).
_SAFE_CALLS = {"range": range, "list": list, "tuple": tuple, "str": str, "int": int, "float": float}


@dataclass(frozen=True)
class Case:
    """One converted assertion: call the function with ``args`` and compare with ``expected``.

    ``tol`` is the absolute tolerance for float results (``None`` for the default :data:`FLOAT_TOL`).
    """

    args: tuple[object, ...]
    expected: object
    tol: float | None = None


# ------------------------------------------------------------------------------------ reading the tests


class _NotLiteral(Exception):
    pass


def _value(node: ast.expr) -> object:
    """Evaluate a test expression made of literals, arithmetic and a few safe calls; else _NotLiteral."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id not in _SAFE_CALLS:
            raise _NotLiteral(ast.unparse(node))
        if isinstance(sub, ast.Call) and not (isinstance(sub.func, ast.Name) and sub.func.id in _SAFE_CALLS):
            raise _NotLiteral(ast.unparse(node))
        if isinstance(sub, (ast.Attribute, ast.Lambda, ast.ListComp, ast.GeneratorExp, ast.DictComp, ast.NamedExpr)):
            raise _NotLiteral(ast.unparse(node))
    try:
        # literal arithmetic only (checked above), with no builtins but the few safe calls
        code = compile(ast.Expression(node), "<test>", "eval")
        return eval(code, {"__builtins__": {}}, dict(_SAFE_CALLS))  # noqa: S307
    except Exception as exc:  # pragma: no cover - a malformed literal expression
        raise _NotLiteral(ast.unparse(node)) from exc


def _unwrap(node: ast.expr) -> ast.expr:
    """``tuple(x)`` / ``list(x)`` -> ``x`` (HumanEval compares some list results as tuples)."""
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("tuple", "list")
        and len(node.args) == 1
        and not node.keywords
    ):
        node = node.args[0]
    return node


def _candidate_args(node: ast.expr) -> tuple[object, ...] | None:
    """The literal arguments of ``candidate(...)``, or None if ``node`` is not such a call."""
    node = _unwrap(node)
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "candidate"):
        return None
    if node.keywords:
        raise _NotLiteral(ast.unparse(node))
    return tuple(_value(a) for a in node.args)


def _convert_assert(test: ast.expr) -> Case | None:
    """One assertion as a Case; None for ``assert True``-style no-ops; _NotLiteral if not convertible."""
    if isinstance(test, ast.Constant):
        return None
    args = _candidate_args(test)
    if args is not None:
        return Case(args, True)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        args = _candidate_args(test.operand)
        if args is not None:
            return Case(args, False)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = test.left, test.ops[0], test.comparators[0]
        if isinstance(op, (ast.Eq, ast.Is)):
            for call, other in ((left, right), (right, left)):
                args = _candidate_args(call)
                if args is not None:
                    return Case(args, _value(_unwrap(other)))
        if isinstance(op, (ast.Lt, ast.LtE)) and isinstance(left, ast.Call) and len(left.args) == 1:
            func = left.func
            is_abs = (isinstance(func, ast.Name) and func.id == "abs") or (
                isinstance(func, ast.Attribute) and func.attr == "fabs"
            )
            diff = left.args[0]
            if is_abs and isinstance(diff, ast.BinOp) and isinstance(diff.op, ast.Sub):
                args = _candidate_args(diff.left)
                tol = _value(right)
                if args is not None and isinstance(tol, (int, float)):
                    return Case(args, _value(diff.right), float(tol))
    raise _NotLiteral(ast.unparse(test))


def parse_check(test_source: str) -> tuple[list[Case], list[str]]:
    """Convert the assertions of HumanEval's ``check`` function.

    Returns the test cases in order and the source of every statement that was dropped (not an
    assertion of one of the supported forms, or an assertion on values that are not literals).
    """
    module = ast.parse(test_source)
    checks = [n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "check"]
    if len(checks) != 1:
        raise InputError("test: expected exactly one 'def check(candidate)' function")
    cases: list[Case] = []
    dropped: list[str] = []
    for stmt in checks[0].body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # a docstring or a bare string
        if isinstance(stmt, ast.Pass):
            continue
        if isinstance(stmt, ast.Assert):
            try:
                case = _convert_assert(stmt.test)
            except _NotLiteral:
                dropped.append(ast.unparse(stmt).splitlines()[0])
                continue
            if case is not None:
                cases.append(case)
            continue
        dropped.append(ast.unparse(stmt).splitlines()[0])
    return cases, dropped


def check_case(case: Case, signature: Signature, where: str) -> None:
    """Raise :class:`InputError` unless the case's arguments and result fit the signature (``where`` names it)."""
    if len(case.args) != len(signature.params):
        raise InputError(f"{where}: {len(case.args)} arguments, the signature has {len(signature.params)}")
    for (name, typ), value in zip(signature.params, case.args):
        check_value(value, typ, f"{where} argument {name}")
    check_value(case.expected, signature.returns, f"{where} expected result")


def typed_cases(cases: list[Case], signature: Signature, where: str) -> list[Case]:
    """Check every case against the signature; ``assert candidate(x)`` only makes sense for bool results."""
    for k, case in enumerate(cases):
        check_case(case, signature, f"{where} test {k}")
    return list(cases)


# ------------------------------------------------------------------------------------------ naming


_RESERVED = {
    "javascript": {"arguments", "eval", "function", "class", "new", "delete", "var", "let"},
    "java": {"string", "char", "int", "class", "new", "operator"},
    "cpp": {"string", "operator", "vector", "map", "set", "and", "or", "not", "new", "delete", "class"},
}
_RENAME = {"string": "str", "operator": "op", "char": "ch", "class": "cls"}


def function_name(entry_point: str, lang: str) -> str:
    """The function's name in ``lang``: camelCase in JavaScript and Java, as in Python for C++."""
    return entry_point if lang == "cpp" else camel_case(entry_point)


def param_name(name: str, lang: str) -> str:
    """A parameter's name in ``lang`` (camelCase for JS/Java; names that are reserved there are replaced)."""
    out = name if lang == "cpp" else camel_case(name)
    if out in _RESERVED[lang]:
        out = _RENAME.get(out, out + "_")
    return out


# ------------------------------------------------------------------------------------- doc comments

_CALL_LINE = re.compile(r"^(\s*)>>>\s*(.*)$")


def _render_call(call_src: str, entry_point: str, signature: Signature, lang: str) -> str | None:
    """A docstring example call (``f([1, 2], 3)``) in ``lang``'s syntax, or None if it cannot be read."""
    try:
        node = ast.parse(call_src.strip(), mode="eval").body
    except SyntaxError:
        return None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == entry_point):
        return None
    if node.keywords or len(node.args) != len(signature.params):
        return None
    try:
        args = [literal(_value(a), t, lang, doc=True) for a, (_, t) in zip(node.args, signature.params)]
    except (_NotLiteral, InputError):
        return None
    return f"{function_name(entry_point, lang)}({', '.join(args)})"


def _render_result(text: str, returns: Type, lang: str) -> str | None:
    try:
        value = _value(ast.parse(text.strip(), mode="eval").body)
        return literal(value, returns, lang, doc=True)
    except (SyntaxError, _NotLiteral, InputError):
        return None


def doc_text(docstring: str, entry_point: str, signature: Signature, lang: str) -> str:
    """The docstring with its ``>>>`` examples (and mentions of the function) in ``lang``'s syntax."""
    lines = docstring.splitlines()
    out: list[str] = []
    name = function_name(entry_point, lang)
    k = 0
    while k < len(lines):
        line = lines[k]
        m = _CALL_LINE.match(line)
        if m:
            call = _render_call(m.group(2), entry_point, signature, lang)
            if call is not None:
                out.append(f"{m.group(1)}>>> {call}")
                if k + 1 < len(lines) and lines[k + 1].strip() and not _CALL_LINE.match(lines[k + 1]):
                    result = _render_result(lines[k + 1], signature.returns, lang)
                    if result is not None:
                        indent = lines[k + 1][: len(lines[k + 1]) - len(lines[k + 1].lstrip())]
                        out.append(indent + result)
                        k += 2
                        continue
                k += 1
                continue
        line = re.sub(rf"\b{re.escape(entry_point)}\b", name, line)
        if name + "(" in line:  # an example written in prose: f(x) == True
            line = re.sub(r"\bTrue\b", "true", re.sub(r"\bFalse\b", "false", line))
        out.append(line)
        k += 1
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def _comment(text: str, indent: str) -> str:
    body = "\n".join((f"{indent} * {line}".rstrip()) for line in text.splitlines())
    return f"{indent}/**\n{body}\n{indent} */\n"


# ------------------------------------------------------------------------------------------ prompts

_CPP_HEADERS: dict[str, tuple[str, ...]] = {
    "algorithm": ("sort", "reverse", "max_element", "min_element", "find", "count", "count_if", "all_of",
                  "any_of", "none_of", "transform", "unique", "remove_if", "min", "max", "swap", "stable_sort",
                  "find_if", "binary_search", "lower_bound", "upper_bound", "next_permutation", "fill",
                  "copy", "remove", "equal", "rotate", "minmax_element", "copy_if", "replace", "replace_if",
                  "partition", "stable_partition", "is_sorted", "minmax", "for_each", "reverse_copy", "nth_element",
                  "partial_sort", "set_intersection", "set_union", "set_difference", "search", "mismatch",
                  "adjacent_find", "find_if_not", "generate", "includes", "lexicographical_compare", "merge",
                  "make_heap", "push_heap", "pop_heap", "sort_heap", "is_permutation", "max_element"),
    "numeric": ("accumulate", "iota", "gcd", "lcm", "partial_sum", "inner_product", "transform_reduce",
                "adjacent_difference", "reduce"),
    "map": ("map",),
    "unordered_map": ("unordered_map",),
    "set": ("set", "multiset"),
    "unordered_set": ("unordered_set",),
    "optional": ("optional", "nullopt"),
    "sstream": ("stringstream", "istringstream", "ostringstream"),
    "cmath": ("abs", "sqrt", "pow", "floor", "ceil", "round", "fabs", "log", "exp", "fmod", "trunc", "cbrt",
              "hypot", "llabs"),
    "cctype": ("isdigit", "isalpha", "toupper", "tolower", "isupper", "islower", "isspace", "isalnum",
               "ispunct"),
    "climits": ("INT_MAX", "INT_MIN", "LLONG_MAX", "LLONG_MIN", "LONG_MAX", "LONG_MIN"),
    "utility": ("pair", "make_pair"),
    "functional": ("function", "greater", "less", "multiplies", "plus"),
    "iterator": ("back_inserter", "istream_iterator", "ostream_iterator"),
    "bitset": ("bitset",),
    "deque": ("deque",),
    "stack": ("stack",),
    "queue": ("queue", "priority_queue"),
    "tuple": ("tuple", "make_tuple", "tie"),
    "cstdlib": ("atoi", "stoi_", "llabs_"),
}


def cpp_headers(codes: list[str]) -> list[str]:
    """The headers that a C++ prompt includes so that every one of ``codes`` (candidate bodies) compiles."""
    words = set(re.findall(r"[A-Za-z_]\w*", "\n".join(codes)))
    headers = ["stdio.h", "vector", "string"]
    for header, names in _CPP_HEADERS.items():
        if words.intersection(names):
            headers.append(header)
    return headers


def java_imports(codes: list[str]) -> list[str]:
    """The import lines of a Java prompt: java.util and java.lang, plus streams where a candidate uses them."""
    imports = ["java.util.*", "java.lang.*"]
    joined = "\n".join(codes)
    if re.search(r"\b(Collectors|IntStream|LongStream|DoubleStream|Stream)\b", joined):
        imports.append("java.util.stream.*")
    return imports


def prompt_text(
    entry_point: str, docstring: str, signature: Signature, lang: str, codes: list[str]
) -> str:
    """The prompt a candidate continues: imports/includes, the doc comment and the signature line.

    ``codes`` are the candidate bodies of the problem (to include the headers/imports they need).
    """
    doc = doc_text(docstring, entry_point, signature, lang)
    name = function_name(entry_point, lang)
    if lang == "javascript":
        params = ", ".join(param_name(n, lang) for n, _ in signature.params)
        return _comment(doc, "") + f"function {name}({params}) {{\n"
    if lang == "java":
        params = ", ".join(f"{java_type(t)} {param_name(n, lang)}" for n, t in signature.params)
        head = "".join(f"import {i};\n" for i in java_imports(codes))
        return (
            head + "\nclass Solution {\n" + _comment(doc, "    ")
            + f"    public {java_type(signature.returns)} {name}({params}) {{\n"
        )
    params = ", ".join(f"{cpp_type(t)} {param_name(n, lang)}" for n, t in signature.params)
    types = [cpp_type(t) for _, t in signature.params] + [cpp_type(signature.returns)]
    head = "".join(f"#include <{h}>\n" for h in cpp_headers(codes + types))
    return (
        head + "using namespace std;\n\n" + _comment(doc, "") + f"{cpp_type(signature.returns)} {name}({params}) {{\n"
    )


# ------------------------------------------------------------------------------------- test programs

_JS_HELPERS = """\
function __eq(a, b, tol) {
    if (typeof a === "number" && typeof b === "number") return tol > 0 ? Math.abs(a - b) <= tol : a === b;
    if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
    if (Array.isArray(a) || Array.isArray(b)) {
        if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
        return a.every((x, i) => __eq(x, b[i], tol));
    }
    if (typeof a === "object" && typeof b === "object") {
        const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
        return __eq(ka, kb, 0) && ka.every((k) => __eq(a[k], b[k], tol));
    }
    return a === b;
}
function __check(i, ok) {
    if (!ok) { console.log("test " + i + " failed"); process.exit(1); }
}
"""

_JAVA_HELPERS = """\
    static boolean eq(Object a, Object b, double tol) {
        if (a instanceof Double || b instanceof Double) {
            return a instanceof Number && b instanceof Number
                && Math.abs(((Number) a).doubleValue() - ((Number) b).doubleValue()) <= tol;
        }
        if (a instanceof java.util.List && b instanceof java.util.List) {
            java.util.List<?> x = (java.util.List<?>) a, y = (java.util.List<?>) b;
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!eq(x.get(i), y.get(i), tol)) return false;
            return true;
        }
        if (a instanceof java.util.Optional && b instanceof java.util.Optional) {
            java.util.Optional<?> x = (java.util.Optional<?>) a, y = (java.util.Optional<?>) b;
            if (x.isPresent() != y.isPresent()) return false;
            return !x.isPresent() || eq(x.get(), y.get(), tol);
        }
        return java.util.Objects.equals(a, b);
    }
    static void check(int i, boolean ok) {
        if (!ok) throw new AssertionError("test " + i + " failed");
    }
"""

_CPP_HELPERS = """\
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>
static bool approx_eq(double a, double b, double tol) { return std::fabs(a - b) <= tol; }
static bool approx_eq(const std::vector<double>& a, const std::vector<double>& b, double tol) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) if (std::fabs(a[i] - b[i]) > tol) return false;
    return true;
}
static bool approx_eq(const std::optional<double>& a, const std::optional<double>& b, double tol) {
    if (a.has_value() != b.has_value()) return false;
    return !a.has_value() || std::fabs(*a - *b) <= tol;
}
"""

#: The file each language's test program is written to.
PROGRAM_FILE = {"javascript": "test.js", "java": "Main.java", "cpp": "test.cpp"}


def build_program(
    prompt: str, candidate: str, entry_point: str, signature: Signature, cases: list[Case], lang: str
) -> str:
    """A complete program: ``prompt + candidate``, then code that runs every case and fails on the first miss."""
    name = function_name(entry_point, lang)
    has_float = signature.returns.contains("float")
    lines: list[str] = []
    for k, case in enumerate(cases):
        args = ", ".join(literal(v, t, lang) for v, (_, t) in zip(case.args, signature.params))
        expected = literal(case.expected, signature.returns, lang)
        tol = (case.tol if case.tol is not None else FLOAT_TOL) if has_float else 0.0
        if lang == "javascript":
            lines.append(f"__check({k}, __eq({name}({args}), {expected}, {tol!r}));")
        elif lang == "java":
            lines.append(f"        check({k}, eq(s.{name}({args}), {expected}, {tol!r}));")
        else:
            test = f"approx_eq({name}({args}), {expected}, {tol!r})" if has_float else f"{name}({args}) == {expected}"
            lines.append(f'    if (!({test})) {{ std::printf("test {k} failed\\n"); return 1; }}')
    body = "\n".join(lines)
    code = prompt + candidate
    if not code.endswith("\n"):
        code += "\n"
    if lang == "javascript":
        return f"{code}\n{_JS_HELPERS}\n{body}\n"
    if lang == "java":
        return (
            f"{code}\npublic class Main {{\n{_JAVA_HELPERS}\n    public static void main(String[] args) {{\n"
            f"        Solution s = new Solution();\n{body}\n    }}\n}}\n"
        )
    return f"{code}\n{_CPP_HELPERS}\nint main() {{\n{body}\n    return 0;\n}}\n"
