"""Per-problem type signatures, and Python values written as JavaScript, Java or C++ literals.

HumanEval's tests are Python: ``assert candidate([1.0, 2.0], 0.5) == True``. To run them against a Java or
C++ solution, the arguments and expected values must become literals of the target language, and for that
their static type must be known (``[1, 2]`` is ``List<Integer>`` in Java, ``vector<long long>`` in C++ if
the signature says so). Each problem therefore carries a small signature written in a language-neutral
notation::

    (numbers: list[float], threshold: float) -> bool

Types: ``int`` (32-bit), ``long`` (64-bit), ``float`` (a double), ``bool``, ``str``, ``list[T]``,
``optional[T]`` (may be None) and ``dict[K, V]``. Python tuples are accepted where a list is declared
(a returned pair becomes a two-element list, as in HumanEval-X).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import cast

from codebertscore.errors import InputError

_SCALARS = ("int", "long", "float", "bool", "str")
_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_JS_SAFE = 2**53 - 1


@dataclass(frozen=True)
class Type:
    """A type of the signature notation: a scalar name, or ``list``/``optional``/``dict`` with arguments."""

    name: str
    args: tuple[Type, ...] = ()

    def __str__(self) -> str:
        if not self.args:
            return self.name
        return f"{self.name}[{', '.join(str(a) for a in self.args)}]"

    def contains(self, name: str) -> bool:
        """Whether this type or one of its arguments is the scalar ``name`` (e.g. any ``float`` inside)."""
        return self.name == name or any(a.contains(name) for a in self.args)


@dataclass(frozen=True)
class Signature:
    """Parameter names and types, and the return type, of one problem's function."""

    params: tuple[tuple[str, Type], ...]
    returns: Type

    def __str__(self) -> str:
        inner = ", ".join(f"{n}: {t}" for n, t in self.params)
        return f"({inner}) -> {self.returns}"


def parse_type(text: str) -> Type:
    """Parse a type of the notation (``list[list[int]]``); raise :class:`InputError` on anything else."""
    pos, typ = _parse_type_at(text.replace(" ", ""), 0)
    if pos != len(text.replace(" ", "")):
        raise InputError(f"type {text!r}: unexpected text at position {pos}")
    return typ


def _parse_type_at(text: str, pos: int) -> tuple[int, Type]:
    m = re.compile(r"[a-z]+").match(text, pos)
    if not m:
        raise InputError(f"type {text!r}: expected a type name at position {pos}")
    name, pos = m.group(), m.end()
    arity = {"list": 1, "optional": 1, "dict": 2}.get(name, 0)
    if name not in _SCALARS and arity == 0:
        expected = ", ".join(_SCALARS) + ", list, optional, dict"
        raise InputError(f"type {text!r}: unknown type {name!r} (expected one of {expected})")
    if arity == 0:
        return pos, Type(name)
    if pos >= len(text) or text[pos] != "[":
        raise InputError(f"type {text!r}: {name} needs {arity} type argument(s) in brackets")
    args = []
    pos += 1
    for k in range(arity):
        pos, arg = _parse_type_at(text, pos)
        args.append(arg)
        want = "," if k < arity - 1 else "]"
        if pos >= len(text) or text[pos] != want:
            raise InputError(f"type {text!r}: expected {want!r} at position {pos}")
        pos += 1
    return pos, Type(name, tuple(args))


def parse_signature(text: str) -> Signature:
    """Parse ``(name: type, ...) -> type``."""
    m = re.fullmatch(r"\s*\((.*)\)\s*->\s*(.+?)\s*", text)
    if not m:
        raise InputError(f"signature {text!r}: expected '(name: type, ...) -> type'")
    params = []
    inner = m.group(1).strip()
    if inner:
        for part in _split_top(inner):
            name, sep, typ = part.partition(":")
            if not sep or not name.strip().isidentifier():
                raise InputError(f"signature {text!r}: expected 'name: type', got {part!r}")
            params.append((name.strip(), parse_type(typ)))
    return Signature(tuple(params), parse_type(m.group(2)))


def _split_top(text: str) -> list[str]:
    """Split on commas that are not inside brackets."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


# ---------------------------------------------------------------------------------------------- type names


def java_type(t: Type, boxed: bool = False) -> str:
    """The Java type for ``t`` (boxed inside generics)."""
    prim = {"int": ("int", "Integer"), "long": ("long", "Long"), "float": ("double", "Double"),
            "bool": ("boolean", "Boolean"), "str": ("String", "String")}
    if t.name in prim:
        return prim[t.name][1 if boxed else 0]
    if t.name == "list":
        return f"List<{java_type(t.args[0], True)}>"
    if t.name == "optional":
        return f"Optional<{java_type(t.args[0], True)}>"
    return f"Map<{java_type(t.args[0], True)}, {java_type(t.args[1], True)}>"


def cpp_type(t: Type) -> str:
    """The C++ type for ``t``."""
    prim = {"int": "int", "long": "long long", "float": "double", "bool": "bool", "str": "string"}
    if t.name in prim:
        return prim[t.name]
    if t.name == "list":
        return f"vector<{cpp_type(t.args[0])}>"
    if t.name == "optional":
        return f"optional<{cpp_type(t.args[0])}>"
    return f"map<{cpp_type(t.args[0])}, {cpp_type(t.args[1])}>"


# ------------------------------------------------------------------------------------------------ literals


def _escape(s: str, lang: str) -> str:
    out = []
    for ch in s:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif 32 <= code < 127:
            out.append(ch)
        elif lang == "cpp":
            raise InputError(f"string {s!r}: non-ASCII or control characters are not supported in C++ tests")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            raise InputError(f"string {s!r}: characters outside the BMP are not supported")
    return '"' + "".join(out) + '"'


def check_value(value: object, t: Type, where: str = "value") -> None:
    """Raise :class:`InputError` unless ``value`` is a Python value of type ``t`` (ranges checked)."""
    name = t.name
    ok = True
    if name in ("int", "long"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        lo, hi = _INT32 if name == "int" else _INT64
        if isinstance(value, int) and ok and not lo <= value <= hi:
            raise InputError(f"{where}: {value!r} does not fit a 32-bit {name}" if name == "int" else
                             f"{where}: {value!r} does not fit a 64-bit long")
    elif name == "float":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    elif name == "bool":
        ok = isinstance(value, bool)
    elif name == "str":
        ok = isinstance(value, str)
    elif name == "list":
        ok = isinstance(value, (list, tuple))
        if isinstance(value, (list, tuple)):
            for k, item in enumerate(value):
                check_value(item, t.args[0], f"{where}[{k}]")
    elif name == "optional":
        if value is not None:
            check_value(value, t.args[0], where)
    elif name == "dict":
        ok = isinstance(value, dict)
        if isinstance(value, dict):
            for k, v in value.items():
                check_value(k, t.args[0], f"{where} key")
                check_value(v, t.args[1], f"{where}[{k!r}]")
    if not ok:
        raise InputError(f"{where}: expected a value of type {t}, got {value!r}")


def _float_text(value: float) -> str:
    text = repr(float(value))
    return text if ("." in text or "e" in text) else text + ".0"


def literal(value: object, t: Type, lang: str, *, doc: bool = False) -> str:
    """Write the Python ``value`` of type ``t`` as a ``lang`` expression.

    ``doc=True`` gives the short form used in doc comments (``{1, 2}`` in C++, ``Arrays.asList(1, 2)``
    in Java) rather than the fully typed form the test programs need.
    """
    check_value(value, t)
    # check_value has just proved that ``value`` has the Python type of ``t``: the casts below only tell mypy so
    name = t.name
    if name in ("int", "long"):
        n = cast(int, value)
        if lang == "javascript" and abs(n) > _JS_SAFE:
            raise InputError(f"value {n!r}: beyond JavaScript's exact integer range")
        if lang == "java" and name == "long" and not doc:
            return f"{n}L"
        if lang == "cpp" and name == "long" and not _INT32[0] <= n <= _INT32[1]:
            return f"{n}LL"
        return str(n)
    if name == "float":
        return _float_text(cast(float, value))
    if name == "bool":
        return "true" if value else "false"
    if name == "str":
        return _escape(cast(str, value), lang)
    if name == "list":
        seq = cast("list[object] | tuple[object, ...]", value)
        items = ", ".join(literal(v, t.args[0], lang, doc=doc) for v in seq)
        if lang == "javascript":
            return f"[{items}]"
        if lang == "cpp":
            return "{" + items + "}" if doc else f"{cpp_type(t)}{{{items}}}"
        if doc:
            return f"Arrays.asList({items})"
        inner = java_type(t.args[0], True)
        return f"new ArrayList<{inner}>(Arrays.asList({items}))" if items else f"new ArrayList<{inner}>()"
    if name == "optional":
        if value is None:
            return {"javascript": "null", "java": "Optional.empty()", "cpp": "nullopt"}[lang]
        inner = literal(value, t.args[0], lang, doc=doc)
        if lang == "java":
            return f"Optional.of({inner})"
        if lang == "cpp" and not doc:
            return f"{cpp_type(t)}({inner})"
        return inner
    # dict
    mapping = cast("dict[object, object]", value)
    pairs = [(literal(k, t.args[0], lang, doc=doc), literal(v, t.args[1], lang, doc=doc)) for k, v in mapping.items()]
    if lang == "javascript":
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    if lang == "cpp":
        body = "{" + ", ".join(f"{{{k}, {v}}}" for k, v in pairs) + "}"
        return body if doc else f"{cpp_type(t)}{body}"
    entries = ", ".join(f"Map.entry({k}, {v})" for k, v in pairs)
    if doc:
        return f"Map.of({', '.join(f'{k}, {v}' for k, v in pairs)})"
    kt, vt = java_type(t.args[0], True), java_type(t.args[1], True)
    return f"new HashMap<{kt}, {vt}>(Map.ofEntries({entries}))" if pairs else f"new HashMap<{kt}, {vt}>()"


# ------------------------------------------------------------------------------------------- name styles


def camel_case(name: str) -> str:
    """``has_close_elements`` -> ``hasCloseElements`` (names without underscores are kept)."""
    head, *rest = name.split("_")
    if not rest:
        return name
    return head + "".join(p[:1].upper() + p[1:] for p in rest if p)


def infer_type(values: list[object], where: str = "values") -> Type:
    """The narrowest type of the notation that all ``values`` have (used to draft signatures).

    Raises :class:`InputError` for mixed types the notation cannot express (e.g. ints and strings).
    """
    known = [v for v in values]
    if not known:
        raise InputError(f"{where}: no values to infer a type from")
    has_none = any(v is None for v in known)
    rest = [v for v in known if v is not None]
    if not rest:
        raise InputError(f"{where}: only None values")
    if all(isinstance(v, bool) for v in rest):
        inner = Type("bool")
    elif all(isinstance(v, int) and not isinstance(v, bool) for v in rest):
        big = any(not _INT32[0] <= v <= _INT32[1] for v in rest if isinstance(v, int))
        inner = Type("long" if big else "int")
    elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in rest):
        inner = Type("float")
    elif all(isinstance(v, str) for v in rest):
        inner = Type("str")
    elif all(isinstance(v, (list, tuple)) for v in rest):
        items = [x for v in rest if isinstance(v, (list, tuple)) for x in v]
        inner = Type("list", (infer_type(items, where + " items") if items else Type("int"),))
    elif all(isinstance(v, dict) for v in rest):
        keys = [k for v in rest if isinstance(v, dict) for k in v]
        vals = [x for v in rest if isinstance(v, dict) for x in v.values()]
        kt = infer_type(keys, where + " keys") if keys else Type("str")
        vt = infer_type(vals, where + " values") if vals else Type("int")
        inner = Type("dict", (kt, vt))
    else:
        kinds = sorted({type(v).__name__ for v in rest})
        raise InputError(f"{where}: mixed types {kinds} cannot be expressed in one signature type")
    return Type("optional", (inner,)) if has_none else inner
