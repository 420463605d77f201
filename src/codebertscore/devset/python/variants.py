"""The Python candidates of one HumanEval problem: canonical, rewrites, faults, alternatives — deterministic per seed.

For each problem the generator makes (before de-duplication):

* ``canonical`` — the reference body itself (it must pass; the builder checks);
* ``alternative`` — independently written solutions (hand-written for this project, see
  :mod:`codebertscore.devset.python.problems`), and ``alternative:wrong`` — plausible solutions of a misread
  problem;
* ``rewrite:rename_locals``, ``rewrite:reformat``, ``rewrite:<construct>`` (one equivalent construct, see
  :data:`~codebertscore.devset.python.rewrites.CONSTRUCTS`) and ``rewrite:combined`` (renaming plus every
  construct that applies, sometimes reformatted);
* ``mutation:<kind>`` — one fault (see :data:`~codebertscore.devset.python.faults.FAULTS`) in the canonical body;
* ``alternative+mutation:<kind>`` and ``alternative+rewrite:rename_locals`` — the same on an alternative.

Nothing here runs code; labels come from :mod:`codebertscore.devset.python.build`. Identical bodies (after trailing
whitespace is normalised) are kept once, the first made winning, in the order above.
"""

from __future__ import annotations

import ast
import random
from collections.abc import Callable
from dataclasses import dataclass

from codebertscore.devset.python.faults import FAULTS
from codebertscore.devset.python.humaneval import Problem
from codebertscore.devset.python.rewrites import (
    CONSTRUCTS,
    STRUCTURAL,
    reformat,
    rename_locals,
)
from codebertscore.devset.python.source import (
    Edit,
    FunctionSource,
    VariantError,
    apply_edits,
    body_after,
    normalise,
)
from codebertscore.errors import ArgumentError


@dataclass(frozen=True)
class Candidate:
    """One unlabelled candidate body with how it was made and a short tag that is unique within its problem."""

    origin: str
    body: str
    tag: str


@dataclass(frozen=True)
class VariantPlan:
    """How many candidates of each kind to draw per problem."""

    faults: int = 4  # mutations of the canonical body
    constructs: int = 1  # single-construct rewrites of the canonical body
    combined: bool = True  # one rewrite combining renaming and every construct
    faults_per_alternative: int = 1
    alternatives_with_faults: int = 2
    renamed_alternatives: int = 1

    def __post_init__(self) -> None:
        for name in ("faults", "constructs", "faults_per_alternative", "alternatives_with_faults",
                     "renamed_alternatives"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ArgumentError(f"{name}: expected a non-negative integer, got {value!r}")


def problem_rng(seed: int, task_id: str, purpose: str) -> random.Random:
    """A random generator that depends only on (seed, problem, purpose): adding a kind never reshuffles others."""
    return random.Random(f"{seed}|{task_id}|{purpose}")


def edited_body(fs: FunctionSource, edits: list[Edit]) -> str | None:
    """The body after applying ``edits``, or None when the result does not parse or equals the original."""
    if not edits:
        return None
    body = body_after(fs, apply_edits(fs.source, edits, protect=len(fs.prompt)))
    if normalise(body) == normalise(fs.body):
        return None
    try:
        ast.parse(fs.prompt + body)
    except (SyntaxError, ValueError):
        return None
    return body if body.endswith("\n") else body + "\n"


def apply_construct(fs: FunctionSource, name: str) -> str | None:
    """The body with construct rewrite ``name`` applied at every non-overlapping place, or None if none applies."""
    return edited_body(fs, CONSTRUCTS[name](fs))


def applicable_constructs(fs: FunctionSource) -> list[str]:
    """The construct rewrites that change this body."""
    return [name for name in CONSTRUCTS if apply_construct(fs, name) is not None]


def renamed(fs: FunctionSource, rng: random.Random) -> str | None:
    """The body with its local variables renamed, or None when it has none."""
    return edited_body(fs, rename_locals(fs, rng))


def reformatted(fs: FunctionSource) -> str | None:
    """The body as ``ast.unparse`` writes it, or None when that is the same text."""
    body = reformat(fs)
    return None if normalise(body) == normalise(fs.body) else body


def fault_sites(fs: FunctionSource) -> dict[str, list[Edit]]:
    """Every fault kind that applies, with all its edits."""
    sites = {kind: list_edits(fs) for kind, list_edits in FAULTS.items()}
    return {kind: edits for kind, edits in sites.items() if edits}


def draw_faults(
    fs: FunctionSource, rng: random.Random, k: int, is_new: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """Up to ``k`` (kind, body) faults: distinct kinds first (in random order), then more sites of the same kinds.

    ``is_new`` rejects bodies already made (so a fault identical to another candidate is skipped).
    """
    sites = fault_sites(fs)
    for edits in sites.values():
        rng.shuffle(edits)
    kinds = sorted(sites)
    rng.shuffle(kinds)
    out: list[tuple[str, str]] = []
    made: set[str] = set()
    cursor = {kind: 0 for kind in kinds}
    while len(out) < k and any(cursor[kind] < len(sites[kind]) for kind in kinds):
        for kind in kinds:
            if len(out) >= k:
                break
            while cursor[kind] < len(sites[kind]):
                edit = sites[kind][cursor[kind]]
                cursor[kind] += 1
                body = edited_body(fs, [edit])
                if body is not None and normalise(body) not in made and is_new(body):
                    made.add(normalise(body))
                    out.append((kind, body))
                    break
    return out


def combined_rewrite(fs: FunctionSource, rng: random.Random) -> str | None:
    """Renaming plus every applicable construct (in random order), reformatted half of the time.

    Returns None when fewer than two rewrites applied (that candidate would repeat a single rewrite).
    """
    current = fs
    steps = 0
    body = renamed(current, rng)
    if body is not None:
        current, steps = FunctionSource(fs.prompt, body, fs.entry_point), steps + 1
    names = list(CONSTRUCTS)
    rng.shuffle(names)
    for name in names:
        body = apply_construct(current, name)
        if body is not None:
            current, steps = FunctionSource(fs.prompt, body, fs.entry_point), steps + 1
    if rng.random() < 0.5:
        body = reformatted(current)
        if body is not None:
            current, steps = FunctionSource(fs.prompt, body, fs.entry_point), steps + 1
    return current.body if steps >= 2 else None


class _Collector:
    """Candidates of one problem in creation order, without two equal bodies."""

    def __init__(self) -> None:
        self.items: list[Candidate] = []
        self._seen: set[str] = set()

    def is_new(self, body: str) -> bool:
        return normalise(body) not in self._seen

    def add(self, origin: str, body: str | None, tag: str) -> bool:
        if body is None or not self.is_new(body):
            return False
        if not body.endswith("\n"):
            body += "\n"
        self._seen.add(normalise(body))
        self.items.append(Candidate(origin=origin, body=body, tag=tag))
        return True


def generate_candidates(
    problem: Problem,
    *,
    seed: int,
    alternatives: list[str] | None = None,
    wrong: list[str] | None = None,
    plan: VariantPlan | None = None,
) -> list[Candidate]:
    """All candidates of one problem, deterministic given ``seed`` (see the module docstring for the kinds)."""
    plan = plan or VariantPlan()
    alternatives = alternatives or []
    wrong = wrong or []
    tid = problem.task_id
    out = _Collector()
    canonical = FunctionSource(problem.prompt, problem.canonical_solution, problem.entry_point)
    out.add("canonical", problem.canonical_solution, "canonical")

    alt_sources: list[tuple[int, FunctionSource]] = []
    for i, body in enumerate(alternatives):
        try:
            fs = FunctionSource(problem.prompt, body, problem.entry_point)
        except VariantError as exc:
            raise VariantError(f"{tid}: alternative {i} does not parse: {exc}") from None
        if out.add("alternative", body, f"alt_{i:02d}"):
            alt_sources.append((i, fs))
    for i, body in enumerate(wrong):
        out.add("alternative:wrong", body, f"wrong_{i:02d}")

    out.add("rewrite:rename_locals", renamed(canonical, problem_rng(seed, tid, "rename")), "rw_rename_locals")
    out.add("rewrite:reformat", reformatted(canonical), "rw_reformat")
    constructs = applicable_constructs(canonical)
    rng = problem_rng(seed, tid, "constructs")
    rng.shuffle(constructs)
    constructs.sort(key=lambda name: name not in STRUCTURAL)  # stable: structural rewrites first, shuffled
    made = 0
    for name in constructs:
        if made >= plan.constructs:
            break
        if out.add(f"rewrite:{name}", apply_construct(canonical, name), f"rw_{name}"):
            made += 1
    if plan.combined:
        out.add("rewrite:combined", combined_rewrite(canonical, problem_rng(seed, tid, "combined")), "rw_combined")

    counts: dict[str, int] = {}
    for kind, body in draw_faults(canonical, problem_rng(seed, tid, "faults"), plan.faults, out.is_new):
        n = counts.get(kind, 0)
        if out.add(f"mutation:{kind}", body, f"mut_{kind}_{n:02d}"):
            counts[kind] = n + 1

    for i, fs in alt_sources[: plan.alternatives_with_faults]:
        rng = problem_rng(seed, tid, f"alt{i}-faults")
        for kind, body in draw_faults(fs, rng, plan.faults_per_alternative, out.is_new):
            out.add(f"alternative+mutation:{kind}", body, f"alt{i:02d}_mut_{kind}")
    for i, fs in alt_sources[: plan.renamed_alternatives]:
        out.add("alternative+rewrite:rename_locals", renamed(fs, problem_rng(seed, tid, f"alt{i}-rename")),
                f"alt{i:02d}_rw_rename_locals")
    return out.items
