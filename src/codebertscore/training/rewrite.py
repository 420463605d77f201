"""Semantics-preserving rewrites of a function, to make positive pairs for contrastive training.

Two kinds of change, applied together:

* **consistent renaming of local identifiers** (parameters and local variables) to other names, never to a name the
  function already uses or a keyword;
* **re-layout**: a different indentation unit, another brace style (brace languages), canonical formatting
  (Python: ``ast.unparse``), blank lines dropped.

Every rewrite is checked before it is returned: for Python, the rewritten code must parse to the same AST as the
original with the renaming applied; for the brace languages, its meaningful tokens must equal the original's with
the renaming applied. A rewrite that fails its check, or changes nothing, is not returned (``None``).

These generators are deliberately independent of the dev-set builder's (``codebertscore.devset``), so that training
positives and dev-set candidates do not share a generator.
"""

from __future__ import annotations

import ast
import builtins
import io
import keyword
import random
import re
import tokenize as pytokenize
import warnings
from collections.abc import Sequence

from codebertscore.text.lexer import (
    NL,
    PREPROC,
    SYMBOLS,
    TEMPLATE,
    TRIVIA,
    WORDS,
    WS,
    Token,
    tokenize,
)
from codebertscore.training.mining import skip_annotations

#: replacement names, short and generic, as generated code often has them
NAME_POOL: tuple[str, ...] = (
    "a", "b", "c", "d", "x", "y", "z", "i", "j", "k", "n", "m", "s", "t", "u", "v", "w", "p", "q", "r",
    "val", "tmp", "item", "data", "res", "out", "arg", "obj", "key", "value", "elem", "node", "acc", "cur",
    "prev", "buf", "cnt", "idx", "num", "lst", "arr", "src", "dst", "lo", "hi", "left", "right", "total", "first",
    "second", "result", "entry", "ptr", "size", "length", "count", "flag", "name", "text", "row", "col",
)

#: reserved words per language (identifiers that are never introduced by renaming)
KEYWORDS: dict[str, frozenset[str]] = {
    "python": frozenset(keyword.kwlist) | frozenset(getattr(keyword, "softkwlist", [])) | frozenset(dir(builtins)),
    "java": frozenset(
        """abstract assert boolean break byte case catch char class const continue default do double else enum
        extends final finally float for goto if implements import instanceof int interface long native new package
        private protected public return short static strictfp super switch synchronized this throw throws transient
        try void volatile while var record yield sealed permits true false null String Object System Math""".split()
    ),
    "javascript": frozenset(
        """break case catch class const continue debugger default delete do else export extends finally for function
        if import in instanceof new return super switch this throw try typeof var void while with yield let static
        enum await implements package protected interface private public null true false undefined NaN Infinity
        arguments eval async of get set console Math Object Array String Number JSON Promise Error""".split()
    ),
    "c": frozenset(
        """auto break case char const continue default do double else enum extern float for goto if inline int long
        register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while
        _Bool _Complex bool true false NULL size_t main printf malloc free""".split()
    ),
    "cpp": frozenset(
        """alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class
        compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype
        default delete do double dynamic_cast else enum explicit export extern false float for friend goto if inline
        int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public
        register reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch
        template this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile
        wchar_t while xor xor_eq std size_t NULL main final override""".split()
    ),
}


def _fresh_names(n: int, taken: set[str], lang: str, rng: random.Random) -> list[str]:
    """``n`` distinct names from the pool (then ``v0, v1, ...``) not in ``taken`` nor reserved in ``lang``."""
    pool = [x for x in NAME_POOL if x not in taken and x not in KEYWORDS[lang]]
    rng.shuffle(pool)
    out = pool[:n]
    k = 0
    while len(out) < n:
        cand = f"v{k}"
        k += 1
        if cand not in taken and cand not in out:
            out.append(cand)
    return out


def _choose_renames(
    names: Sequence[str], taken: set[str], lang: str, rng: random.Random, prob: float
) -> dict[str, str]:
    chosen = [x for x in names if rng.random() < prob]
    if not chosen and names:
        chosen = [rng.choice(list(names))]
    fresh = _fresh_names(len(chosen), taken | set(names), lang, rng)
    return dict(zip(chosen, fresh, strict=True))


# =====================================================================================================================
# Python
# =====================================================================================================================

_DYNAMIC_SCOPE_CALLS = frozenset({"locals", "vars", "eval", "exec", "globals", "dir", "super"})


def _python_locals(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str] | None:
    """Names local to ``fn`` that are safe to rename, or None when the function must not be renamed at all."""
    for node in ast.walk(fn):
        if isinstance(node, ast.ClassDef):
            return None  # class bodies turn names into attributes
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _DYNAMIC_SCOPE_CALLS:
            return None
    unsafe: set[str] = {"self", "cls", "__class__"}
    for node in ast.walk(fn):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            unsafe.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            unsafe.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            unsafe.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node is not fn:
            unsafe.add(node.name)
        elif hasattr(ast, "MatchAs") and isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            unsafe.add(node.name)
        elif hasattr(ast, "MatchMapping") and isinstance(node, ast.MatchMapping) and node.rest:
            unsafe.add(node.rest)
        elif isinstance(node, ast.JoinedStr):
            # positions inside f-strings are unreliable before Python 3.12: keep their names as they are
            unsafe.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
    found: list[str] = []
    a = fn.args
    for arg in [*getattr(a, "posonlyargs", []), *a.args, *a.kwonlyargs, a.vararg, a.kwarg]:
        if arg is not None and arg.arg not in found:
            found.append(arg.arg)

    def visit(node: ast.AST) -> None:  # the function's own scope only
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(child, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store) and child.id not in found:
                found.append(child.id)
            visit(child)

    for stmt in fn.body:
        if isinstance(stmt, ast.Name) and isinstance(stmt.ctx, ast.Store):
            found.append(stmt.id)
        visit(stmt)
    return [x for x in found if x not in unsafe and not x.startswith("__")]


class _Renamer(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.mapping:
            node.id = self.mapping[node.id]
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        if node.arg in self.mapping:
            node.arg = self.mapping[node.arg]
        self.generic_visit(node)
        return node


def _line_offsets(src: str) -> list[int]:
    offs = [0]
    for line in src.splitlines(keepends=True):
        offs.append(offs[-1] + len(line))
    return offs


def _char_col(line: str, byte_col: int) -> int:
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))


def _rename_spans(src: str, tree: ast.AST, mapping: dict[str, str]) -> str:
    """Replace exactly the Name/arg spans of renamed identifiers in ``src`` (comments and layout kept)."""
    lines = src.splitlines(keepends=True)
    starts = _line_offsets(src)
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in mapping:
            name, new = node.id, mapping[node.id]
        elif isinstance(node, ast.arg) and node.arg in mapping:
            name, new = node.arg, mapping[node.arg]
        else:
            continue
        line = lines[node.lineno - 1]
        col = _char_col(line, node.col_offset)
        pos = starts[node.lineno - 1] + col
        if src[pos:pos + len(name)] != name:
            raise ValueError("span mismatch")
        edits.append((pos, pos + len(name), new))
    out = src
    for a, b, new in sorted(set(edits), reverse=True):
        out = out[:a] + new + out[b:]
    return out


def _python_reindent(src: str, unit: str, drop_blank: bool) -> str:
    """Re-indent Python code with another unit; lines inside brackets get one more unit per open bracket.

    Lines inside multi-line strings are left exactly as they are; blank lines may be dropped.
    """
    toks = list(pytokenize.generate_tokens(io.StringIO(src).readline))
    lines = src.splitlines(keepends=True)
    level_at_line: dict[int, int] = {}
    in_string: set[int] = set()
    depth = 0
    brackets = 0
    for tok in toks:
        if tok.type == pytokenize.INDENT:
            depth += 1
        elif tok.type == pytokenize.DEDENT:
            depth -= 1
        if tok.type == pytokenize.STRING or tok.type == getattr(pytokenize, "FSTRING_MIDDLE", -1):
            in_string.update(range(tok.start[0] + 1, tok.end[0] + 1))
        if tok.type not in (pytokenize.NL, pytokenize.NEWLINE, pytokenize.INDENT, pytokenize.DEDENT,
                            pytokenize.COMMENT, pytokenize.ENDMARKER):
            closing = 1 if tok.type == pytokenize.OP and tok.string in ")]}" else 0
            level_at_line.setdefault(tok.start[0], depth + max(0, brackets - closing))
        if tok.type == pytokenize.OP:
            if tok.string in "([{":
                brackets += 1
            elif tok.string in ")]}":
                brackets -= 1
    out: list[str] = []
    last = 0
    for i, line in enumerate(lines, start=1):
        if i in in_string:
            out.append(line)
            continue
        stripped = line.lstrip(" \t")
        if not stripped.strip():
            if not drop_blank:
                out.append(line)
            continue
        if i in level_at_line:
            last = level_at_line[i]
            out.append(unit * last + stripped)
        else:  # a comment-only line: any indentation is valid
            out.append(unit * last + stripped)
    return "".join(out)


def _same_ast(a: ast.AST, b: ast.AST) -> bool:
    return ast.dump(a, include_attributes=False) == ast.dump(b, include_attributes=False)


def rewrite_python(code: str, rng: random.Random, rename_prob: float = 0.8) -> tuple[str, dict[str, str]] | None:
    """A renamed and re-laid-out version of one Python function (see the module docstring), with the renaming."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError):
            return None
    fns = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if len(fns) != 1:
        return None
    names = _python_locals(fns[0])
    mapping: dict[str, str] = {}
    if names:
        taken = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            n.arg for n in ast.walk(tree) if isinstance(n, ast.arg)
        } | {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} | {
            k.arg for n in ast.walk(tree) if isinstance(n, ast.Call) for k in n.keywords if k.arg
        } | set(re.findall(r"[A-Za-z_]\w*", code))
        mapping = _choose_renames(names, taken, "python", rng, rename_prob)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = _Renamer(mapping).visit(ast.parse(code))
        style = rng.random()
        out: str | None = None
        if style < 0.35:
            out = ast.unparse(expected)
        else:
            try:
                renamed = _rename_spans(code, ast.parse(code), mapping)
                unit = rng.choice(["  ", "   ", "\t", "        "])
                out = _python_reindent(renamed, unit, drop_blank=rng.random() < 0.5)
            except (ValueError, IndexError, SyntaxError, pytokenize.TokenError):
                out = ast.unparse(expected)
        try:
            ok = _same_ast(ast.parse(out), expected)
        except (SyntaxError, ValueError):
            ok = False
        if not ok:
            out = ast.unparse(expected)
            try:
                ok = _same_ast(ast.parse(out), expected)
            except (SyntaxError, ValueError):
                ok = False
    if not ok or out is None or out.strip() == code.strip():
        return None
    return out.rstrip() + "\n" if code.endswith("\n") else out.rstrip(), mapping


# =====================================================================================================================
# Java, JavaScript, C, C++
# =====================================================================================================================

#: words that start a statement which is not a declaration
_NOT_TYPE_WORDS = frozenset(
    """return throw case goto new delete else do sizeof typeof instanceof in of yield await co_return co_yield if
    while for switch break continue default""".split()
)
#: JavaScript declaration keywords
_DECL_KEYWORDS_JS = frozenset({"let", "const", "var"})
#: tokens allowed between the start of a typed declaration and its name (besides identifiers)
_TYPE_PUNCT = frozenset({"<", ">", ">>", ">>>", "::", "*", "&", "&&", "[", "]", ".", "?", ","})
#: words after which an identifier names a type, not a variable
_TYPE_INTRODUCERS = frozenset({"struct", "union", "enum", "class", "typename", "new", "instanceof", "interface"})
#: identifiers that may follow a variable in JavaScript
_JS_INFIX_WORDS = frozenset({"of", "in", "instanceof"})
#: calls that make a name look like a type or macro argument
_TYPE_CALLS = frozenset({"__attribute__", "__declspec", "alignas", "decltype", "sizeof", "alignof", "typeof"})


def _close_count(text: str) -> int:
    return {">": 1, ">>": 2, ">>>": 3}.get(text, 0)


def _param_names(header: list[Token], lang: str) -> list[str]:
    """Names declared by the parameter list in ``header`` (the function's meaningful tokens up to its '{')."""
    toks = skip_annotations(header) if lang in ("java", "javascript") else header
    if lang == "javascript":
        start = next((i for i, t in enumerate(toks) if t.text == "("), -1)
    else:
        start = next(
            (i for i, t in enumerate(toks)
             if t.text == "(" and i > 0 and toks[i - 1].kind in WORDS and toks[i - 1].text not in _TYPE_CALLS
             and toks[i - 1].text != "operator"),
            -1,
        )
    if start < 0:
        return []
    names: list[str] = []
    depth = 0  # () [] {} nesting inside the list
    angle = 0  # <> nesting (typed languages)
    slot: list[Token] = []  # depth-1 tokens of the current parameter, up to '=' (default values ignored)
    in_default = False

    def close_slot() -> None:
        idents = [t for t in slot if t.kind in WORDS]
        if not idents:
            return
        last = slot[-1]
        if last.kind not in WORDS:
            return
        if lang == "javascript":
            if len(slot) == 1 or (len(slot) == 2 and slot[0].text == "..."):
                names.append(last.text)
        elif len(idents) >= 2 or any(t.text in ("*", "&", "&&", "...", "]", ">") for t in slot[:-1]):
            names.append(last.text)

    for t in toks[start:]:
        if t.text in ("(", "[", "{"):
            depth += 1
            if depth == 1:
                continue
        elif t.text in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                if not in_default:
                    close_slot()
                break
        if depth != 1:
            continue
        if lang != "javascript" and t.text == "<":
            angle += 1
        elif lang != "javascript" and _close_count(t.text):
            angle = max(0, angle - _close_count(t.text))
        if angle == 0 and t.text == ",":
            if not in_default:
                close_slot()
            slot, in_default = [], False
            continue
        if angle == 0 and t.text == "=":
            close_slot()
            in_default = True
            continue
        if not in_default and not (t.text == "[" or t.text == "]"):
            slot.append(t)
    return [n for n in dict.fromkeys(names) if n not in KEYWORDS[lang]]


def _for_header_open(sig: list[Token], i: int) -> bool:
    """True when ``sig[i]`` is the '(' of a for statement."""
    return sig[i].text == "(" and i > 0 and sig[i - 1].text == "for"


def _local_declarations(sig: list[Token], lang: str, body_start: int) -> list[str]:
    """Names the body declares as local variables; conservative (a missed local is safe, a wrong one is not)."""
    names: list[str] = []
    stmt = body_start
    seen_eq = False
    for i in range(body_start, len(sig)):
        t = sig[i]
        if t.text in (";", "{", "}") or _for_header_open(sig, i):
            stmt, seen_eq = i + 1, False
            continue
        if t.text == "=":
            seen_eq = True
            continue
        if seen_eq or t.kind not in WORDS or i + 1 >= len(sig) or t.text in KEYWORDS[lang]:
            continue
        prev, nxt = sig[i - 1], sig[i + 1]
        if lang == "javascript":
            if prev.text in _DECL_KEYWORDS_JS and nxt.text in ("=", ";", ",", "of", "in", ")"):
                names.append(t.text)
            continue
        if nxt.text == ":":
            if not (stmt > 0 and _for_header_open(sig, stmt - 1)):
                continue
        elif nxt.text not in ("=", ";", ",", "["):
            continue
        if not (prev.kind in WORDS or prev.text in (">", ">>", "*", "&", "&&", "]", "?")):
            continue
        lead = sig[stmt:i]
        if not lead or lead[0].kind not in WORDS or lead[0].text in _NOT_TYPE_WORDS:
            continue
        if all(x.kind in WORDS or x.text in _TYPE_PUNCT for x in lead):
            if any(x.text == "," for x in lead) and not any(x.text == "<" for x in lead):
                continue  # 'int a, b' — only the first is taken
            names.append(t.text)
    return list(dict.fromkeys(names))


def _unsafe_names(sig: list[Token], lang: str) -> set[str]:
    """Names used where renaming could change meaning: calls, labels and keys, types, member names."""
    bad: set[str] = set()
    for i, t in enumerate(sig):
        if t.kind == TEMPLATE:
            bad.update(re.findall(r"[A-Za-z_$][\w$]*", t.text))  # names inside ${...} are not renamed: keep them
        if t.kind not in WORDS:
            continue
        prev = sig[i - 1] if i > 0 else None
        nxt = sig[i + 1] if i + 1 < len(sig) else None
        p = prev.text if prev is not None else ""
        q = nxt.text if nxt is not None else ""
        if q == "(" and p not in (".", "->", "::", "?."):
            bad.add(t.text)  # called: a function or method of that name may exist
        if q == ":" and p in ("{", "}", ";", ",", ""):
            bad.add(t.text)  # a label or an object key
        if q == "::" or p in _TYPE_INTRODUCERS:
            bad.add(t.text)  # a type or namespace
        if nxt is not None and nxt.kind in WORDS and not (lang == "javascript" and q in _JS_INFIX_WORDS):
            bad.add(t.text)  # used as a type: 'Name other'
        if lang == "javascript" and p in ("{", ",") and q in (",", "}"):
            bad.add(t.text)  # object shorthand '{x}' (or a destructuring pattern)
    return bad


def _apply_renames(tokens: list[Token], mapping: dict[str, str]) -> list[Token]:
    """Rename identifier tokens, except member names after '.', '->', '::' or '?.'."""
    out: list[Token] = []
    prev_sig: Token | None = None
    for t in tokens:
        member = prev_sig is not None and prev_sig.text in (".", "->", "::", "?.")
        if t.kind in WORDS and t.text in mapping and not member:
            out.append(Token(t.kind, mapping[t.text], t.start))
        else:
            out.append(t)
        if t.kind not in TRIVIA:
            prev_sig = t
    return out


def _brace_style(tokens: list[Token], allman: bool) -> list[Token]:
    """Move a '{' that follows ')' onto its own line (Allman) or back onto the line of the ')' (K&R).

    Only braces outside any open '(' or '[' move (not a callback's body inside a call's arguments).
    """
    out: list[Token] = []
    open_round = 0
    for t in tokens:
        if t.kind in SYMBOLS and t.text in ("(", "["):
            open_round += 1
        elif t.kind in SYMBOLS and t.text in (")", "]"):
            open_round = max(0, open_round - 1)
        if not (t.kind in SYMBOLS and t.text == "{") or open_round:
            out.append(t)
            continue
        k = len(out) - 1
        while k >= 0 and out[k].kind in (WS, NL):
            k -= 1
        gap = out[k + 1:]
        if k < 0 or out[k].text != ")":
            out.append(t)
            continue
        has_nl = any(g.kind == NL for g in gap)
        if allman and not has_nl:
            del out[k + 1:]
            out.append(Token(NL, "\n", t.start))
        elif not allman and has_nl:
            del out[k + 1:]
            out.append(Token(WS, " ", t.start))
        out.append(t)
    return out


_SINGLE_STATEMENT_HEADS = frozenset({"if", "for", "while", "else"})


def _reindent_brace(tokens: list[Token], unit: str, drop_blank: bool) -> str:
    """Re-emit tokens, each line indented by one ``unit`` per open bracket (``{``, ``(`` or ``[``) at its start.

    Only the whitespace at the start of lines changes (and blank lines, when dropped); multi-line tokens (block
    comments, template literals, raw strings) keep their inner text. The body line of a brace-less ``if``/``for``/
    ``while``/``else`` gets one more unit.
    """
    lines: list[list[Token]] = [[]]
    for t in tokens:
        lines[-1].append(t)
        if t.kind == NL:
            lines.append([])
    out: list[str] = []
    stack: list[str] = []
    pending = False  # the previous line was a brace-less control header
    for line in lines:
        body = line[1:] if line and line[0].kind == WS else line
        content = [t for t in body if t.kind not in (NL, WS)]
        if not content:
            if not drop_blank or not out:
                out.append("".join(t.text for t in body if t.kind == NL))
            continue
        first = content[0]
        level = len(stack) - (1 if first.kind in SYMBOLS and first.text in ("}", ")", "]") and stack else 0)
        if pending and first.text != "{":
            level += 1
        out.append(unit * max(0, level) + "".join(t.text for t in body))
        for t in content:
            if t.kind not in SYMBOLS:
                continue
            if t.text in ("{", "(", "["):
                stack.append(t.text)
            elif t.text in ("}", ")", "]") and stack:
                stack.pop()
        sig = [t for t in content if t.kind not in TRIVIA]
        pending = bool(sig) and all(b == "{" for b in stack) and (
            (sig[-1].text == ")" and sig[0].text in _SINGLE_STATEMENT_HEADS) or sig[-1].text == "else"
            or (sig[0].text == "}" and len(sig) > 1 and sig[1].text == "else" and sig[-1].text == ")")
        )
    return "".join(out)


def _sig_texts(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens if t.kind not in TRIVIA]


def rewrite_brace(
    code: str, lang: str, rng: random.Random, rename_prob: float = 0.8
) -> tuple[str, dict[str, str]] | None:
    """A renamed and re-laid-out version of one Java/JavaScript/C/C++ function, with the renaming."""
    tokens = tokenize(code, lang)
    if any(t.kind == PREPROC for t in tokens):
        return None
    sig = [t for t in tokens if t.kind not in TRIVIA]
    body_start = next((i for i, t in enumerate(sig) if t.text == "{"), -1)
    if body_start < 0:
        return None
    candidates = _param_names(sig[:body_start], lang) + _local_declarations(sig, lang, body_start + 1)
    unsafe = _unsafe_names(sig, lang) | KEYWORDS[lang]
    names = [x for x in dict.fromkeys(candidates) if x not in unsafe]
    taken = {t.text for t in tokens if t.kind in WORDS} | set(re.findall(r"[A-Za-z_$]\w*", code))
    mapping = _choose_renames(names, taken, lang, rng, rename_prob) if names else {}
    renamed = _apply_renames(tokens, mapping)
    style = rng.random()
    if style < 0.3:
        renamed = _brace_style(renamed, allman=True)
    elif style < 0.6:
        renamed = _brace_style(renamed, allman=False)
    unit = rng.choice(["  ", "    ", "\t", "   "])
    out = _reindent_brace(renamed, unit, drop_blank=rng.random() < 0.5)
    if _sig_texts(tokenize(out, lang)) != _sig_texts(renamed):
        return None
    if out.strip() == code.strip():
        return None
    return out, mapping


def rewrite_function(
    code: str, lang: str, rng: random.Random, rename_prob: float = 0.8
) -> tuple[str, dict[str, str]] | None:
    """Dispatch to :func:`rewrite_python` or :func:`rewrite_brace`."""
    if lang == "python":
        return rewrite_python(code, rng, rename_prob)
    return rewrite_brace(code, lang, rng, rename_prob)
