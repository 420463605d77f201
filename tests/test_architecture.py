"""The package map of ARCHITECTURE.md, enforced: every import under ``src/codebertscore`` goes one way.

Imports are read with ``ast`` (those inside functions too: a late import is still a dependency), never executed.
A package may import itself, the neutral modules and the packages its row in ``ALLOWED`` names; nothing may form an
import cycle, between packages or between modules; a CLI verb never imports another verb.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "codebertscore"

#: neutral modules at the package root: any part may import them (``codebertscore`` itself is ``__version__``)
NEUTRAL = {"codebertscore", "errors", "languages", "jsonio"}

#: part -> the parts it may import (besides itself and NEUTRAL); see ARCHITECTURE.md
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "languages": set(),
    "jsonio": set(),
    "models": set(),
    "scoring": {"models"},
    "text": set(),
    "training": {"models", "scoring", "text"},
    "baselines": {"models", "scoring"},
    # metaeval never imports devset: DevRecord lives in metaeval/record.py and devset builds such records
    "metaeval": {"models", "scoring", "baselines"},
    "report": {"metaeval", "baselines"},
    "devset": {"models", "scoring", "text", "metaeval"},
    "cli": {"models", "scoring", "text", "training", "baselines", "metaeval", "report", "devset"},
    "__main__": {"cli"},
    # integrations with other tools' calling conventions: thin wrappers over the scorer
    "compat": {"scoring"},
    "hf_evaluate": {"scoring"},
    "data": {"hf_evaluate"},  # the `evaluate` metric script shipped as data (data/evaluate/codebertscore/)
}

#: CLI modules that are shared helpers, not verbs
CLI_HELPERS = {"__init__", "common", "data_options"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every ``codebertscore...`` module that ``path`` imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "codebertscore")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "codebertscore":
                continue
            out.add(mod)
            for a in node.names:  # `from codebertscore.x import y` may import the module x.y
                if _exists(f"{mod}.{a.name}"):
                    out.add(f"{mod}.{a.name}")
    out.discard(me)
    return out


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


def _part(module: str) -> str:
    parts = module.split(".")
    return "codebertscore" if len(parts) == 1 else parts[1]


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(SRC.rglob("*.py"))}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_every_part_of_the_package_has_a_row():
    parts = {_part(m) for m in _graph()} - {"codebertscore"}
    missing = parts - set(ALLOWED)
    assert not missing, f"parts with no row in ALLOWED (add them to ARCHITECTURE.md too): {missing}"


def test_imports_go_the_allowed_way():
    bad = []
    for module, deps in _graph().items():
        me = _part(module)
        if me == "codebertscore":  # the root __init__: its lazy names point at scoring
            continue
        for dep in deps:
            target = _part(dep) if dep != "codebertscore" else "codebertscore"
            if target == me or target in NEUTRAL or target in ALLOWED.get(me, set()):
                continue
            bad.append(f"{module} -> {dep}")
    assert not bad, "imports against ARCHITECTURE.md:\n" + "\n".join(sorted(bad))


def test_no_package_cycle():
    graph: dict[str, set[str]] = {}
    for module, deps in _graph().items():
        graph.setdefault(_part(module), set()).update(_part(d) for d in deps)
    for part, deps in graph.items():
        deps.discard(part)
    graph["codebertscore"] = set()  # the root's lazy attribute lookup is not an import of its parts
    assert _cycles(graph) == []


def test_no_module_cycle():
    graph = _graph()
    graph["codebertscore"] = set()
    assert _cycles(graph) == []


def test_no_verb_imports_another_verb():
    bad = []
    for module, deps in _graph().items():
        parts = module.split(".")
        if parts[:2] != ["codebertscore", "cli"] or len(parts) != 3 or parts[2] in CLI_HELPERS:
            continue
        bad += [f"{module} -> {d}" for d in deps
                if d.split(".")[:2] == ["codebertscore", "cli"] and len(d.split(".")) == 3
                and d.split(".")[2] not in CLI_HELPERS]
    assert not bad, "verbs importing verbs:\n" + "\n".join(bad)


def test_only_the_hf_module_and_training_io_import_transformers():
    users = sorted(
        _module_name(p) for p in SRC.rglob("*.py")
        if any(isinstance(n, (ast.Import, ast.ImportFrom)) and any(
            (a.name if isinstance(n, ast.Import) else (n.module or "")).split(".")[0] == "transformers"
            for a in (n.names if isinstance(n, ast.Import) else [n]))
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))
    )
    assert set(users) <= {"codebertscore.models.hf", "codebertscore.training.runtime"}, users


def test_only_the_distributed_module_uses_ray():
    """Ray is an optional extra: one module imports it (late, through ``errors.require``), nothing else."""
    users = set()
    for p in SRC.rglob("*.py"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for n in ast.walk(tree):
            names = [a.name for a in n.names] if isinstance(n, ast.Import) else (
                [n.module or ""] if isinstance(n, ast.ImportFrom) else [])
            if isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) in (
                    "require", "import_module") and n.args and isinstance(n.args[0], ast.Constant):
                names.append(str(n.args[0].value))
            if any(x.split(".")[0] == "ray" for x in names):
                users.add(_module_name(p))
    assert users == {"codebertscore.scoring.distributed"}, users


@pytest.mark.parametrize("bad,expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
])
def test_the_cycle_finder_finds_cycles(bad, expected):
    assert _cycles(bad) == expected
