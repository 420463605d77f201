"""Single injected faults in JavaScript, Java and C++ code (:data:`MUTATIONS`; see
:mod:`codebertscore.devset.multilang.edit`)."""

from __future__ import annotations

import random
import re

from codebertscore.devset.multilang.edit import (
    Context,
    Edit,
    Toks,
    code_lines,
    indent_of,
    pick,
    pick_one,
)
from codebertscore.devset.multilang.rewrites import declared_names, statement_end

_COMPARE = {"<": ("<=", ">"), "<=": ("<", ">="), ">": (">=", "<"), ">=": (">", "<="), "==": ("!=",),
            "!=": ("==",), "===": ("!==",), "!==": ("===",)}
_ARITH = {"+": ("-",), "-": ("+",), "*": ("/", "+"), "/": ("*",), "%": ("/",), "+=": ("-=",), "-=": ("+=",),
          "*=": ("+=",)}

def compare_op(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Swap one comparison operator (``<`` -> ``<=`` or ``>``, ``==`` -> ``!=`` ...)."""
    t = Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.kind(k) == "op" and t.text(k) in _COMPARE and not t.is_generic_angle(k)]
    k = pick(rng, sites)
    if k is None:
        return None
    return t.replace({k: pick_one(rng, list(_COMPARE[t.text(k)]))})


def arith_op(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Swap one binary arithmetic operator (``+`` <-> ``-``, ``*`` -> ``/`` ...), not string concatenation."""
    t = Toks(code, ctx.lang)
    sites = []
    for k in range(len(t.sig)):
        x = t.text(k)
        if t.kind(k) != "op" or x not in _ARITH:
            continue
        if x in ("+", "-", "*", "/", "%") and not t.is_binary(k):
            continue
        if x in ("+", "+=") and (
            t.kind(k - 1) in ("string", "template") or t.kind(k + 1) in ("string", "template", "char")
        ):
            continue
        sites.append(k)
    at = pick(rng, sites)
    if at is None:
        return None
    return t.replace({at: pick_one(rng, list(_ARITH[t.text(at)]))})


def constant(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Change one integer literal by one (``0`` -> ``1``, ``2`` -> ``1`` or ``3``)."""
    t = Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.kind(k) == "number" and re.fullmatch(r"\d+", t.text(k))]
    k = pick(rng, sites)
    if k is None:
        return None
    value = int(t.text(k))
    new = value + 1 if value == 0 or rng.random() < 0.5 else value - 1
    return t.replace({k: str(new)})


def off_by_one(code: str, ctx: Context, rng: random.Random) -> str | None:
    """An off-by-one loop bound: in a ``for`` header, ``<`` <-> ``<=`` / ``>`` <-> ``>=``, or start 0 <-> 1."""
    t = Toks(code, ctx.lang)
    sites: list[tuple[int, str]] = []
    for k in range(len(t.sig)):
        if t.text(k) not in ("for", "while") or t.text(k + 1) != "(":
            continue
        close = t.match(k + 1)
        if close is None:
            continue
        for j in range(k + 2, close):
            x = t.text(j)
            if x in ("<", "<=", ">", ">=") and not t.is_generic_angle(j):
                sites.append((j, {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}[x]))
            if t.kind(j) == "number" and x in ("0", "1") and t.text(j - 1) == "=":
                sites.append((j, "1" if x == "0" else "0"))
    site = pick(rng, sites)
    if site is None:
        return None
    return t.replace({site[0]: site[1]})


def _statement_lines(code: str, lang: str) -> list[int]:
    """Indices of lines holding exactly one simple statement (ends with ``;``, no block, not a declaration)."""
    out = []
    decl = re.compile(
        r"^\s*(?:const\s+|final\s+|static\s+)?(?:int|long|double|float|char|bool|boolean|auto|var|let|const|String|string|"
        r"size_t|unsigned|vector|List|Map|map|set|Set|ArrayList|HashMap|StringBuilder|StringBuffer|Optional|optional|"
        r"pair|Integer|Long|Double|Character|Boolean|Deque|ArrayDeque|Stack|Queue|stack|queue|deque|unordered_map|"
        r"unordered_set|HashSet|TreeMap|TreeSet|istringstream|stringstream|ostringstream)\b"
    )
    lines = code_lines(code)
    for k, line in enumerate(lines):
        s = line.strip()
        if not s.endswith(";") or s.count(";") != 1 or "{" in s or "}" in s:
            continue
        above = next((x.strip() for x in reversed(lines[:k]) if x.strip()), "")
        if above.endswith(")") or above == "else" or above.endswith(" else"):
            continue  # the only statement of a brace-less if/loop/else: deleting it breaks the syntax
        if decl.match(line) or s.startswith(("return", "for", "if", "while", "else")):
            continue
        if re.match(r"^[A-Za-z_][\w<>,\s\[\]:]*\s+[A-Za-z_]\w*\s*(=|;)", s) and not re.match(r"^\w+\s*[-+*/%]?=", s):
            continue  # "Type name = ...": a declaration with a type name we do not list
        out.append(k)
    return out


def drop_statement(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Delete one simple statement (an assignment, a call, an increment, ``break;``)."""
    lines = code_lines(code)
    k = pick(rng, _statement_lines(code, ctx.lang))
    if k is None:
        return None
    return "\n".join(lines[:k] + lines[k + 1 :])


def swap_statements(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Swap two adjacent single-line statements at the same indentation (declarations included)."""
    lines = code_lines(code)
    pairs = []
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        sa, sb = a.strip(), b.strip()
        if not (sa.endswith(";") and sb.endswith(";")) or indent_of(a) != indent_of(b) or sa == sb:
            continue
        if any(x.count(";") != 1 or "{" in x or "}" in x for x in (sa, sb)):
            continue
        if sa.startswith(("for", "if", "while", "else")) or sb.startswith(("for", "if", "while", "else")):
            continue
        if sb.startswith("return") or sa.startswith("return"):
            continue
        # the second must not use a name the first declares (that would only make a compile error)
        declared = declared_names(sa, ctx.lang)
        words = set(re.findall(r"[A-Za-z_]\w*", sb))
        if declared and words.intersection(declared):
            continue
        pairs.append(k)
    at = pick(rng, pairs)
    if at is None:
        return None
    lines[at], lines[at + 1] = lines[at + 1], lines[at]
    return "\n".join(lines)


_EMPTY = {
    "javascript": {"list": "[]", "str": '""', "dict": "{}", "optional": "null"},
    "java": {"list": "new ArrayList<>()", "str": '""', "dict": "new HashMap<>()", "optional": "Optional.empty()"},
    "cpp": {"list": "{}", "str": '""', "dict": "{}", "optional": "nullopt"},
}


def wrong_return(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Make one ``return`` give a wrong value: flip a boolean, shift a number, negate, or return empty."""
    t = Toks(code, ctx.lang)
    sites = []
    for k in range(len(t.sig)):
        if t.text(k) != "return":
            continue
        end = statement_end(t, k + 1)
        if end is None or end == k + 1:
            continue
        sites.append((k, end))
    site = pick(rng, sites)
    if site is None:
        return None
    k, end = site
    expr = t.source(k + 1, end - 1).strip()
    ret = ctx.returns
    name = ret.name if ret is not None else ""
    if expr in ("true", "false"):
        new = "false" if expr == "true" else "true"
    elif re.fullmatch(r"-?\d+", expr):
        new = str(int(expr) + (1 if rng.random() < 0.5 or expr == "0" else -1))
    elif name == "bool":
        new = f"!({expr})"
    elif name in ("int", "long"):
        new = f"{expr} + 1" if rng.random() < 0.5 else f"{expr} - 1"
    elif name == "float":
        new = f"{expr} * 2"
    elif name in _EMPTY[ctx.lang] and expr != _EMPTY[ctx.lang][name]:
        new = _EMPTY[ctx.lang][name]
    else:
        return None
    return t.splice(k + 1, end - 1, new)


def logic_op(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Swap one ``&&`` with ``||`` or the other way round."""
    t = Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.text(k) in ("&&", "||")]
    k = pick(rng, sites)
    if k is None:
        return None
    return t.replace({k: "||" if t.text(k) == "&&" else "&&"})


def negate_condition(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Negate the condition of one ``if`` (``if (c)`` -> ``if (!(c))``)."""
    t = Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.text(k) == "if" and t.text(k + 1) == "("]
    k = pick(rng, sites)
    if k is None:
        return None
    close = t.match(k + 1)
    if close is None:
        return None
    cond = t.source(k + 2, close - 1).strip()
    if cond.startswith("!") and t.text(k + 3) == "(" and t.match(k + 3) == close - 1:
        return t.splice(k + 2, close - 1, cond[2:-1])
    new = f"!{cond}" if t.kind(k + 2) == "ident" and close == k + 3 else f"!({cond})"
    return t.splice(k + 2, close - 1, new)


MUTATIONS: dict[str, Edit] = {
    "compare_op": compare_op,
    "arith_op": arith_op,
    "constant": constant,
    "off_by_one": off_by_one,
    "drop_statement": drop_statement,
    "swap_statements": swap_statements,
    "wrong_return": wrong_return,
    "logic_op": logic_op,
    "negate_condition": negate_condition,
}
