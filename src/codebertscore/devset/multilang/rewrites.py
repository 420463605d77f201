"""Meaning-preserving token-level rewrites of JavaScript, Java and C++ code (:data:`REWRITES`; see
:mod:`codebertscore.devset.multilang.edit`)."""

from __future__ import annotations

import random
import re

from codebertscore.devset.multilang.edit import (
    CLOSE,
    OPEN,
    Context,
    Edit,
    Toks,
    code_lines,
    indent_of,
    pick,
    pick_one,
)
from codebertscore.text.lexer import KEYWORDS, detokenize

#: Type keywords: a declaration starts with one of these (or with a type name) in Java and C++.
TYPE_KEYWORDS: dict[str, frozenset[str]] = {
    "javascript": frozenset({"let", "const", "var"}),
    "java": frozenset({"int", "long", "double", "float", "boolean", "char", "byte", "short", "var"}),
    "cpp": frozenset({"int", "long", "double", "float", "bool", "char", "auto", "short", "unsigned", "signed"}),
}

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

def declared_names(code: str, lang: str) -> list[str]:
    """Names that ``code`` declares (local variables, loop variables, lambda/arrow parameters), in order."""
    t = Toks(code, lang)
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
    return pick(rng, options)


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
    t = Toks(code, lang)
    templates = [tok.text for tok in t.toks if tok.kind == "template"]
    names = [n for n in names if not any(n in s for s in templates)]
    if not names:
        return None
    chosen = [n for n in names if rng.random() < 0.7] or [pick_one(rng, names)]
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
    for line in code_lines(code):
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
    for line in code_lines(code):
        stripped = line.rstrip()
        head = stripped[:-1].rstrip()
        opens_block = head and not head.endswith(("=", "(", ",", "=>", "return")) and not head.startswith("}")
        if stripped.endswith("{") and opens_block:
            out.append(head)
            out.append(indent_of(line) + "{")
            changed = True
        elif stripped.endswith("{") and head.startswith("} else"):
            out.append(indent_of(line) + "}")
            out.append(indent_of(line) + head[1:].strip())
            out.append(indent_of(line) + "{")
            changed = True
        else:
            out.append(line)
    return "\n".join(out) if changed else None


def _knr(code: str) -> str | None:
    """Join a ``{`` that stands alone on its line to the end of the line above."""
    lines = code_lines(code)
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
    t = Toks(code, ctx.lang)
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
    lines = code_lines(code)
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


def _statement_bounds(t: Toks, k: int) -> bool:
    """Whether the token at k starts an expression statement or a for-header clause."""
    return t.text(k - 1) in (";", "{", "}", "(", "") or t.kind(k - 1) == "keyword" and t.text(k - 1) in ("else", "do")


def incdec(code: str, ctx: Context, rng: random.Random) -> str | None:
    """Rewrite increments/compound assignments: ``i++`` <-> ``i += 1`` <-> ``i = i + 1`` (one style for all)."""
    t = Toks(code, ctx.lang)
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
            t.kind(k) == "ident"
            and t.text(k + 1) == "="
            and t.text(k + 2) == t.text(k)
            and t.text(k + 3) in ("+", "-", "*")
            and t.kind(k + 4) in ("ident", "number")
            and t.text(k + 5) in (";", ")")
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
    t = Toks(code, ctx.lang)
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
    site = pick(rng, sites)
    if site is None:
        return None
    k, close, (s1, s2), body_end = site
    init = t.source(k + 2, s1 - 1).strip()
    cond = t.source(s1 + 1, s2 - 1).strip() or "true"
    step = t.source(s2 + 1, close - 1).strip()
    # the line's indentation, and the body's
    before = detokenize(t.toks[: t.sig[k]])
    indent = before[before.rfind("\n") + 1 :]
    indent = indent if not indent.strip() else indent_of(indent)
    body = detokenize(t.toks[t.sig[close + 1] + 1 : t.sig[body_end]])  # raw text between the braces
    body_lines = [line for line in body.split("\n") if line.strip()]
    inner = indent_of(body_lines[0]) if body_lines and "\n" in body else indent + "    "
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


def _depth_between(t: Toks, open_k: int, j: int) -> int:
    depth = 0
    for x in range(open_k, j):
        if t.text(x) in OPEN:
            depth += 1
        elif t.text(x) in CLOSE:
            depth -= 1
    return depth


def _while_to_for(code: str, ctx: Context, rng: random.Random) -> str | None:
    t = Toks(code, ctx.lang)
    sites = [k for k in range(len(t.sig)) if t.text(k) == "while" and t.text(k + 1) == "(" and t.text(k - 1) != "}"]
    # a do-while's "while" follows "}"; skip those
    k = pick(rng, sites)
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


def _top_level(t: Toks, k0: int, k1: int, texts: tuple[str, ...]) -> list[int]:
    out, depth = [], 0
    for j in range(k0, k1 + 1):
        x = t.text(j)
        if x in OPEN:
            depth += 1
        elif x in CLOSE:
            depth -= 1
        elif depth == 0 and x in texts:
            out.append(j)
    return out


def statement_end(t: Toks, k: int) -> int | None:
    """Index of the ``;`` that ends the statement starting at k (at bracket depth 0)."""
    depth = 0
    for j in range(k, len(t.sig)):
        x = t.text(j)
        if x in OPEN:
            depth += 1
        elif x in CLOSE:
            depth -= 1
            if depth < 0:
                return None
        elif x == ";" and depth == 0:
            return j
    return None


def _ternary_to_if(code: str, ctx: Context, rng: random.Random) -> str | None:
    t = Toks(code, ctx.lang)
    sites = []
    for k in range(len(t.sig)):
        if t.text(k) == "return" or (
            t.kind(k) == "ident" and t.text(k + 1) == "=" and t.text(k - 1) in (";", "{", "}")
        ):
            start = k + 1 if t.text(k) == "return" else k + 2
            end = statement_end(t, start)
            if end is None:
                continue
            qs = _top_level(t, start, end - 1, ("?",))
            if len(qs) != 1:
                continue
            colons = _top_level(t, qs[0] + 1, end - 1, (":",))
            if len(colons) != 1:
                continue
            sites.append((k, start, qs[0], colons[0], end))
    site = pick(rng, sites)
    if site is None:
        return None
    k, start, q, colon, end = site
    cond = t.source(start, q - 1).strip()
    a = t.source(q + 1, colon - 1).strip()
    b = t.source(colon + 1, end - 1).strip()
    if cond.startswith("(") and t.match(start) == q - 1:
        cond = cond[1:-1].strip()
    before = detokenize(t.toks[: t.sig[k]])
    indent = indent_of(before[before.rfind("\n") + 1 :] + "x")
    lead = "return " if t.text(k) == "return" else f"{t.text(k)} = "
    new = (
        f"if ({cond}) {{\n{indent}    {lead}{a};\n{indent}}} else {{\n{indent}    {lead}{b};\n{indent}}}"
        if rng.random() < 0.5 or lead != "return "
        else f"if ({cond}) {{\n{indent}    {lead}{a};\n{indent}}}\n{indent}{lead}{b};"
    )
    return t.splice(k, end, new)


def _branch_return(t: Toks, k: int) -> tuple[str, int] | None:
    """``return X;`` or ``{ return X; }`` starting at k: (X, index of the last token), else None."""
    if t.text(k) == "{":
        inner = _branch_return(t, k + 1)
        if inner is None or t.text(inner[1] + 1) != "}":
            return None
        return inner[0], inner[1] + 1
    if t.text(k) != "return":
        return None
    end = statement_end(t, k + 1)
    if end is None or end == k + 1:
        return None
    return t.source(k + 1, end - 1).strip(), end


def _if_to_ternary(code: str, ctx: Context, rng: random.Random) -> str | None:
    t = Toks(code, ctx.lang)
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
    site = pick(rng, sites)
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
    t = Toks(code, ctx.lang)
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
    site = pick(rng, sites)
    if site is None:
        return None
    k, close, decl, container = site
    taken = {tok.text for tok in t.toks} | set(ctx.reserved)
    index = next((c for c in ("i", "j", "k", "idx", "pos", "ii") if c not in taken), None)
    if index is None:
        return None
    before = detokenize(t.toks[: t.sig[close + 1]])
    line_start = before[before.rfind("\n") + 1 :]
    indent = indent_of(line_start + "x")
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
