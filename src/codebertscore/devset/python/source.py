"""Source positions and text edits on a HumanEval-style Python function: the machinery behind the variants.

A candidate continues a prompt (imports, helper functions, the signature and docstring of the entry point) with a
function body. To make variants that differ from the original the way a person's edit would — one operator, one
line, one name — we parse ``prompt + body`` with :mod:`ast`, locate nodes by their source positions, and splice
replacement text into the original source. Everything outside the edited span (comments, blank lines, quoting
style) stays as it was. Edits never touch the prompt.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

#: one text replacement on the whole source: (start offset, end offset, new text)
Replacement = tuple[int, int, str]
#: one edit: replacements applied together (e.g. every occurrence of a renamed variable)
Edit = tuple[Replacement, ...]

INDENT = "    "


class VariantError(ValueError):
    """A function could not be parsed or located (a bug in the data or in a transform, not user input)."""


@dataclass
class FunctionSource:
    """``prompt + body`` parsed, with the entry-point function and the statements that belong to ``body``."""

    prompt: str
    body: str
    entry_point: str
    tree: ast.Module = field(init=False, repr=False)
    func: ast.FunctionDef = field(init=False, repr=False)
    body_stmts: list[ast.stmt] = field(init=False, repr=False)
    _line_starts: list[int] = field(init=False, repr=False)
    _lines: list[str] = field(init=False, repr=False)
    _parents: dict[int, ast.AST] | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        try:
            self.tree = ast.parse(self.source)
        except SyntaxError as exc:
            raise VariantError(f"{self.entry_point}: does not parse: {exc}") from None
        funcs = [
            n
            for n in self.tree.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == self.entry_point
        ]
        if not funcs:
            raise VariantError(f"no top-level function named {self.entry_point!r}")
        self.func = funcs[-1]  # type: ignore[assignment]
        self._lines = self.source.splitlines(keepends=True)
        starts, pos = [], 0
        for line in self._lines:
            starts.append(pos)
            pos += len(line)
        starts.append(pos)
        self._line_starts = starts
        cut = len(self.prompt)
        self.body_stmts = [s for s in self.func.body if self.start(s) >= cut]
        if not self.body_stmts:
            raise VariantError(f"{self.entry_point}: the body adds no statement to the prompt")

    @property
    def source(self) -> str:
        return self.prompt + self.body

    # ---- positions -------------------------------------------------------------------------------------------
    def offset(self, lineno: int, col: int) -> int:
        """Character offset of (1-based line, UTF-8 byte column) — ast columns count bytes, not characters."""
        line = self._lines[lineno - 1] if lineno - 1 < len(self._lines) else ""
        return self._line_starts[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def segment(self, node: ast.AST) -> str:
        return self.source[self.start(node) : self.end(node)]

    def line_start(self, lineno: int) -> int:
        return self._line_starts[lineno - 1]

    def line_end(self, lineno: int) -> int:
        """Offset just after line ``lineno`` (after its newline)."""
        return self._line_starts[lineno]

    def line(self, lineno: int) -> str:
        return self._lines[lineno - 1]

    def indentation(self, lineno: int) -> str:
        text = self.line(lineno)
        return text[: len(text) - len(text.lstrip(" \t"))]

    def owns_lines(self, stmt: ast.stmt) -> bool:
        """Whether ``stmt`` alone occupies its lines (nothing but indentation before, a comment at most after)."""
        before = self.source[self.line_start(stmt.lineno) : self.start(stmt)]
        after = self.source[self.end(stmt) : self.line_end(stmt.end_lineno)]  # type: ignore[arg-type]
        return not before.strip() and (not after.strip() or after.strip().startswith("#"))

    # ---- nodes -----------------------------------------------------------------------------------------------
    def in_body(self, node: ast.AST) -> bool:
        return hasattr(node, "lineno") and self.start(node) >= len(self.prompt)

    def walk_body(self) -> Iterator[ast.AST]:
        """Every node of the candidate's statements, in source order of the statements."""
        for stmt in self.body_stmts:
            yield from ast.walk(stmt)

    def parent(self, node: ast.AST) -> ast.AST | None:
        if self._parents is None:
            self._parents = {}
            for p in ast.walk(self.func):
                for c in ast.iter_child_nodes(p):
                    self._parents[id(c)] = p
        return self._parents.get(id(node))

    def blocks(self) -> Iterator[list[ast.stmt]]:
        """Every statement list of the body (the body itself, loop/if/with/try bodies, else branches...)."""
        yield self.body_stmts
        for node in self.walk_body():
            for name in ("body", "orelse", "finalbody"):
                block = getattr(node, name, None)
                if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                    yield block
            if isinstance(node, ast.Try):
                for handler in node.handlers:
                    yield handler.body

    def identifiers(self) -> set[str]:
        """Every identifier that appears anywhere in the module (to choose fresh names that collide with none)."""
        names: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
            elif isinstance(node, ast.ExceptHandler) and node.name:
                names.add(node.name)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                names.update(node.names)
        return names | set(dir(builtins)) | set(keyword.kwlist) | set(keyword.softkwlist)


# ---- applying edits ------------------------------------------------------------------------------------------


def apply_edits(source: str, edits: Iterable[Edit], *, protect: int = 0) -> str:
    """Apply every edit that overlaps none applied before it (in the order given) and return the new source.

    Replacements must lie at or after ``protect`` (the prompt's length): the prompt is never edited.
    """
    taken: list[tuple[int, int]] = []
    chosen: list[Replacement] = []
    for edit in edits:
        spans = [(a, b) for a, b, _ in edit]
        if any(a < protect or b < a for a, b in spans):
            continue
        if any(_overlaps(s, t) for s in spans for t in taken):
            continue
        taken.extend(spans)
        chosen.extend(edit)
    out = source
    for a, b, text in sorted(chosen, key=lambda r: (r[0], r[1]), reverse=True):
        out = out[:a] + text + out[b:]
    return out


def _overlaps(s: tuple[int, int], t: tuple[int, int]) -> bool:
    (a, b), (c, d) = s, t
    if a == b or c == d:  # insertions conflict only when strictly inside the other span
        return (c < a < d) or (a < c < b) or (a == b == c == d)
    return a < d and c < b


def body_after(fs: FunctionSource, new_source: str) -> str:
    """The body part of an edited source (the prompt is unchanged by construction)."""
    if not new_source.startswith(fs.prompt):
        raise VariantError("an edit changed the prompt")
    return new_source[len(fs.prompt) :]


def normalise(body: str) -> str:
    """A body with trailing whitespace of every line and trailing blank lines removed (for de-duplication)."""
    return "\n".join(line.rstrip() for line in body.rstrip().splitlines())


def parses(fs: FunctionSource, body: str) -> bool:
    try:
        ast.parse(fs.prompt + body)
    except (SyntaxError, ValueError):
        return False
    return True


# ---- operator tokens -----------------------------------------------------------------------------------------

_OP_TOKEN = re.compile(
    r"\*\*=?|//=?|<<=?|>>=?|<=|>=|==|!=|[-+*/%@&|^]=?|<|>|not\s+in\b|is\s+not\b|in\b|is\b|and\b|or\b|not\b"
)


def operator_span(source: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the single operator token between two operands (``start``..``end`` is the gap between them).

    Parentheses, whitespace, line continuations and comments in the gap are skipped.
    """
    i = start
    while i < end:
        ch = source[i]
        if ch in " \t\r\n\\()":
            i += 1
        elif ch == "#":
            nl = source.find("\n", i, end)
            i = end if nl < 0 else nl + 1
        else:
            m = _OP_TOKEN.match(source, i, end)
            return (m.start(), m.end()) if m else None
    return None


# ---- precedence (to parenthesise spliced expressions only where needed) ---------------------------------------

_BINOP_PRECEDENCE = {
    ast.BitOr: 7, ast.BitXor: 8, ast.BitAnd: 9, ast.LShift: 10, ast.RShift: 10, ast.Add: 11, ast.Sub: 11,
    ast.Mult: 12, ast.MatMult: 12, ast.Div: 12, ast.FloorDiv: 12, ast.Mod: 12, ast.Pow: 14,
}


def precedence(node: ast.AST) -> int:
    """How tightly an expression binds (higher binds tighter), following the Python grammar."""
    if isinstance(node, ast.NamedExpr):
        return 0
    if isinstance(node, ast.Lambda):
        return 1
    if isinstance(node, ast.IfExp):
        return 2
    if isinstance(node, ast.BoolOp):
        return 3 if isinstance(node.op, ast.Or) else 4
    if isinstance(node, ast.UnaryOp):
        return 5 if isinstance(node.op, ast.Not) else 13
    if isinstance(node, ast.Compare):
        return 6
    if isinstance(node, ast.BinOp):
        return _BINOP_PRECEDENCE[type(node.op)]
    if isinstance(node, ast.Await):
        return 15
    if isinstance(node, (ast.Tuple, ast.Starred, ast.Yield, ast.YieldFrom)):
        return 0
    return 16


def paren(text: str, node: ast.AST, at_least: int) -> str:
    """``text`` (the source of ``node``) wrapped in parentheses when ``node`` binds looser than ``at_least``."""
    return f"({text})" if precedence(node) < at_least else text


def needs_parens(fs: FunctionSource, old: ast.expr, new: ast.expr) -> bool:
    """Whether ``new``, spliced where ``old`` stands (unparenthesised), needs parentheses to keep its structure.

    Only when ``new`` binds looser than ``old`` and the place demands more than ``new`` offers: an operand of an
    operator, of ``and``/``or`` or of a conditional expression; statements, call arguments and container items
    accept any expression but a bare tuple.
    """
    p_new = precedence(new)
    if p_new >= precedence(old):
        return False
    parent = fs.parent(old)
    if isinstance(parent, ast.Call) and old is not parent.func:
        return p_new <= 0  # an argument (the parentheses around it are the call's)
    if _parenthesised(fs, old):
        return False
    if isinstance(parent, ast.BoolOp):
        return p_new <= precedence(parent)
    if isinstance(parent, ast.IfExp):
        return p_new <= 2 if old is not parent.orelse else p_new < 2
    if isinstance(parent, ast.comprehension):
        return p_new <= 2
    if isinstance(parent, ast.BinOp):
        p_parent = precedence(parent)
        if p_new != p_parent:
            return p_new < p_parent
        # equal precedence: fine on the side the operator associates to (left; right for **)
        return old is (parent.left if isinstance(parent.op, ast.Pow) else parent.right)
    if isinstance(parent, ast.UnaryOp):
        return p_new < precedence(parent)
    if isinstance(parent, ast.Compare):
        return p_new <= precedence(parent)
    if isinstance(parent, (ast.Attribute, ast.Await, ast.Starred)):
        return True
    if isinstance(parent, ast.Subscript) and old is parent.value:
        return True
    if isinstance(parent, ast.Call) and old is parent.func:
        return True
    return p_new <= 0


def _parenthesised(fs: FunctionSource, node: ast.AST) -> bool:
    """Whether the source already has parentheses right around ``node`` (ast positions exclude them)."""
    before = fs.source[: fs.start(node)].rstrip()
    after = fs.source[fs.end(node) :].lstrip()
    return before.endswith("(") and after.startswith(")")


def expr_replacement(fs: FunctionSource, old: ast.expr, new: ast.expr) -> Replacement:
    """Replace expression ``old`` by ``new`` (unparsed), in parentheses only where its context needs them."""
    text = ast.unparse(new)
    already = isinstance(new, ast.Tuple) and text.startswith("(")  # unparse parenthesises tuples itself
    if not already and needs_parens(fs, old, new):
        text = f"({text})"
    return (fs.start(old), fs.end(old), text)


def stmt_lines(fs: FunctionSource, stmts: Sequence[ast.stmt]) -> tuple[int, int]:
    """The span of whole lines from the first statement's line to the last statement's line (with newline)."""
    return fs.line_start(stmts[0].lineno), fs.line_end(stmts[-1].end_lineno)  # type: ignore[arg-type]


def indent_block(code: str, indentation: str) -> str:
    """``code`` (unindented, several lines) with every non-blank line indented, ending in a newline."""
    lines = code.rstrip("\n").split("\n")
    return "".join((indentation + line if line.strip() else "") + "\n" for line in lines)


def reindent(text: str, remove: int, add: str = "") -> str:
    """Lines of ``text`` with ``remove`` leading characters of indentation dropped and ``add`` put in front."""
    out = []
    for line in text.splitlines(keepends=True):
        if not line.strip():
            out.append(line)
            continue
        body = line[remove:] if line[:remove].strip() == "" else line.lstrip(" \t")
        out.append(add + body)
    return "".join(out)
