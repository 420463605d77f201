"""Faults: small edits to a correct Python function body of the kinds people (and code models) get wrong.

Each fault kind lists every place it can apply as an :data:`~codebertscore.devset.python.source.Edit`; the
variant generator draws one with a seeded random generator. Edits are minimal (one operator token, one constant,
one statement), so the rest of the code stays byte-identical. Whether a faulty candidate really fails is never
assumed: every candidate is labelled by running the problem's tests (some faults are equivalent mutants and pass).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from codebertscore.devset.python.source import (
    Edit,
    FunctionSource,
    operator_span,
    paren,
    precedence,
    reindent,
    stmt_lines,
)

_COMPARE_SWAPS: dict[type, tuple[str, ...]] = {
    ast.Lt: ("<=", ">"),
    ast.LtE: ("<", ">="),
    ast.Gt: (">=", "<"),
    ast.GtE: (">", "<="),
    ast.Eq: ("!=",),
    ast.NotEq: ("==",),
    ast.In: ("not in",),
    ast.NotIn: ("in",),
    ast.Is: ("is not",),
    ast.IsNot: ("is",),
}

_ARITH_SWAPS: dict[type, tuple[str, ...]] = {
    ast.Add: ("-",),
    ast.Sub: ("+",),
    ast.Mult: ("+", "//"),
    ast.Div: ("*", "//"),
    ast.FloorDiv: ("/", "%"),
    ast.Mod: ("//",),
    ast.Pow: ("*",),
    ast.BitAnd: ("|",),
    ast.BitOr: ("&",),
    ast.BitXor: ("|",),
    ast.LShift: (">>",),
    ast.RShift: ("<<",),
}


def compare_op(fs: FunctionSource) -> list[Edit]:
    """``<`` ↔ ``<=``, ``<`` ↔ ``>``, ``==`` ↔ ``!=``, ``in`` ↔ ``not in``, ``is`` ↔ ``is not``."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for i, op in enumerate(node.ops):
            span = operator_span(fs.source, fs.end(operands[i]), fs.start(operands[i + 1]))
            if span is None:
                continue
            for new in _COMPARE_SWAPS.get(type(op), ()):
                edits.append(((span[0], span[1], new),))
    return edits


def arith_op(fs: FunctionSource) -> list[Edit]:
    """``+`` ↔ ``-``, ``*`` → ``+``/``//``, ``/`` → ``*``/``//``, ``//`` → ``/``/``%``, ... (also in ``x += 1``)."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if isinstance(node, ast.BinOp):
            span = operator_span(fs.source, fs.end(node.left), fs.start(node.right))
            suffix = ""
        elif isinstance(node, ast.AugAssign):
            span = operator_span(fs.source, fs.end(node.target), fs.start(node.value))
            suffix = "="
        else:
            continue
        if span is None:
            continue
        for new in _ARITH_SWAPS.get(type(node.op), ()):
            edits.append(((span[0], span[1], new + suffix),))
    return edits


def bool_op(fs: FunctionSource) -> list[Edit]:
    """``and`` ↔ ``or`` (every operator of one boolean expression)."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if not isinstance(node, ast.BoolOp):
            continue
        new = "or" if isinstance(node.op, ast.And) else "and"
        reps = []
        for a, b in zip(node.values, node.values[1:], strict=False):
            span = operator_span(fs.source, fs.end(a), fs.start(b))
            if span is None:
                break
            reps.append((span[0], span[1], new))
        else:
            edits.append(tuple(reps))
    return edits


def constant(fs: FunctionSource) -> list[Edit]:
    """An integer constant ±1 (0 ↔ 1), ``True`` ↔ ``False``, an empty string ↔ a space."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if not isinstance(node, ast.Constant):
            continue
        value = node.value
        news: list[str] = []
        if isinstance(value, bool):
            news = [repr(not value)]
        elif isinstance(value, int):
            news = ["1"] if value == 0 else (["0", "2"] if value == 1 else [str(value + 1), str(value - 1)])
        elif isinstance(value, float):
            news = [repr(value + 1.0)] if value != 0 else ["1.0"]
        elif isinstance(value, str) and value in ("", " "):
            news = ["' '" if value == "" else "''"]
        a, b = fs.start(node), fs.end(node)
        if fs.source[a:b].startswith(("f", "F", "b", "B")) or fs.parent(node).__class__ is ast.JoinedStr:
            continue
        edits.extend(((a, b, new),) for new in news)
    return edits


def _int_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool)


def _shift(fs: FunctionSource, node: ast.expr, delta: int) -> Edit:
    """``node`` moved by ``delta`` as a person would write it: ``n - 1`` -> ``n - 2`` or ``n``, ``k`` -> ``k + 1``."""
    if _int_constant(node):
        return ((fs.start(node), fs.end(node), str(node.value + delta)),)  # type: ignore[attr-defined]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and _int_constant(node.right):
        offset = node.right.value if isinstance(node.op, ast.Add) else -node.right.value  # type: ignore[attr-defined]
        offset += delta
        left = fs.source[fs.start(node) : fs.end(node.left)]
        if offset == 0:
            return ((fs.start(node), fs.end(node), paren(left, node.left, 11)),)
        sign = "+" if offset > 0 else "-"
        return ((fs.start(node), fs.end(node), f"{left} {sign} {abs(offset)}"),)
    text = paren(fs.segment(node), node, 11)
    sign = "+" if delta > 0 else "-"
    return ((fs.start(node), fs.end(node), f"{text} {sign} {abs(delta)}"),)


def off_by_one(fs: FunctionSource) -> list[Edit]:
    """Boundaries one off: ``range`` bounds, slice bounds and list indices moved by ±1."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        targets: list[ast.expr] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range":
            targets = list(node.args[:2])
        elif isinstance(node, ast.Slice):
            targets = [x for x in (node.lower, node.upper) if x is not None]
        elif isinstance(node, ast.Subscript) and not isinstance(node.slice, (ast.Slice, ast.Tuple)):
            index = node.slice
            if isinstance(index, ast.Constant) and not isinstance(index.value, int):
                continue
            if isinstance(index, (ast.Name, ast.BinOp, ast.UnaryOp, ast.Constant)):
                targets = [index]
        for target in targets:
            if isinstance(target, ast.Starred):
                continue
            edits.append(_shift(fs, target, +1))
            edits.append(_shift(fs, target, -1))
    return edits


def drop_statement(fs: FunctionSource) -> list[Edit]:
    """One statement deleted (never the only statement of its block)."""
    edits: list[Edit] = []
    for block in fs.blocks():
        if len(block) < 2:
            continue
        for stmt in block:
            if fs.owns_lines(stmt) and not isinstance(stmt, ast.Pass):
                a, b = stmt_lines(fs, [stmt])
                edits.append(((a, b, ""),))
    return edits


def swap_statements(fs: FunctionSource) -> list[Edit]:
    """Two adjacent statements of one block in the opposite order."""
    edits: list[Edit] = []
    for block in fs.blocks():
        for first, second in zip(block, block[1:], strict=False):
            if not (fs.owns_lines(first) and fs.owns_lines(second)):
                continue
            if ast.dump(first) == ast.dump(second):
                continue
            a1, b1 = stmt_lines(fs, [first])
            a2, b2 = stmt_lines(fs, [second])
            text = fs.source[a2:b2] + fs.source[b1:a2] + fs.source[a1:b1]
            edits.append(((a1, b2, text),))
    return edits


def _looks_boolean(node: ast.expr) -> bool:
    if isinstance(node, (ast.Compare, ast.BoolOp)):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, (ast.Name, ast.Attribute))
        and (getattr(node.func, "id", None) or getattr(node.func, "attr", "")) in (
            "all", "any", "isinstance", "bool", "startswith", "endswith", "isdigit", "isalpha", "isupper", "islower",
        )
    )


def _negation(fs: FunctionSource, node: ast.expr) -> str:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return fs.segment(node.operand)
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return repr(not node.value)
    return "not " + paren(fs.segment(node), node, 5)


def wrong_return(fs: FunctionSource) -> list[Edit]:
    """A return statement returns the wrong thing: the negated condition, another variable, or a constant."""
    edits: list[Edit] = []
    names: list[str] = []
    for node in ast.walk(fs.func):
        if isinstance(node, ast.Name) and node.id not in names and fs.in_body(node):
            names.append(node.id)
    names += [a.arg for a in fs.func.args.args if a.arg not in names]
    assigned = _assigned_and_params(fs)
    local_like = [n for n in names if n in assigned]
    for node in fs.walk_body():
        if not isinstance(node, ast.Return) or node.value is None:
            continue
        value = node.value
        a, b = fs.start(value), fs.end(value)
        if _looks_boolean(value):
            edits.append(((a, b, _negation(fs, value)),))
        if isinstance(value, ast.Constant):
            v = value.value
            if isinstance(v, bool):
                pass  # covered by the negation
            elif isinstance(v, int):
                edits.append(((a, b, str(v + 1)),))
            elif isinstance(v, str):
                edits.append(((a, b, "''" if v else "'0'"),))
            elif v is None:
                edits.append(((a, b, "0"),))
        else:
            current = fs.segment(value)
            for name in local_like:
                if name != current:
                    edits.append(((a, b, name),))
    return edits


def _assigned_and_params(fs: FunctionSource) -> set[str]:
    """Parameters and names the body binds in its own scope (not those bound only inside comprehensions)."""
    names = {a.arg for a in fs.func.args.args + fs.func.args.kwonlyargs + fs.func.args.posonlyargs}
    in_comprehensions: set[int] = set()
    for node in fs.walk_body():
        if isinstance(node, ast.comprehension):
            in_comprehensions.update(id(n) for n in ast.walk(node.target))
    for node in fs.walk_body():
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and id(node) not in in_comprehensions:
            names.add(node.id)
    return names


def remove_else(fs: FunctionSource) -> list[Edit]:
    """The ``else``/``elif`` branch of an ``if`` removed."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if not isinstance(node, ast.If) or not node.orelse:
            continue
        first_else_line = node.body[-1].end_lineno + 1  # type: ignore[operator]
        a = fs.line_start(first_else_line)
        b = fs.line_end(node.end_lineno)  # type: ignore[arg-type]
        head = fs.source[a : fs.start(node.orelse[0])]
        is_elif = isinstance(node.orelse[0], ast.If) and fs.source[fs.start(node.orelse[0]) :].startswith("elif")
        if "else" not in head and not is_elif:
            continue
        edits.append(((a, b, ""),))
    return edits


def drop_condition(fs: FunctionSource) -> list[Edit]:
    """The test of an ``if`` without ``else`` removed: its body always runs."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if not isinstance(node, ast.If) or node.orelse or not fs.owns_lines(node):
            continue
        if node.body[0].lineno == node.lineno:  # body on the header line
            continue
        if fs.source[fs.start(node) :].startswith("elif"):
            continue
        a, b = stmt_lines(fs, [node])
        body_a, body_b = stmt_lines(fs, node.body)
        outer = len(fs.indentation(node.lineno))
        inner = len(fs.indentation(node.body[0].lineno))
        text = reindent(fs.source[body_a:body_b], inner - outer)
        edits.append(((a, b, text),))
    return edits


def negate_condition(fs: FunctionSource) -> list[Edit]:
    """The condition of an ``if``/``while``/conditional expression/comprehension filter negated."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        tests: list[ast.expr] = []
        if isinstance(node, (ast.If, ast.While, ast.IfExp)):
            tests = [node.test]
        elif isinstance(node, ast.comprehension):
            tests = list(node.ifs)
        for test in tests:
            edits.append(((fs.start(test), fs.end(test), _negation(fs, test)),))
    return edits


#: fault kind -> function listing its edits; the kind is the origin's suffix ("mutation:<kind>")
FAULTS: dict[str, Callable[[FunctionSource], list[Edit]]] = {
    "compare_op": compare_op,
    "arith_op": arith_op,
    "bool_op": bool_op,
    "constant": constant,
    "off_by_one": off_by_one,
    "drop_statement": drop_statement,
    "swap_statements": swap_statements,
    "wrong_return": wrong_return,
    "remove_else": remove_else,
    "drop_condition": drop_condition,
    "negate_condition": negate_condition,
}

__all__ = ["FAULTS", *FAULTS, "precedence"]
