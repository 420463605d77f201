"""Rewrites meant to keep a Python function's behaviour: renamed locals, reformatting, equivalent constructs.

These imitate the surface variation between two correct programs — what a metric of code similarity should *not*
punish. Each construct rewrite lists its edits at every place it applies; the generator applies all that do not
overlap. "Meant to": a rewrite can change behaviour in a corner case (``for`` → ``while`` leaves the loop variable
one further, ``len(x) == 0`` → ``not x`` differs for ``None``), which is fine because every candidate is labelled
by running the tests, never by assumption.
"""

from __future__ import annotations

import ast
import random
from collections.abc import Callable

from codebertscore.devset.python.source import (
    INDENT,
    Edit,
    FunctionSource,
    expr_replacement,
    indent_block,
    paren,
    stmt_lines,
)

# ---- renaming -------------------------------------------------------------------------------------------------

#: names a programmer might choose instead, by the role of the variable: (short style, descriptive style)
_NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "index": (("i", "j", "k", "p", "q"), ("idx", "index", "pos", "position", "cursor", "ptr")),
    "collection": (("r", "out", "res", "acc", "ls"), ("result", "output", "collected", "items", "answer", "buffer")),
    "number": (("n", "m", "c", "t", "x"), ("total", "count", "value", "current", "running", "amount")),
    "text": (("s", "t", "w", "st"), ("text", "word", "chunk", "piece", "joined", "string_out")),
    "element": (("x", "y", "e", "v", "c"), ("item", "element", "entry", "value", "current", "elem")),
    "any": (("a", "b", "t", "v", "z"), ("tmp", "temp", "aux", "holder", "value", "item")),
}

_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("index", ("i", "j", "k", "idx", "index", "pos", "ind", "l", "r", "left", "right", "lo", "hi", "start", "end")),
    ("collection", ("res", "result", "ret", "ans", "out", "lst", "list", "arr", "new", "seq", "stack", "seen")),
    ("text", ("s", "str", "word", "text", "char", "ch", "letter", "string")),
    ("number", ("sum", "total", "count", "cnt", "num", "n", "val", "value", "max", "min", "prod")),
)


def _role_of_value(value: ast.expr) -> str | None:
    if isinstance(value, (ast.List, ast.ListComp, ast.Set, ast.SetComp, ast.Dict, ast.DictComp, ast.Tuple)):
        return "collection"
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        if value.func.id in ("list", "set", "dict", "sorted", "reversed", "tuple"):
            return "collection"
        if value.func.id in ("len", "sum", "int", "abs", "max", "min", "round", "float"):
            return "number"
        if value.func.id == "str":
            return "text"
    if isinstance(value, ast.Constant):
        if isinstance(value.value, str):
            return "text"
        if isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
            return "number"
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "join":
        return "text"
    return None


def _roles(fs: FunctionSource) -> dict[str, str]:
    """A guess at what each bound name holds, from its first binding: index, collection, number, text, element."""
    roles: dict[str, str] = {}
    for node in fs.walk_body():
        if isinstance(node, (ast.For, ast.comprehension)):
            over_range = (
                isinstance(node.iter, ast.Call)
                and isinstance(node.iter.func, ast.Name)
                and node.iter.func.id == "range"
            )
            over_enumerate = (
                isinstance(node.iter, ast.Call)
                and isinstance(node.iter.func, ast.Name)
                and node.iter.func.id == "enumerate"
            )
            if isinstance(node.target, ast.Name):
                roles.setdefault(node.target.id, "index" if over_range else "element")
            elif isinstance(node.target, ast.Tuple) and node.target.elts:
                for k, elt in enumerate(node.target.elts):
                    if isinstance(elt, ast.Name):
                        roles.setdefault(elt.id, "index" if (over_enumerate and k == 0) else "element")
        elif isinstance(node, ast.Assign):
            role = _role_of_value(node.value)
            for target in node.targets:
                if isinstance(target, ast.Name) and role is not None:
                    roles.setdefault(target.id, role)
    return roles


def _role(name: str, guessed: str | None) -> str:
    if guessed is not None:
        return guessed
    lowered = name.lower()
    for role, hints in _HINTS:
        if lowered in hints or any(lowered.startswith(h) and len(h) > 2 for h in hints):
            return role
    return "any"


#: calls that read or write variables by name: renaming would break them
_DYNAMIC_SCOPE = frozenset({"locals", "eval", "exec", "vars", "globals"})


def local_names(fs: FunctionSource) -> list[str]:
    """Variables the body binds that can be renamed consistently: not parameters, globals, or names in f-strings."""
    params = {a.arg for a in fs.func.args.args + fs.func.args.kwonlyargs + fs.func.args.posonlyargs}
    if fs.func.args.vararg:
        params.add(fs.func.args.vararg.arg)
    if fs.func.args.kwarg:
        params.add(fs.func.args.kwarg.arg)
    bound: list[str] = []
    blocked: set[str] = set(params)
    for node in fs.walk_body():
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id not in bound:
            bound.append(node.id)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            blocked.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            blocked.add(node.name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            blocked.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            blocked.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.JoinedStr):
            blocked.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _DYNAMIC_SCOPE:
            return []
    # a name used (loaded) in the prompt part (e.g. a module-level helper) is not a local
    prompt_names = {
        n.id for n in ast.walk(fs.tree) if isinstance(n, ast.Name) and not fs.in_body(n)
    }
    # ``_`` says "unused" by convention: renaming it would change how the code reads, not just its names
    return [n for n in bound if n not in blocked and n not in prompt_names and n != "_"]


def rename_locals(fs: FunctionSource, rng: random.Random) -> list[Edit]:
    """Every local variable renamed consistently (one edit) to a fresh name of a similar role."""
    names = local_names(fs)
    if not names:
        return []
    taken = fs.identifiers()
    roles = _roles(fs)
    style = rng.randrange(2)  # 0: short names, 1: descriptive names — one style per candidate, as people write
    mapping: dict[str, str] = {}
    for name in names:
        role = _role(name, roles.get(name))
        pool: list[str] = []
        for group in (_NAME_POOLS[role][style], _NAME_POOLS["any"][style], _NAME_POOLS[role][1 - style]):
            pool = pool or [c for c in group if c not in taken and c != name]
        if not pool:
            pool = [f"{name}_{k}" for k in range(2, 9) if f"{name}_{k}" not in taken]
        new = rng.choice(pool)
        mapping[name] = new
        taken.add(new)
    reps = []
    for node in ast.walk(fs.func):
        if not fs.in_body(node):
            continue
        if isinstance(node, ast.Name) and node.id in mapping:
            reps.append((fs.start(node), fs.end(node), mapping[node.id]))
        elif isinstance(node, ast.arg) and node.arg in mapping:  # a lambda / nested def parameter of the same name
            a = fs.start(node)
            reps.append((a, a + len(node.arg), mapping[node.arg]))
    return [tuple(reps)] if reps else []


def reformat(fs: FunctionSource) -> str:
    """The body as :func:`ast.unparse` writes it: comments and blank lines gone, one quoting style, normal spacing."""
    return "".join(indent_block(ast.unparse(stmt), INDENT) for stmt in fs.body_stmts)


# ---- equivalent constructs --------------------------------------------------------------------------------------


def aug_assign(fs: FunctionSource) -> list[Edit]:
    """``x += e`` ↔ ``x = x + e`` (for a plain variable ``x``)."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            new = ast.Assign(
                targets=[ast.Name(node.target.id, ast.Store())],
                value=ast.BinOp(ast.Name(node.target.id, ast.Load()), node.op, node.value),
                lineno=0,
            )
            edits.append(((fs.start(node), fs.end(node), ast.unparse(new)),))
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.BinOp)
            and isinstance(node.value.left, ast.Name)
            and node.value.left.id == node.targets[0].id
        ):
            new_aug = ast.AugAssign(ast.Name(node.targets[0].id, ast.Store()), node.value.op, node.value.right)
            edits.append(((fs.start(node), fs.end(node), ast.unparse(new_aug)),))
    return edits


_NEGATED_OP: dict[type, type] = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}


def compare_negation(fs: FunctionSource) -> list[Edit]:
    """``not a == b`` ↔ ``a != b``, ``not a in b`` ↔ ``a not in b`` (single comparisons)."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, ast.Not)
            and isinstance(node.operand, ast.Compare)
            and len(node.operand.ops) == 1
            and type(node.operand.ops[0]) in _NEGATED_OP
        ):
            cmp = node.operand
            new = ast.Compare(cmp.left, [_NEGATED_OP[type(cmp.ops[0])]()], cmp.comparators)
            edits.append((expr_replacement(fs, node, new),))
        elif (
            isinstance(node, ast.Compare)
            and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.NotEq, ast.NotIn))
            and not isinstance(fs.parent(node), (ast.Compare, ast.BinOp, ast.UnaryOp, ast.Subscript, ast.Attribute))
        ):
            positive = ast.Compare(node.left, [_NEGATED_OP[type(node.ops[0])]()], node.comparators)
            new_not = ast.UnaryOp(ast.Not(), positive)
            edits.append((expr_replacement(fs, node, new_not),))
    return edits


_MIRROR: dict[type, type] = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE, ast.Eq: ast.Eq,
                             ast.NotEq: ast.NotEq}


def _is_literal(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Dict, ast.Set))


def swap_operands(fs: FunctionSource) -> list[Edit]:
    """Commutative operands swapped the way people write them both: ``a < b`` → ``b > a``, ``0 == x`` → ``x == 0``,
    ``2 * x`` → ``x * 2``, ``len(a) + 1`` ↔ ``1 + len(a)`` (never a literal moved to the left: nobody writes
    ``if 0 == n``; ``+`` only between clearly numeric operands)."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _MIRROR:
            left, right = node.left, node.comparators[0]
            if ast.dump(left) == ast.dump(right) or _is_literal(right):
                continue
            new: ast.expr = ast.Compare(right, [_MIRROR[type(node.ops[0])]()], [left])
            edits.append((expr_replacement(fs, node, new),))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)):
            if _is_literal(node.right) or ast.dump(node.left) == ast.dump(node.right):
                continue
            if isinstance(node.op, ast.Add) and not (_numeric(node.left) and _numeric(node.right)):
                continue  # ``+`` of strings and lists is not commutative: only swap clearly numeric operands
            new = ast.BinOp(node.right, node.op, node.left)
            edits.append((expr_replacement(fs, node, new),))
    return edits


_NUMERIC_CALLS = frozenset({"len", "abs", "int", "sum", "ord", "round", "float", "pow"})


def _numeric(node: ast.expr) -> bool:
    """Whether an expression is clearly a number (a literal, ``len(...)``, ``a - b``...), judged from syntax only."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in _NUMERIC_CALLS
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _numeric(node.operand)
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, (ast.Sub, ast.Div, ast.FloorDiv, ast.Pow)):
            return True
        return _numeric(node.left) and _numeric(node.right)
    return False


def _returned(stmt: ast.stmt) -> ast.expr | None:
    if isinstance(stmt, ast.Return) and stmt.value is not None:
        return stmt.value
    return None


def ternary(fs: FunctionSource) -> list[Edit]:
    """``if c: return a`` + ``else: return b`` (or a following ``return b``) ↔ ``return a if c else b``."""
    edits: list[Edit] = []
    for block in fs.blocks():
        for i, stmt in enumerate(block):
            if isinstance(stmt, ast.If) and len(stmt.body) == 1 and (a_val := _returned(stmt.body[0])) is not None:
                last: ast.stmt
                if stmt.orelse and len(stmt.orelse) == 1 and (b_val := _returned(stmt.orelse[0])) is not None:
                    last = stmt
                elif not stmt.orelse and i + 1 < len(block) and (b_val := _returned(block[i + 1])) is not None:
                    last = block[i + 1]
                else:
                    continue
                if not (fs.owns_lines(stmt) and fs.owns_lines(last)):
                    continue
                new = ast.Return(ast.IfExp(stmt.test, a_val, b_val))
                text = ast.unparse(new)
                if len(text) > 100:
                    continue
                edits.append(((fs.start(stmt), fs.end(last), text),))
            elif (
                isinstance(stmt, ast.Return)
                and isinstance(stmt.value, ast.IfExp)
                and fs.owns_lines(stmt)
            ):
                exp = stmt.value
                new_if = ast.If(exp.test, [ast.Return(exp.body)], [ast.Return(exp.orelse)])
                indentation = fs.indentation(stmt.lineno)
                a, b = stmt_lines(fs, [stmt])
                edits.append(((a, b, indent_block(ast.unparse(new_if), indentation)),))
    return edits


def _append_call(stmt: ast.stmt, name: str) -> ast.expr | None:
    """The appended expression when ``stmt`` is ``name.append(e)``."""
    if (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Attribute)
        and stmt.value.func.attr == "append"
        and isinstance(stmt.value.func.value, ast.Name)
        and stmt.value.func.value.id == name
        and len(stmt.value.args) == 1
        and not stmt.value.keywords
    ):
        return stmt.value.args[0]
    return None


def _uses(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def comprehension(fs: FunctionSource) -> list[Edit]:
    """``r = []`` + ``for x in xs: [if c:] r.append(e)`` ↔ ``r = [e for x in xs if c]``."""
    edits: list[Edit] = []
    for block in fs.blocks():
        for i, stmt in enumerate(block):
            # loop -> comprehension
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.List)
                and not stmt.value.elts
                and i + 1 < len(block)
                and isinstance(loop := block[i + 1], ast.For)
                and not loop.orelse
                and len(loop.body) == 1
            ):
                name = stmt.targets[0].id
                inner = loop.body[0]
                ifs: list[ast.expr] = []
                if isinstance(inner, ast.If) and not inner.orelse and len(inner.body) == 1:
                    ifs = [inner.test]
                    inner = inner.body[0]
                elt = _append_call(inner, name)
                if elt is None or _uses(elt, name) or any(_uses(c, name) for c in ifs) or _uses(loop.iter, name):
                    continue
                if not (fs.owns_lines(stmt) and fs.owns_lines(loop)):
                    continue
                comp = ast.ListComp(elt, [ast.comprehension(loop.target, loop.iter, ifs, 0)])
                text = ast.unparse(ast.Assign([ast.Name(name, ast.Store())], comp, lineno=0))
                if len(text) > 110:
                    continue
                edits.append(((fs.start(stmt), fs.end(loop), text),))
            # comprehension -> loop
            elif (
                isinstance(stmt, (ast.Assign, ast.Return))
                and isinstance(stmt.value, ast.ListComp)
                and len(stmt.value.generators) == 1
                and len(stmt.value.generators[0].ifs) <= 1
                and not stmt.value.generators[0].is_async
                and fs.owns_lines(stmt)
            ):
                if isinstance(stmt, ast.Assign):
                    if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
                        continue
                    name = stmt.targets[0].id
                    if _uses(stmt.value, name):
                        continue
                    tail = ""
                else:
                    taken = fs.identifiers()
                    name = next((n for n in ("result", "res", "out", "output", "lst") if n not in taken), "")
                    if not name:
                        continue
                    tail = f"return {name}"
                comp = stmt.value
                gen = comp.generators[0]
                method = ast.Attribute(ast.Name(name, ast.Load()), "append", ast.Load())
                append = ast.Expr(ast.Call(method, [comp.elt], []))
                inner_body: ast.stmt = append
                if gen.ifs:
                    inner_body = ast.If(gen.ifs[0], [append], [])
                loop = ast.For(gen.target, gen.iter, [inner_body], [], lineno=0)
                code = f"{name} = []\n{ast.unparse(loop)}" + (f"\n{tail}" if tail else "")
                indentation = fs.indentation(stmt.lineno)
                a, b = stmt_lines(fs, [stmt])
                edits.append(((a, b, indent_block(code, indentation)),))
    return edits


def len_check(fs: FunctionSource) -> list[Edit]:
    """``len(x) == 0`` → ``not x``; ``len(x) > 0`` / ``len(x) != 0`` / ``len(x) >= 1`` → ``x`` in a condition."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if not (
            isinstance(node, ast.Compare)
            and len(node.ops) == 1
            and isinstance(node.left, ast.Call)
            and isinstance(node.left.func, ast.Name)
            and node.left.func.id == "len"
            and len(node.left.args) == 1
            and isinstance(node.comparators[0], ast.Constant)
            and node.comparators[0].value in (0, 1)
            and not isinstance(node.comparators[0].value, bool)
        ):
            continue
        subject = node.left.args[0]
        op, k = type(node.ops[0]), node.comparators[0].value
        parent = fs.parent(node)
        in_test = isinstance(parent, (ast.If, ast.While, ast.IfExp)) and getattr(parent, "test", None) is node
        in_test = in_test or isinstance(parent, (ast.BoolOp, ast.comprehension))
        if (op is ast.Eq and k == 0) or (op is ast.Lt and k == 1):
            new: ast.expr = ast.UnaryOp(ast.Not(), subject)
        elif (op in (ast.NotEq, ast.Gt) and k == 0) or (op is ast.GtE and k == 1):
            new = subject if in_test else ast.Call(ast.Name("bool", ast.Load()), [subject], [])
        else:
            continue
        edits.append((expr_replacement(fs, node, new),))
    return edits


def _assigns(node: ast.AST, name: str) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store):
            return True
    return False


def _has_continue(stmts: list[ast.stmt]) -> bool:
    """A ``continue`` that belongs to this loop (not to a nested one)."""
    stack: list[ast.AST] = list(stmts)
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Continue):
            return True
        if isinstance(n, (ast.For, ast.While, ast.AsyncFor)):
            stack.extend(n.orelse)
            continue
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(n))
    return False


def while_for(fs: FunctionSource) -> list[Edit]:
    """``for i in range(a, b): body`` ↔ ``i = a`` + ``while i < b: body; i += 1`` (no ``continue`` in body)."""
    edits: list[Edit] = []
    for block in fs.blocks():
        for i, stmt in enumerate(block):
            if (
                isinstance(stmt, ast.For)
                and isinstance(stmt.target, ast.Name)
                and isinstance(stmt.iter, ast.Call)
                and isinstance(stmt.iter.func, ast.Name)
                and stmt.iter.func.id == "range"
                and 1 <= len(stmt.iter.args) <= 2
                and not stmt.iter.keywords
                and not stmt.orelse
                and stmt.body[0].lineno > stmt.lineno
                and fs.owns_lines(stmt)
            ):
                var = stmt.target.id
                if any(_assigns(s, var) for s in stmt.body) or _has_continue(stmt.body):
                    continue
                args = stmt.iter.args
                start = fs.segment(args[0]) if len(args) == 2 else "0"
                stop_node = args[-1]
                if any(_uses(a, var) for a in args):
                    continue
                stop = paren(fs.segment(stop_node), stop_node, 7)
                indentation = fs.indentation(stmt.lineno)
                inner = fs.indentation(stmt.body[0].lineno)
                header_a = fs.line_start(stmt.lineno)
                header_b = fs.line_start(stmt.body[0].lineno)
                header = f"{indentation}{var} = {start}\n{indentation}while {var} < {stop}:\n"
                after = fs.line_end(stmt.body[-1].end_lineno)  # type: ignore[arg-type]
                edits.append(((header_a, header_b, header), (after, after, f"{inner}{var} += 1\n")))
            elif (
                isinstance(stmt, ast.While)
                and i > 0
                and not stmt.orelse
                and isinstance(stmt.test, ast.Compare)
                and len(stmt.test.ops) == 1
                and isinstance(stmt.test.ops[0], ast.Lt)
                and isinstance(stmt.test.left, ast.Name)
                and len(stmt.body) >= 2
            ):
                var = stmt.test.left.id
                init = block[i - 1]
                last = stmt.body[-1]
                if not (
                    isinstance(init, ast.Assign)
                    and len(init.targets) == 1
                    and isinstance(init.targets[0], ast.Name)
                    and init.targets[0].id == var
                    and isinstance(last, ast.AugAssign)
                    and isinstance(last.target, ast.Name)
                    and last.target.id == var
                    and isinstance(last.op, ast.Add)
                    and isinstance(last.value, ast.Constant)
                    and last.value.value == 1
                ):
                    continue
                if any(_assigns(s, var) for s in stmt.body[:-1]) or _has_continue(stmt.body):
                    continue
                if not (fs.owns_lines(init) and fs.owns_lines(stmt) and fs.owns_lines(last)):
                    continue
                if stmt.body[0].lineno == stmt.lineno or _uses(stmt.test.comparators[0], var):
                    continue
                start = fs.segment(init.value)
                stop = fs.segment(stmt.test.comparators[0])
                rng_text = f"range({stop})" if start == "0" else f"range({start}, {stop})"
                indentation = fs.indentation(stmt.lineno)
                a = fs.line_start(init.lineno)
                b = fs.line_start(stmt.body[0].lineno)
                la, lb = stmt_lines(fs, [last])
                edits.append(((a, b, f"{indentation}for {var} in {rng_text}:\n"), (la, lb, "")))
    return edits


def temp_variable(fs: FunctionSource) -> list[Edit]:
    """``return e`` ↔ ``result = e`` + ``return result`` (for a final return of a compound expression)."""
    edits: list[Edit] = []
    taken = fs.identifiers()
    fresh = next((n for n in ("result", "res", "answer", "ans", "out", "value") if n not in taken), None)
    for block in fs.blocks():
        for i, stmt in enumerate(block):
            if (
                isinstance(stmt, ast.Return)
                and stmt.value is not None
                and not isinstance(stmt.value, (ast.Name, ast.Constant))
                and fs.owns_lines(stmt)
                and fresh is not None
                and stmt.end_lineno == stmt.lineno
            ):
                indentation = fs.indentation(stmt.lineno)
                a, b = fs.start(stmt), fs.end(stmt)
                value = fs.segment(stmt.value)
                if isinstance(stmt.value, ast.Tuple) and not value.startswith("("):
                    value = f"({value})"
                edits.append(((a, b, f"{fresh} = {value}\n{indentation}return {fresh}"),))
            elif (
                isinstance(stmt, ast.Return)
                and isinstance(stmt.value, ast.Name)
                and i > 0
                and isinstance(assign := block[i - 1], ast.Assign)
                and len(assign.targets) == 1
                and isinstance(assign.targets[0], ast.Name)
                and assign.targets[0].id == stmt.value.id
                and fs.owns_lines(stmt)
                and fs.owns_lines(assign)
            ):
                name = stmt.value.id
                uses = [n for n in ast.walk(fs.func) if isinstance(n, ast.Name) and n.id == name]
                if len(uses) != 2:  # only the assignment and the return
                    continue
                edits.append(((fs.start(assign), fs.end(stmt), f"return {fs.segment(assign.value)}"),))
    return edits


def invert_if(fs: FunctionSource) -> list[Edit]:
    """``if c: A else: B`` → ``if not c: B else: A`` (``else`` only, not ``elif``)."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if not (isinstance(node, ast.If) and node.orelse and fs.owns_lines(node)):
            continue
        if fs.source[fs.start(node) :].startswith("elif"):
            continue
        first_else = node.orelse[0]
        if isinstance(first_else, ast.If) and fs.source[fs.start(first_else) :].startswith("elif"):
            continue
        if node.body[0].lineno == node.lineno or first_else.lineno == node.body[-1].end_lineno:
            continue
        else_line = fs.line(first_else.lineno - 1).strip()
        if not else_line.startswith("else"):
            continue
        test = node.test
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            cond = fs.segment(test.operand)
        elif isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _NEGATED_OP:
            cond = ast.unparse(ast.Compare(test.left, [_NEGATED_OP[type(test.ops[0])]()], test.comparators))
        else:
            cond = "not " + paren(fs.segment(test), test, 5)
        indentation = fs.indentation(node.lineno)
        a_body, b_body = stmt_lines(fs, node.body)
        a_else, b_else = stmt_lines(fs, node.orelse)
        text = (
            f"{indentation}if {cond}:\n"
            + fs.source[a_else:b_else]
            + f"{indentation}else:\n"
            + fs.source[a_body:b_body]
        )
        a, b = stmt_lines(fs, [node])
        edits.append(((a, b, text),))
    return edits


def range_form(fs: FunctionSource) -> list[Edit]:
    """``range(0, n)`` ↔ ``range(n)``."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"):
            continue
        if node.keywords:
            continue
        if len(node.args) == 1 and not isinstance(node.args[0], ast.Starred):
            a = fs.start(node.args[0])
            edits.append(((a, a, "0, "),))
        elif (
            len(node.args) == 2
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value == 0
            and not isinstance(node.args[0].value, bool)
        ):
            edits.append(((fs.start(node.args[0]), fs.start(node.args[1]), ""),))
    return edits


def square(fs: FunctionSource) -> list[Edit]:
    """``x ** 2`` ↔ ``x * x`` (for a plain variable ``x``)."""
    edits: list[Edit] = []
    for node in fs.walk_body():
        if not isinstance(node, ast.BinOp):
            continue
        if (
            isinstance(node.op, ast.Pow)
            and isinstance(node.left, ast.Name)
            and isinstance(node.right, ast.Constant)
            and node.right.value == 2
        ):
            edits.append((expr_replacement(fs, node, ast.BinOp(node.left, ast.Mult(), node.left)),))
        elif (
            isinstance(node.op, ast.Mult)
            and isinstance(node.left, ast.Name)
            and isinstance(node.right, ast.Name)
            and node.left.id == node.right.id
        ):
            edits.append((expr_replacement(fs, node, ast.BinOp(node.left, ast.Pow(), ast.Constant(2))),))
    return edits


def enumerate_loop(fs: FunctionSource) -> list[Edit]:
    """``for i in range(len(xs)): ... xs[i] ...`` → ``for i, x in enumerate(xs): ... x ...``."""
    edits: list[Edit] = []
    taken = fs.identifiers()
    for node in fs.walk_body():
        if not (
            isinstance(node, ast.For)
            and isinstance(node.target, ast.Name)
            and isinstance(node.iter, ast.Call)
            and isinstance(node.iter.func, ast.Name)
            and node.iter.func.id == "range"
            and len(node.iter.args) == 1
            and isinstance(node.iter.args[0], ast.Call)
            and isinstance(node.iter.args[0].func, ast.Name)
            and node.iter.args[0].func.id == "len"
            and len(node.iter.args[0].args) == 1
            and isinstance(node.iter.args[0].args[0], ast.Name)
        ):
            continue
        index, seq = node.target.id, node.iter.args[0].args[0].id
        if any(_assigns(s, index) or _assigns(s, seq) for s in node.body):
            continue
        hits = [
            n
            for s in node.body
            for n in ast.walk(s)
            if isinstance(n, ast.Subscript)
            and isinstance(n.value, ast.Name)
            and n.value.id == seq
            and isinstance(n.slice, ast.Name)
            and n.slice.id == index
        ]
        if not hits or any(not isinstance(h.ctx, ast.Load) for h in hits):
            continue
        mutated = any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
            and n.func.value.id == seq
            for s in node.body
            for n in ast.walk(s)
        )
        if mutated:
            continue
        candidates = [seq[:-1]] if seq.endswith("s") and len(seq) >= 2 else []
        candidates += ["item", "elem", "value", "x", "v"]
        elem = next((c for c in candidates if c not in taken), None)
        if elem is None:
            continue
        reps = [(fs.start(node.target), fs.end(node.iter), f"{index}, {elem} in enumerate({seq})")]
        reps += [(fs.start(h), fs.end(h), elem) for h in hits]
        edits.append(tuple(reps))
    return edits


#: construct rewrites that change a program's shape (preferred when drawing one) and those that change a token or two
STRUCTURAL: tuple[str, ...] = (
    "ternary", "comprehension", "while_for", "invert_if", "enumerate_loop", "len_check", "compare_negation",
    "aug_assign", "square",
)

#: construct rewrite -> function listing its edits; the name is the origin's suffix ("rewrite:<name>")
CONSTRUCTS: dict[str, Callable[[FunctionSource], list[Edit]]] = {
    "aug_assign": aug_assign,
    "compare_negation": compare_negation,
    "swap_operands": swap_operands,
    "ternary": ternary,
    "comprehension": comprehension,
    "len_check": len_check,
    "while_for": while_for,
    "temp_variable": temp_variable,
    "invert_if": invert_if,
    "range_form": range_form,
    "square": square,
    "enumerate_loop": enumerate_loop,
}
