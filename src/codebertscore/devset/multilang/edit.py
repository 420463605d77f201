"""Token-level rewrites and faults for JavaScript, Java and C++ candidates.

Two families, each a dict from a name to a function ``(code, ctx, rng) -> str | None`` (None when the
edit does not apply to this code):

* :data:`REWRITES` keep the meaning: rename local variables, reformat (brace style, spacing, indentation,
  braces around single statements), ``i++`` <-> ``i += 1`` <-> ``i = i + 1``, ``for`` <-> ``while``, ternary
  <-> ``if``/``else``.
* :data:`MUTATIONS` inject one plausible fault: a comparison or arithmetic operator swapped, a constant off
  by one, an off-by-one loop bound, a dropped or swapped statement, a wrong return value, ``&&`` <-> ``||``.

Every function is deterministic given ``rng`` (a :class:`random.Random`), works on the tokens of
:mod:`codebertscore.devset.multilang.lexer` (so strings and comments are never edited by accident), and
returns code that differs from its input, or None. Whether a rewrite really kept the meaning, or a fault
really broke it, is settled later by running the tests: labels never come from the edit's name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from codebertscore.devset.multilang.lexer import KEYWORDS, TYPE_KEYWORDS, Token, detokenize, tokenize
from codebertscore.devset.multilang.signatures import Type

_COMPARE = {"<": ("<=", ">"), "<=": ("<", ">="), ">": (">=", "<"), ">=": (">", "<="), "==": ("!=",),
            "!=": ("==",), "===": ("!==",), "!==": ("===",)}
_ARITH = {"+": ("-",), "-": ("+",), "*": ("/", "+"), "/": ("*",), "%": ("/",), "+=": ("-=",), "-=": ("+=",),
          "*=": ("+=",)}
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_OPERAND_END = ("ident", "number", "string", "char", "template")
#: Tokens after which an identifier is a member (or qualified) name rather than a variable.
_MEMBER = {"javascript": (".", "?."), "java": (".", "::"), "cpp": (".", "::", "->")}

#: Names a renamed variable may get, by the role its old name suggests; anything else takes a generic one.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "result": ("res", "out", "ans", "output", "ret"),
    "res": ("result", "out", "ans", "acc"),
    "ans": ("result", "res", "answer"),
    "out": ("result", "res", "output"),
    "count": ("cnt", "total", "num", "counter", "c"),
    "cnt": ("count", "total", "counter"),
    "total": ("sum", "acc", "s", "result"),
    "sum": ("total", "acc", "s", "summ"),
    "i": ("j", "k", "idx", "index", "ii", "pos"),
    "j": ("k", "jj", "m", "inner", "idx2"),
    "k": ("j", "t", "step", "kk"),
    "x": ("v", "val", "item", "e", "elem", "num"),
    "n": ("m", "num", "size", "len", "cnt"),
    "s": ("str", "text", "st", "word"),
    "c": ("ch", "chr", "letter", "character"),
    "ch": ("c", "letter", "character", "symbol"),
    "word": ("w", "token", "part", "item"),
    "words": ("parts", "tokens", "items", "pieces"),
    "max": ("best", "mx", "maximum", "hi"),
    "min": ("lo", "mn", "minimum", "least"),
    "sorted": ("ordered", "sorted_vals", "copy", "arr"),
}
_GENERIC = ("tmp", "val", "acc", "cur", "curr", "temp", "value", "item", "aux", "buf", "data", "elem",
            "num", "a1", "b1", "t", "p", "q", "r", "z", "w", "u")


@dataclass(frozen=True)
class Context:
    """What an edit needs to know besides the code: the language, the result type, names it must not take."""

    lang: str
    returns: Type | None = None
    reserved: frozenset[str] = field(default_factory=frozenset)
    #: parameter name -> type, from the signature (an index loop needs to know what can be indexed)
    params: tuple[tuple[str, Type], ...] = ()


Edit = Callable[[str, Context, random.Random], "str | None"]


# ----------------------------------------------------------------------------------------- token helpers


class _Toks:
    """Tokens of one piece of code, with navigation over the meaningful ones."""

    def __init__(self, code: str, lang: str) -> None:
        self.lang = lang
        self.toks: list[Token] = tokenize(code, lang)
        self.sig: list[int] = [i for i, t in enumerate(self.toks) if not t.is_space]
        self.pos = {ti: k for k, ti in enumerate(self.sig)}

    def text(self, k: int) -> str:
        """Text of the k-th meaningful token ("" outside the range)."""
        return self.toks[self.sig[k]].text if 0 <= k < len(self.sig) else ""

    def kind(self, k: int) -> str:
        return self.toks[self.sig[k]].kind if 0 <= k < len(self.sig) else ""

    def match(self, k: int) -> int | None:
        """Index (meaningful-token index) of the bracket matching the one at k, or None."""
        t = self.text(k)
        if t in _OPEN:
            step, want, other = 1, _OPEN[t], t
        elif t in _CLOSE:
            step, want, other = -1, _CLOSE[t], t
        else:
            return None
        depth = 0
        j = k
        while 0 <= j < len(self.sig):
            x = self.text(j)
            if x == other:
                depth += 1
            elif x == want:
                depth -= 1
                if depth == 0:
                    return j
            j += step
        return None

    def replace(self, edits: dict[int, str]) -> str:
        """Code with the meaningful tokens at the given indices replaced (by arbitrary text)."""
        out = [t.text for t in self.toks]
        for k, new in edits.items():
            out[self.sig[k]] = new
        return "".join(out)

    def splice(self, k0: int, k1: int, new: str) -> str:
        """Code with meaningful tokens k0..k1 (inclusive, and everything between them) replaced by ``new``."""
        a, b = self.sig[k0], self.sig[k1]
        return "".join(t.text for t in self.toks[:a]) + new + "".join(t.text for t in self.toks[b + 1 :])

    def source(self, k0: int, k1: int) -> str:
        """The exact source of meaningful tokens k0..k1 inclusive ("" when k1 < k0)."""
        if k1 < k0:
            return ""
        return "".join(t.text for t in self.toks[self.sig[k0] : self.sig[k1] + 1])

    def is_generic_angle(self, k: int) -> bool:
        """Whether ``<``/``>`` at k is a generic/template bracket rather than a comparison."""
        t = self.text(k)
        allowed_kinds = ("ident", "keyword")
        allowed = {",", "::", "?", "&", "*", "<", ">", ">>", ".", "[", "]"}
        if t == "<":
            if self.kind(k - 1) != "ident" and self.text(k - 1) not in ("template",):
                return False
            depth = 0
            for j in range(k, min(len(self.sig), k + 40)):
                x = self.text(j)
                if x == "<":
                    depth += 1
                elif x in (">", ">>"):
                    depth -= 1 if x == ">" else 2
                    if depth <= 0:
                        return True
                elif not (self.kind(j) in allowed_kinds or x in allowed):
                    return False
            return False
        if t in (">", ">>"):
            depth = 0
            for j in range(k, max(-1, k - 40), -1):
                x = self.text(j)
                if x in (">", ">>"):
                    depth += 1 if x == ">" else 2
                elif x == "<":
                    depth -= 1
                    if depth <= 0:
                        return self.kind(j - 1) == "ident"
                elif not (self.kind(j) in allowed_kinds or x in allowed):
                    return False
            return False
        return False

    def is_binary(self, k: int) -> bool:
        """Whether the operator at k has an operand on its left (so it is binary, not unary)."""
        prev = self.text(k - 1)
        return self.kind(k - 1) in _OPERAND_END or prev in (")", "]") or (
            self.kind(k - 1) == "keyword" and prev in ("true", "false", "null", "this", "undefined", "nullptr")
        )


def _lines(code: str) -> list[str]:
    return code.split("\n")


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _pick(rng: random.Random, items: list):  # type: ignore[no-untyped-def]
    return items[rng.randrange(len(items))] if items else None


# ---------------------------------------------------------------------------------------------- rewrites


def declared_names(code: str, lang: str) -> list[str]:
    """Names that ``code`` declares (local variables, loop variables, lambda/arrow parameters), in order."""
    t = _Toks(code, lang)
    found: list[str] = []
    n = len(t.sig)
    type_kw = TYPE_KEYWORDS[lang]
    for k in range(n):
        if t.kind(k) != "ident":
            continue
        name, prev, nxt = t.text(k), t.text(k - 1), t.text(k + 1)
        if t.text(k - 1) in _MEMBER[lang] or nxt == "(":
            continue
        declared = False
        if lang == "javascript":
            declared = prev in ("let", "const", "var")
            if not declared and prev in ("[", ",", "{"):  # const [a, b] = ... / const {a, b} = ...
                j = k - 1
                while j > 0 and (t.kind(j) == "ident" or t.text(j) == ","):
                    j -= 1
                declared = t.text(j - 1) in ("let", "const", "var") and t.text(j) in ("[", "{")
        else:
            terminal = nxt in ("=", ";", ",", ")", ":", "[") and not (nxt == "[" and lang == "java")
            if terminal:
                if t.kind(k - 1) == "keyword" and prev in type_kw:
                    declared = True
                elif t.kind(k - 1) == "ident" and t.text(k - 2) not in ("new", "return", "case", "throw", "goto"):
                    declared = True
                elif prev in (">", ">>") and t.is_generic_angle(k - 1):
                    declared = True
                elif prev == "]" and t.text(k - 2) == "[":  # int[] a
                    declared = True
                elif lang == "cpp" and prev in ("&", "*", "&&"):
                    p2, p3 = t.text(k - 2), t.text(k - 3)
                    typed = p2 in type_kw or p2 in _CPP_TYPES or (p2 in (">", ">>") and t.is_generic_angle(k - 2))
                    declared = typed or (t.kind(k - 2) == "ident" and p3 == "const")
        if not declared and nxt in ("=>", "->") and not (lang == "cpp" and nxt == "->"):
            declared = True
        if declared and name not in found:
            found.append(name)
    # parenthesised lambda / arrow parameters: (a, b) => ... / (a, b) -> ...
    for k in range(n):
        if t.text(k) in ("=>", "->") and t.text(k - 1) == ")" and not (lang == "cpp"):
            start = t.match(k - 1)
            if start is None:
                continue
            for j in range(start + 1, k - 1):
                if t.kind(j) == "ident" and t.text(j + 1) in (",", ")", "=") and t.text(j - 1) != ".":
                    if t.text(j) not in found:
                        found.append(t.text(j))
    return found


def _fresh_name(old: str, taken: set[str], lang: str, rng: random.Random) -> str | None:
    options = [o for o in _SYNONYMS.get(old, ()) if o not in taken and o not in KEYWORDS[lang]]
    if not options or rng.random() < 0.25:
        options += [g for g in _GENERIC if g not in taken and g not in KEYWORDS[lang]]
    # keep the language's naming style for compound names
    if "_" in old and lang != "cpp":
        options.append(re.sub(r"_([a-z])", lambda m: m.group(1).upper(), old))
    elif re.search(r"[a-z][A-Z]", old):
        options.append(re.sub(r"([a-z])([A-Z])", lambda m: m.group(1) + "_" + m.group(2).lower(), old))
    options = [o for o in options if o not in taken and o != old and o not in KEYWORDS[lang]]
    return _pick(rng, options)


_CPP_TYPES = frozenset({"string", "size_t"})

_API_NAMES = frozenset(
    """std string vector map set Math Object Array String Integer Long Double Boolean Character List ArrayList
    Arrays Collections HashMap HashSet Map Set Optional Collectors IntStream Stream System console JSON Number
    size length push get add abs max min sort str to_string stoi""".split()
)


def rename_locals(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Give some locally declared variables other plausible names, consistently throughout the code."""
    lang = ctx.lang
    names = [n for n in declared_names(code, lang) if n not in ctx.reserved and n not in _API_NAMES]
    t = _Toks(code, lang)
    templates = [tok.text for tok in t.toks if tok.kind == "template"]
    names = [n for n in names if not any(n in s for s in templates)]
    if not names:
        return None
    chosen = [n for n in names if rng.random() < 0.7] or [_pick(rng, names)]
    taken = {tok.text for tok in t.toks if tok.kind in ("ident", "keyword")} | set(ctx.reserved) | set(_API_NAMES)
    mapping: dict[str, str] = {}
    for old in chosen:
        new = _fresh_name(old, taken, lang, rng)
        if new is None:
            continue
        mapping[old] = new
        taken.add(new)
    if not mapping:
        return None
    edits = {}
    for k in range(len(t.sig)):
        if t.kind(k) == "ident" and t.text(k) in mapping and t.text(k - 1) not in _MEMBER[lang]:
            if lang == "javascript" and t.text(k + 1) == ":" and t.text(k - 1) in ("{", ","):
                continue  # an object-literal key, not the variable
            edits[k] = mapping[t.text(k)]
    return t.replace(edits) if edits else None


def _reindent(code: str, unit: str, base: int) -> str:
    out = []
    for line in _lines(code):
        if not line.strip():
            out.append(line)
            continue
        lead = len(line) - len(line.lstrip(" "))
        levels, extra = divmod(lead, 4)
        out.append(unit * levels + " " * extra + line.lstrip(" "))
    return "\n".join(out)


def _allman(code: str) -> str | None:
    """Move a ``{`` that ends a control/declaration line onto its own line."""
    out, changed = [], False
    for line in _lines(code):
        stripped = line.rstrip()
        head = stripped[:-1].rstrip()
        opens_block = head and not head.endswith(("=", "(", ",", "=>", "return")) and not head.startswith("}")
        if stripped.endswith("{") and opens_block:
            out.append(head)
            out.append(_indent(line) + "{")
            changed = True
        elif stripped.endswith("{") and head.startswith("} else"):
            out.append(_indent(line) + "}")
            out.append(_indent(line) + head[1:].strip())
            out.append(_indent(line) + "{")
            changed = True
        else:
            out.append(line)
    return "\n".join(out) if changed else None


def _knr(code: str) -> str | None:
    """Join a ``{`` that stands alone on its line to the end of the line above."""
    lines = _lines(code)
    out: list[str] = []
    changed = False
    for line in lines:
        if line.strip() == "{" and out and out[-1].strip() and not out[-1].rstrip().endswith((";", "{", "}")):
            out[-1] = out[-1].rstrip() + " {"
            changed = True
        else:
            out.append(line)
    return "\n".join(out) if changed else None


_SPACED = {"=", "+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "===", "!==", "&&", "||", "+=", "-=",
           "*=", "/=", "?", ":", "=>", "->"}


def _spacing(code: str, ctx: Context, compact: bool) -> str | None:
    """Remove (compact) or insert single spaces around binary operators and after commas/keywords."""
    t = _Toks(code, ctx.lang)
    out = [tok.text for tok in t.toks]
    changed = False
    for k in range(len(t.sig)):
        x = t.text(k)
        i = t.sig[k]
        binary = x in _SPACED and (t.is_binary(k) or x in ("=>", "->", "?", ":"))
        if x in ("<", ">", ">>") and t.is_generic_angle(k):
            binary = False
        if x == ":" and ctx.lang == "cpp" and t.text(k + 1) == ":":
            binary = False
        if x in ("-", "+") and not t.is_binary(k):
            binary = False
        if x == "->" and ctx.lang == "cpp":
            binary = False
        if binary:
            for side in (i - 1, i + 1):
                if 0 <= side < len(t.toks) and t.toks[side].kind == "ws" and compact:
                    if out[side] != "":
                        out[side] = ""
                        changed = True
            if not compact:
                if i > 0 and t.toks[i - 1].kind not in ("ws", "nl"):
                    out[i] = " " + out[i]
                    changed = True
                if i + 1 < len(t.toks) and t.toks[i + 1].kind not in ("ws", "nl"):
                    out[i] = out[i] + " "
                    changed = True
        elif x == "," and not compact and i + 1 < len(t.toks) and t.toks[i + 1].kind not in ("ws", "nl"):
            out[i] = ", "
            changed = True
        elif x in ("if", "for", "while", "switch") and t.text(k + 1) == "(":
            if compact and i + 1 < len(t.toks) and t.toks[i + 1].kind == "ws":
                out[i + 1] = ""
                changed = True
            elif not compact and t.toks[i + 1].kind != "ws":
                out[i] = x + " "
                changed = True
    return "".join(out) if changed else None


def _drop_braces(code: str) -> str | None:
    """``if (c) {`` / one statement / ``}`` -> ``if (c)`` / the statement (the block braces removed).

    Only when the block holds one simple statement that is not itself an ``if``/loop (no dangling else).
    """
    lines = _lines(code)
    out: list[str] = []
    k = 0
    changed = False
    opener = re.compile(r"^\s*(?:\}\s*)?(?:(?:else\s+)?if\s*\(|for\s*\(|while\s*\(|else\s*\{)")
    declaration = re.compile(
        r"^\s*(int|long|double|float|char|bool|boolean|auto|var|let|const|String|string)\b"
    )
    while k < len(lines):
        line = lines[k]
        body = lines[k + 1].strip() if k + 1 < len(lines) else ""
        if (
            k + 2 < len(lines)
            and opener.match(line)
            and line.rstrip().endswith("{")
            and lines[k + 2].strip() == "}"
            and body.endswith(";")
            and body.count(";") == 1
            and "{" not in body
            and not declaration.match(body)
            and not re.match(r"(if|for|while|else|do)\b", body)
        ):
            out.append(line.rstrip()[:-1].rstrip())
            out.append(lines[k + 1])
            k += 3
            changed = True
            continue
        out.append(line)
        k += 1
    return "\n".join(out) if changed else None


def reformat(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Change the layout only: brace style, spacing, indentation width, braces around single statements."""
    styles = ["allman", "knr", "compact", "spacious", "indent2", "tabs", "drop_braces"]
    rng.shuffle(styles)
    n = 1 + rng.randrange(2)
    result = code
    applied = 0
    for style in styles:
        new: str | None
        if style == "allman":
            new = _allman(result)
        elif style == "knr":
            new = _knr(result)
        elif style == "compact":
            new = _spacing(result, ctx, compact=True)
        elif style == "spacious":
            new = _spacing(result, ctx, compact=False)
        elif style == "indent2":
            new = _reindent(result, "  ", 4)
        elif style == "tabs":
            new = _reindent(result, "\t", 4)
        else:
            new = _drop_braces(result)
        if new is not None and new != result:
            result = new
            applied += 1
            if applied >= n:
                break
    return result if result != code else None


def _statement_bounds(t: _Toks, k: int) -> bool:
    """Whether the token at k starts an expression statement or a for-header clause."""
    return t.text(k - 1) in (";", "{", "}", "(", "") or t.kind(k - 1) == "keyword" and t.text(k - 1) in ("else", "do")


def incdec(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Rewrite increments/compound assignments: ``i++`` <-> ``i += 1`` <-> ``i = i + 1`` (one style for all)."""
    t = _Toks(code, ctx.lang)
    sites: list[tuple[int, int, str, str, str]] = []  # (k0, k1, var, op, rhs source)
    n = len(t.sig)
    k = 0
    while k < n:
        if not _statement_bounds(t, k):
            k += 1
            continue
        # x++ / x-- / ++x / --x
        if t.kind(k) == "ident" and t.text(k + 1) in ("++", "--") and t.text(k + 2) in (";", ")"):
            sites.append((k, k + 1, t.text(k), t.text(k + 1)[0], "1"))
            k += 2
            continue
        if t.text(k) in ("++", "--") and t.kind(k + 1) == "ident" and t.text(k + 2) in (";", ")"):
            sites.append((k, k + 1, t.text(k + 1), t.text(k)[0], "1"))
            k += 2
            continue
        # x += e / x -= e  (e a single token)
        if (
            t.kind(k) == "ident" and t.text(k + 1) in ("+=", "-=", "*=")
            and t.kind(k + 2) in ("ident", "number") and t.text(k + 3) in (";", ")")
        ):
            sites.append((k, k + 2, t.text(k), t.text(k + 1)[0], t.text(k + 2)))
            k += 3
            continue
        # x = x + e
        if (
            t.kind(k) == "ident" and t.text(k + 1) == "=" and t.text(k + 2) == t.text(k)
            and t.text(k + 3) in ("+", "-", "*") and t.kind(k + 4) in ("ident", "number") and t.text(k + 5) in (";", ")")
        ):
            sites.append((k, k + 4, t.text(k), t.text(k + 3), t.text(k + 4)))
            k += 5
            continue
        k += 1
    if not sites:
        return None
    styles = ["postfix", "compound", "long"]
    rng.shuffle(styles)
    for style in styles:
        pieces: list[tuple[int, int, str]] = []
        for k0, k1, var, op, rhs in sites:
            current = t.source(k0, k1)
            if style == "postfix":
                new = f"{var}{op}{op}" if rhs == "1" and op in "+-" else f"{var} {op}= {rhs}"
            elif style == "compound":
                new = f"{var} {op}= {rhs}"
            else:
                new = f"{var} = {var} {op} {rhs}"
            if new.replace(" ", "") != current.replace(" ", ""):
                pieces.append((k0, k1, new))
        if pieces:
            out = [tok.text for tok in t.toks]
            for k0, k1, new in pieces:
                a, b = t.sig[k0], t.sig[k1]
                out[a] = new
                for i in range(a + 1, b + 1):
                    out[i] = ""
            return "".join(out)
    return None


def _for_to_while(code: str, ctx: Context, rng: random.Random) -> str | None:
    t = _Toks(code, ctx.lang)
    sites = []
    for k in range(len(t.sig)):
        if t.text(k) != "for" or t.text(k + 1) != "(":
            continue
        close = t.match(k + 1)
        if close is None or t.text(close + 1) != "{":
            continue
        semis = [j for j in range(k + 2, close) if t.text(j) == ";" and _depth_between(t, k + 1, j) == 1]
        if len(semis) != 2:
            continue
        body_end = t.match(close + 1)
        if body_end is None:
            continue
        if any(t.text(j) == "continue" for j in range(close + 1, body_end)):
            continue
        sites.append((k, close, semis, body_end))
    site = _pick(rng, sites)
    if site is None:
        return None
    k, close, (s1, s2), body_end = site
    init = t.source(k + 2, s1 - 1).strip()
    cond = t.source(s1 + 1, s2 - 1).strip() or "true"
    step = t.source(s2 + 1, close - 1).strip()
    # the line's indentation, and the body's
    before = detokenize(t.toks[: t.sig[k]])
    indent = before[before.rfind("\n") + 1 :]
    indent = indent if not indent.strip() else _indent(indent)
    body = detokenize(t.toks[t.sig[close + 1] + 1 : t.sig[body_end]])  # raw text between the braces
    body_lines = [line for line in body.split("\n") if line.strip()]
    inner = _indent(body_lines[0]) if body_lines and "\n" in body else indent + "    "
    if "," in step and ctx.lang != "javascript":
        steps = [s.strip() for s in step.split(",")]
    else:
        steps = [step] if step else []
    # a variable declared in the init must not be declared again later in the code
    declared = [n for n in declared_names(init + ";", ctx.lang)]
    after = t.source(body_end + 1, len(t.sig) - 1)
    if any(n in declared_names(after, ctx.lang) for n in declared):
        return None
    parts = []
    if init:
        parts.append(f"{init};\n{indent}")
    parts.append(f"while ({cond}) {{")
    if "\n" in body:
        text = body.rstrip(" \t")
        parts.append(text if text.endswith("\n") else text + "\n")
        for s in steps:
            parts.append(f"{inner}{s};\n")
        parts.append(f"{indent}}}")
    else:
        parts.append(body.rstrip() + " " + " ".join(f"{s};" for s in steps) + " }")
    return t.splice(k, body_end, "".join(parts))


def _depth_between(t: _Toks, open_k: int, j: int) -> int:
    depth = 0
    for x in range(open_k, j):
        if t.text(x) in _OPEN:
            depth += 1
        elif t.text(x) in _CLOSE:
            depth -= 1
    return depth


def _while_to_for(code: str, ctx: Context, rng: random.Random) -> str | None:
    t = _Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.text(k) == "while" and t.text(k + 1) == "(" and t.text(k - 1) != "}"]
    # a do-while's "while" follows "}"; skip those
    k = _pick(rng, sites)
    if k is None:
        return None
    close = t.match(k + 1)
    if close is None:
        return None
    cond = t.source(k + 2, close - 1)
    return t.splice(k, close, f"for (; {cond.strip()}; )")


def loop_style(code: str, ctx: Context, rng: random.Random) -> str | None:
    """``for (init; cond; step) {...}`` -> ``init; while (cond) {...; step;}``, or ``while (c)`` -> ``for (; c; )``."""
    first, second = (_for_to_while, _while_to_for) if rng.random() < 0.8 else (_while_to_for, _for_to_while)
    return first(code, ctx, rng) or second(code, ctx, rng)


def _top_level(t: _Toks, k0: int, k1: int, texts: tuple[str, ...]) -> list[int]:
    out, depth = [], 0
    for j in range(k0, k1 + 1):
        x = t.text(j)
        if x in _OPEN:
            depth += 1
        elif x in _CLOSE:
            depth -= 1
        elif depth == 0 and x in texts:
            out.append(j)
    return out


def _statement_end(t: _Toks, k: int) -> int | None:
    """Index of the ``;`` that ends the statement starting at k (at bracket depth 0)."""
    depth = 0
    for j in range(k, len(t.sig)):
        x = t.text(j)
        if x in _OPEN:
            depth += 1
        elif x in _CLOSE:
            depth -= 1
            if depth < 0:
                return None
        elif x == ";" and depth == 0:
            return j
    return None


def _ternary_to_if(code: str, ctx: Context, rng: random.Random) -> str | None:
    t = _Toks(code, ctx.lang)
    sites = []
    for k in range(len(t.sig)):
        if t.text(k) == "return" or (t.kind(k) == "ident" and t.text(k + 1) == "=" and t.text(k - 1) in (";", "{", "}")):
            start = k + 1 if t.text(k) == "return" else k + 2
            end = _statement_end(t, start)
            if end is None:
                continue
            qs = _top_level(t, start, end - 1, ("?",))
            if len(qs) != 1:
                continue
            colons = _top_level(t, qs[0] + 1, end - 1, (":",))
            if len(colons) != 1:
                continue
            sites.append((k, start, qs[0], colons[0], end))
    site = _pick(rng, sites)
    if site is None:
        return None
    k, start, q, colon, end = site
    cond = t.source(start, q - 1).strip()
    a = t.source(q + 1, colon - 1).strip()
    b = t.source(colon + 1, end - 1).strip()
    if cond.startswith("(") and t.match(start) == q - 1:
        cond = cond[1:-1].strip()
    before = detokenize(t.toks[: t.sig[k]])
    indent = _indent(before[before.rfind("\n") + 1 :] + "x")
    lead = "return " if t.text(k) == "return" else f"{t.text(k)} = "
    new = (
        f"if ({cond}) {{\n{indent}    {lead}{a};\n{indent}}} else {{\n{indent}    {lead}{b};\n{indent}}}"
        if rng.random() < 0.5 or lead != "return "
        else f"if ({cond}) {{\n{indent}    {lead}{a};\n{indent}}}\n{indent}{lead}{b};"
    )
    return t.splice(k, end, new)


def _branch_return(t: _Toks, k: int) -> tuple[str, int] | None:
    """``return X;`` or ``{ return X; }`` starting at k: (X, index of the last token), else None."""
    if t.text(k) == "{":
        inner = _branch_return(t, k + 1)
        if inner is None or t.text(inner[1] + 1) != "}":
            return None
        return inner[0], inner[1] + 1
    if t.text(k) != "return":
        return None
    end = _statement_end(t, k + 1)
    if end is None or end == k + 1:
        return None
    return t.source(k + 1, end - 1).strip(), end


def _if_to_ternary(code: str, ctx: Context, rng: random.Random) -> str | None:
    t = _Toks(code, ctx.lang)
    sites = []
    for k in range(len(t.sig)):
        if t.text(k) != "if" or t.text(k + 1) != "(" or t.text(k - 1) not in (";", "{", "}", ""):
            continue  # only an if that is a statement of a block (not the body of a loop or an else)
        close = t.match(k + 1)
        if close is None:
            continue
        then = _branch_return(t, close + 1)
        if then is None:
            continue
        a, then_end = then
        if t.text(then_end + 1) == "else":
            other = _branch_return(t, then_end + 2)
        elif t.text(then_end + 1) == "return":
            other = _branch_return(t, then_end + 1)
            # only when that return is the last statement of its block
            if other is not None and t.text(other[1] + 1) not in ("}", ""):
                other = None
        else:
            other = None
        if other is None:
            continue
        b, end = other
        if any("?" in x for x in (a, b)):
            continue
        if ctx.lang == "cpp" and any(x.startswith("{") or x == "nullopt" for x in (a, b)):
            continue  # a braced list or nullopt has no type of its own in a C++ conditional expression
        sites.append((k, close, a, b, end))
    site = _pick(rng, sites)
    if site is None:
        return None
    k, close, a, b, end = site
    cond = t.source(k + 2, close - 1).strip()
    if " = " in f" {cond} ".replace("==", "").replace("<=", "").replace(">=", "").replace("!=", ""):
        return None
    if (a, b) == ("true", "false"):
        return t.splice(k, end, f"return {cond};")
    if (a, b) == ("false", "true"):
        return t.splice(k, end, f"return !({cond});")
    return t.splice(k, end, f"return {cond} ? {a} : {b};")


def ternary(code: str, ctx: Context, rng: random.Random) -> str | None:
    """``return c ? a : b;`` <-> ``if (c) { return a; } else { return b; }`` (also ``x = c ? a : b;``)."""
    first, second = (_ternary_to_if, _if_to_ternary) if rng.random() < 0.5 else (_if_to_ternary, _ternary_to_if)
    return first(code, ctx, rng) or second(code, ctx, rng)


def range_loop(code: str, ctx: Context, rng: random.Random) -> str | None:
    """``for (const x of arr)`` (JS) / ``for (auto x : v)`` (C++) -> an index loop over the same container."""
    if ctx.lang == "java":
        return None
    t = _Toks(code, ctx.lang)
    sites = []
    for k in range(len(t.sig)):
        if t.text(k) != "for" or t.text(k + 1) != "(":
            continue
        close = t.match(k + 1)
        if close is None or t.text(close + 1) != "{":
            continue
        if ctx.lang == "javascript":
            ok = t.text(k + 2) in ("const", "let") and t.kind(k + 3) == "ident" and t.text(k + 4) == "of"
            if ok and close == k + 6 and t.kind(k + 5) == "ident":
                sites.append((k, close, t.text(k + 2) + " " + t.text(k + 3), t.text(k + 5)))
        else:
            colon = [j for j in range(k + 2, close) if t.text(j) == ":"]
            c = colon[0] if len(colon) == 1 else -1
            if c > 0 and close == c + 2 and t.kind(c + 1) == "ident" and t.kind(c - 1) == "ident":
                decl = t.source(k + 2, colon[0] - 1).strip()
                sites.append((k, close, decl, t.text(colon[0] + 1)))
    indexable = {name for name, typ in ctx.params if typ.name in ("list", "str")}
    sites = [site for site in sites if site[3] in indexable]
    site = _pick(rng, sites)
    if site is None:
        return None
    k, close, decl, container = site
    taken = {tok.text for tok in t.toks} | set(ctx.reserved)
    index = next((c for c in ("i", "j", "k", "idx", "pos", "ii") if c not in taken), None)
    if index is None:
        return None
    before = detokenize(t.toks[: t.sig[close + 1]])
    line_start = before[before.rfind("\n") + 1 :]
    indent = _indent(line_start + "x")
    after_brace = t.toks[t.sig[close + 1] + 1 :]
    inner_indent = indent + "    "
    for j, tok in enumerate(after_brace):
        if tok.kind == "nl" and j + 1 < len(after_brace) and after_brace[j + 1].kind == "ws":
            inner_indent = after_brace[j + 1].text
            break
    if ctx.lang == "javascript":
        loop = f"for (let {index} = 0; {index} < {container}.length; {index}++)"
    else:
        loop = f"for (size_t {index} = 0; {index} < {container}.size(); {index}++)"
    return t.splice(k, close + 1, f"{loop} {{\n{inner_indent}{decl} = {container}[{index}];")


REWRITES: dict[str, Edit] = {
    "rename_locals": rename_locals,
    "reformat": reformat,
    "incdec": incdec,
    "loop_style": loop_style,
    "ternary": ternary,
    "range_loop": range_loop,
}


# --------------------------------------------------------------------------------------------- mutations


def compare_op(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Swap one comparison operator (``<`` -> ``<=`` or ``>``, ``==`` -> ``!=`` ...)."""
    t = _Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.kind(k) == "op" and t.text(k) in _COMPARE and not t.is_generic_angle(k)]
    k = _pick(rng, sites)
    if k is None:
        return None
    return t.replace({k: _pick(rng, list(_COMPARE[t.text(k)]))})


def arith_op(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Swap one binary arithmetic operator (``+`` <-> ``-``, ``*`` -> ``/`` ...), not string concatenation."""
    t = _Toks(code, ctx.lang)
    sites = []
    for k in range(len(t.sig)):
        x = t.text(k)
        if t.kind(k) != "op" or x not in _ARITH:
            continue
        if x in ("+", "-", "*", "/", "%") and not t.is_binary(k):
            continue
        if x in ("+", "+=") and (t.kind(k - 1) in ("string", "template") or t.kind(k + 1) in ("string", "template", "char")):
            continue
        sites.append(k)
    k = _pick(rng, sites)
    if k is None:
        return None
    return t.replace({k: _pick(rng, list(_ARITH[t.text(k)]))})


def constant(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Change one integer literal by one (``0`` -> ``1``, ``2`` -> ``1`` or ``3``)."""
    t = _Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.kind(k) == "number" and re.fullmatch(r"\d+", t.text(k))]
    k = _pick(rng, sites)
    if k is None:
        return None
    value = int(t.text(k))
    new = value + 1 if value == 0 or rng.random() < 0.5 else value - 1
    return t.replace({k: str(new)})


def off_by_one(code: str, ctx: Context, rng: random.Random) -> str | None:
    """An off-by-one loop bound: in a ``for`` header, ``<`` <-> ``<=`` / ``>`` <-> ``>=``, or start 0 <-> 1."""
    t = _Toks(code, ctx.lang)
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
    site = _pick(rng, sites)
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
    lines = _lines(code)
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
    lines = _lines(code)
    k = _pick(rng, _statement_lines(code, ctx.lang))
    if k is None:
        return None
    return "\n".join(lines[:k] + lines[k + 1 :])


def swap_statements(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Swap two adjacent single-line statements at the same indentation (declarations included)."""
    lines = _lines(code)
    pairs = []
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        sa, sb = a.strip(), b.strip()
        if not (sa.endswith(";") and sb.endswith(";")) or _indent(a) != _indent(b) or sa == sb:
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
    k = _pick(rng, pairs)
    if k is None:
        return None
    lines[k], lines[k + 1] = lines[k + 1], lines[k]
    return "\n".join(lines)


_EMPTY = {
    "javascript": {"list": "[]", "str": '""', "dict": "{}", "optional": "null"},
    "java": {"list": "new ArrayList<>()", "str": '""', "dict": "new HashMap<>()", "optional": "Optional.empty()"},
    "cpp": {"list": "{}", "str": '""', "dict": "{}", "optional": "nullopt"},
}


def wrong_return(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Make one ``return`` give a wrong value: flip a boolean, shift a number, negate, or return empty."""
    t = _Toks(code, ctx.lang)
    sites = []
    for k in range(len(t.sig)):
        if t.text(k) != "return":
            continue
        end = _statement_end(t, k + 1)
        if end is None or end == k + 1:
            continue
        sites.append((k, end))
    site = _pick(rng, sites)
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
    t = _Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.text(k) in ("&&", "||")]
    k = _pick(rng, sites)
    if k is None:
        return None
    return t.replace({k: "||" if t.text(k) == "&&" else "&&"})


def negate_condition(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Negate the condition of one ``if`` (``if (c)`` -> ``if (!(c))``)."""
    t = _Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.text(k) == "if" and t.text(k + 1) == "("]
    k = _pick(rng, sites)
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
