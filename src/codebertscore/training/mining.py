"""Finding functions and the doc comments above them, in Python (via ``ast``) and in Java, JavaScript, C and C++
(via :mod:`codebertscore.text.lexer` and brace matching).

A mined :class:`Function` holds the function's text WITHOUT its doc comment (dedented), the cleaned doc text (or
``None``), and enough to rewrite it. The brace-language finder is a heuristic: it accepts a ``{`` as a function body
when the statement before it looks like a named declaration ``... name(params) qualifiers {`` (not a control
statement, class, lambda or anonymous class), or, in JavaScript, ``name = function (...) {`` / ``name = (...) => {``.
It errs towards missing functions rather than inventing them.
"""

from __future__ import annotations

import ast
import re
import textwrap
import warnings
from dataclasses import dataclass

from codebertscore.text.lexer import (
    COMMENT,
    NL,
    PREPROC,
    SYMBOLS,
    TRIVIA,
    WORDS,
    WS,
    Token,
    tokenize,
)

BRACE_LANGUAGES = ("java", "javascript", "c", "cpp")

#: identifiers that, right before '(', make a statement a control statement or an expression, not a function
CONTROL_WORDS = frozenset(
    """if else for while do switch case catch try finally return throw new delete sizeof alignof typeof with
    synchronized foreach elif defined decltype static_assert assert using typedef goto await yield import export
    function""".split()
)
#: first words of a statement that is not a function
NON_FUNCTION_STARTS = frozenset(
    "class struct enum union namespace interface record module package import typedef using if else for while do "
    "switch case try catch return throw goto".split()
)
#: words that may sit between ')' and '{' of a function header
_QUALIFIERS = frozenset("const noexcept override final throws volatile mutable try where async".split())

_LICENSE_RE = re.compile(r"copyright|licen[cs]e|spdx|all rights reserved|permission is hereby granted", re.I)


@dataclass(frozen=True)
class Function:
    """A function found in a document."""

    lang: str
    code: str  # dedented function text, doc comment removed
    doc: str | None  # cleaned doc comment / docstring, or None
    name: str


@dataclass(frozen=True)
class MiningLimits:
    """Size limits for mined functions and docs (characters and lines)."""

    min_code_lines: int = 2
    max_code_lines: int = 80
    max_code_chars: int = 4000
    min_doc_words: int = 3
    max_doc_chars: int = 2000
    max_functions_per_document: int = 40


# -- doc comment cleaning ---------------------------------------------------------------------------------------------

def clean_comment(text: str) -> str:
    """The prose of a ``/** */``, ``/* */``, ``///`` or ``//`` comment block: markers and leading stars removed."""
    lines: list[str] = []
    for raw in text.splitlines():
        s = raw.strip()
        s = re.sub(r"^/\*+!?", "", s)
        s = re.sub(r"\*+/$", "", s)
        s = re.sub(r"^//[/!]?<?", "", s)
        s = re.sub(r"^\*+(?!/)", "", s)
        lines.append(s.strip())
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def looks_like_prose(doc: str, limits: MiningLimits) -> bool:
    """A usable doc: enough words, not a licence header, not commented-out code, not too long."""
    if len(doc) > limits.max_doc_chars or len(re.findall(r"[A-Za-z]{2,}", doc)) < limits.min_doc_words:
        return False
    if _LICENSE_RE.search(doc):
        return False
    lines = [ln for ln in doc.splitlines() if ln.strip()]
    codeish = sum(1 for ln in lines if ln.rstrip().endswith((";", "{", "}")))
    return codeish <= max(1, len(lines) // 3)


def _dedent_block(text: str) -> str:
    return textwrap.dedent(text.expandtabs(4)).strip("\n")


# -- Python ------------------------------------------------------------------------------------------------------------

def _python_functions(src: str, limits: MiningLimits) -> list[Function]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(src)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return []
    lines = src.splitlines(keepends=True)
    out: list[Function] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if len(out) >= limits.max_functions_per_document:
            break
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        last = node.end_lineno or node.lineno
        doc = ast.get_docstring(node, clean=True)
        keep = list(range(first, last + 1))
        if doc is not None:
            d0 = node.body[0]
            if d0.lineno == node.lineno or len(node.body) < 2 or node.body[1].lineno <= (d0.end_lineno or d0.lineno):
                continue  # docstring on the def line, alone in the body, or sharing a line: no clean code part
            drop = set(range(d0.lineno, (d0.end_lineno or d0.lineno) + 1))
            keep = [i for i in keep if i not in drop]
        code = _dedent_block("".join(lines[i - 1] for i in keep))
        n_lines = code.count("\n") + 1
        if not (limits.min_code_lines <= n_lines <= limits.max_code_lines) or len(code) > limits.max_code_chars:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(code)
        except (SyntaxError, ValueError):
            continue
        if doc is not None and not looks_like_prose(doc, limits):
            doc = None
        out.append(Function("python", code, doc, node.name))
    return out


# -- brace languages ---------------------------------------------------------------------------------------------------

def _matching_brace(sig: list[Token], open_index: int) -> int:
    depth = 0
    for k in range(open_index, len(sig)):
        t = sig[k].text
        if sig[k].kind not in SYMBOLS:
            continue
        if t == "{":
            depth += 1
        elif t == "}":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _header_start(sig: list[Token], brace: int, lang: str) -> int:
    """Index of the first token of the statement that ends at the ``{`` ``sig[brace]``."""
    depth = 0
    k = brace - 1
    while k >= 0:
        t = sig[k]
        if t.kind == PREPROC:
            return k + 1
        if t.kind in SYMBOLS:
            if t.text in (")", "]"):
                depth += 1
            elif t.text in ("(", "["):
                if depth == 0:
                    return k + 1
                depth -= 1
            elif depth == 0 and (t.text in (";", "{", "}") or (lang == "javascript" and t.text == ",")):
                return k + 1
            elif (depth == 0 and lang == "cpp" and t.text == ":" and k > 0
                  and sig[k - 1].text in ("public", "private", "protected")):
                return k + 1  # an access specifier
        k -= 1
    return 0


def skip_annotations(header: list[Token]) -> list[Token]:
    """Drop leading Java/JavaScript annotations and decorators (``@Name``, ``@a.b.Name(...)``)."""
    i = 0
    while i < len(header) and header[i].text == "@":
        i += 1
        while i < len(header) and (header[i].kind in WORDS or header[i].text == "."):
            i += 1
        if i < len(header) and header[i].text == "(":
            depth = 0
            while i < len(header):
                if header[i].text == "(":
                    depth += 1
                elif header[i].text == ")":
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                i += 1
    return header[i:]


def _is_function_header(header: list[Token], lang: str) -> str | None:
    """The function's name when ``header`` (tokens before ``{``) declares a named function, else None."""
    if lang in ("java", "javascript"):
        header = skip_annotations(header)
    if not header or len(header) > 80:
        return None
    if header[0].text in NON_FUNCTION_STARTS or any(t.text == ";" for t in header):
        return None
    open_i = next((i for i, t in enumerate(header) if t.kind in SYMBOLS and t.text == "("), -1)
    if open_i <= 0:
        return None
    depth = 0
    close_i = -1
    for i in range(open_i, len(header)):
        if header[i].text == "(":
            depth += 1
        elif header[i].text == ")":
            depth -= 1
            if depth == 0:
                close_i = i
                break
    if close_i < 0:
        return None
    lead = header[:open_i]
    before = header[open_i - 1]
    tail = header[close_i + 1:]
    lead_texts = [t.text for t in lead]
    if any(t == "new" for t in lead_texts):
        return None
    if lang == "javascript":
        if "=" in lead_texts or ":" in lead_texts:
            eq = max(i for i, t in enumerate(lead_texts) if t in ("=", ":"))
            if eq == 0 or lead[eq - 1].kind not in WORDS:
                return None
            rhs = lead_texts[eq + 1:]
            is_function = rhs in (["function"], ["async", "function"]) or (
                len(rhs) == 2 and rhs[0] == "function" and lead[eq + 2].kind in WORDS
            )
            is_arrow = rhs in ([], ["async"]) and [t.text for t in tail] == ["=>"]
            return lead[eq - 1].text if (is_function or is_arrow) else None
        if tail:
            return None  # '(...) => {' without a name, or something else
        if before.kind not in WORDS or before.text in CONTROL_WORDS:
            return None
        return before.text
    if before.kind not in WORDS or before.text in CONTROL_WORDS:
        return None
    if "=" in lead_texts and "operator" not in lead_texts:
        return None
    # what may follow ')': qualifiers, 'throws A, B' (Java), '-> T' or ': a(x), b(y)' (C++), attribute macros (C)
    if tail:
        if lang == "cpp" and tail[0].text == ":":
            return before.text  # constructor initializer list
        if lang == "cpp" and tail[0].text == "->":
            return before.text  # trailing return type
        for t in tail:
            if lang == "java":
                if t.kind in WORDS or t.text in (",", ".", "<", ">", "?"):
                    continue
                return None
            if t.kind in WORDS or t.text in ("&", "&&", "(", ")", ","):
                continue
            return None
    return before.text


def _is_line_comment(tok: Token) -> bool:
    return tok.kind == COMMENT and tok.text.startswith("//")


def _doc_above(tokens: list[Token], first_index: int) -> tuple[str | None, int]:
    """The comment block directly above ``tokens[first_index]`` (no blank line between), and where it starts."""
    k = first_index - 1
    # step back over whitespace and exactly one newline to the comment's end
    newlines = 0
    while k >= 0 and tokens[k].kind in (WS, NL):
        if tokens[k].kind == NL:
            newlines += 1
        k -= 1
    if k < 0 or tokens[k].kind != COMMENT or newlines != 1:
        return None, first_index
    if tokens[k].text.startswith("/*"):
        return tokens[k].text, k
    # a run of line comments, one per line
    start = k
    j = k
    while True:
        m = j - 1
        while m >= 0 and tokens[m].kind == WS:
            m -= 1
        if m < 0 or tokens[m].kind != NL:
            break
        m2 = m - 1
        while m2 >= 0 and tokens[m2].kind == WS:
            m2 -= 1
        if m2 >= 0 and _is_line_comment(tokens[m2]):
            # the comment must be alone on its line
            m3 = m2 - 1
            while m3 >= 0 and tokens[m3].kind == WS:
                m3 -= 1
            if m3 >= 0 and tokens[m3].kind != NL:
                break
            start = m2
            j = m2
            continue
        break
    # the first comment of the block must also be alone on its line
    m = start - 1
    while m >= 0 and tokens[m].kind == WS:
        m -= 1
    if m >= 0 and tokens[m].kind != NL:
        return None, first_index
    text = "\n".join(t.text for t in tokens[start:k + 1] if _is_line_comment(t))
    return text, start


def _brace_functions(src: str, lang: str, limits: MiningLimits) -> list[Function]:
    tokens = tokenize(src, lang)
    index_of = {id(t): i for i, t in enumerate(tokens)}
    sig = [t for t in tokens if t.kind not in TRIVIA]
    out: list[Function] = []
    for b, tok in enumerate(sig):
        if len(out) >= limits.max_functions_per_document:
            break
        if tok.kind not in SYMBOLS or tok.text != "{":
            continue
        h0 = _header_start(sig, b, lang)
        header = sig[h0:b]
        name = _is_function_header(header, lang)
        if name is None:
            continue
        close = _matching_brace(sig, b)
        if close < 0:
            continue
        body = sig[b:close + 1]
        if any(t.kind == PREPROC for t in body):
            continue
        first_tok = header[0]
        first_index = index_of[id(first_tok)]
        line_start = src.rfind("\n", 0, first_tok.start) + 1
        prefix = src[line_start:first_tok.start]
        if prefix.strip():
            continue  # something else shares the header's first line
        code = _dedent_block(src[line_start:sig[close].end])
        n_lines = code.count("\n") + 1
        if not (limits.min_code_lines <= n_lines <= limits.max_code_lines) or len(code) > limits.max_code_chars:
            continue
        raw_doc, _ = _doc_above(tokens, first_index)
        doc = clean_comment(raw_doc) if raw_doc is not None else None
        if doc is not None and not looks_like_prose(doc, limits):
            doc = None
        out.append(Function(lang, code, doc, name))
    return out


def find_functions(src: str, lang: str, limits: MiningLimits | None = None) -> list[Function]:
    """Functions of a source text, each with its doc comment when it has one (see the module docstring)."""
    limits = limits or MiningLimits()
    if lang == "python":
        return _python_functions(src, limits)
    if lang in BRACE_LANGUAGES:
        return _brace_functions(src, lang, limits)
    raise ValueError(f"find_functions: unsupported language {lang!r}")
