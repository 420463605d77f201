"""The labelled dev sets for JavaScript, Java and C++: HumanEval problems translated by hand, many candidates each.

For each translated problem (see :mod:`codebertscore.devset.multilang.problems`) and a seed, the candidates
are, in this order (identical texts kept once, at most :data:`MAX_CANDIDATES` before the samples):

* ``canonical`` — the reference solution itself;
* ``rewrite:<ops>`` — the canonical solution under semantics-preserving rewrites (renamed locals, another
  layout, another loop or increment style, ternary <-> if/else);
* ``mutation:<kind>`` (and ``rewrite+mutation:<kind>``, a fault in a renamed version) — the canonical
  solution with one injected fault (operator swap, constant or loop bound off by one, dropped or swapped
  statement, wrong return, ``&&`` <-> ``||``, negated condition);
* ``alternative`` — other correct solutions written for this project in the style a code model produces
  (another algorithm or idiom: streams vs loops, STL algorithms, array methods), then
  ``alternative+rewrite:<ops>`` and ``alternative+mutation:<kind>`` derived from them;
* ``alternative:wrong`` — plausible solutions that misread the docstring;
* ``sample:<intent>`` — completions written from the prompt alone by another author
  (:mod:`codebertscore.devset.samples`), every one kept.

Labels come only from running each candidate's tests (``execute=True``): origin names say how a candidate
was made, never whether it passes. The reference of every record is the canonical solution and its
context is the prompt (doc comment + signature).

Build the bundled files with::

    codebertscore devset build --lang java --out src/codebertscore/data/devset/java.jsonl.gz --execute
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from codebertscore.devset.format import PreviousLabels
from codebertscore.devset.labelling import check_build_arguments, label
from codebertscore.devset.multilang.edit import Context
from codebertscore.devset.multilang.harness import build_program, param_name
from codebertscore.devset.multilang.mutations import MUTATIONS
from codebertscore.devset.multilang.problems import Problem, load_problems
from codebertscore.devset.multilang.rewrites import REWRITES
from codebertscore.devset.multilang.runner import Outcome, require_tools, run_program
from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.record import DevRecord
from codebertscore.text.lexer import tokenize

#: The languages this module builds.
LANGUAGES: tuple[str, ...] = ("javascript", "java", "cpp")
#: At most this many candidates per problem, not counting the independent samples.
MAX_CANDIDATES = 16
#: Problems with fewer candidates after the standard plan get further faults, up to this many.
MIN_CANDIDATES = 10

_STRUCTURAL = ("loop_style", "ternary", "incdec", "range_loop")


def _rng(seed: int, *parts: str) -> random.Random:
    """A generator seeded from ``seed`` and ``parts`` only (stable across Python versions and runs)."""
    digest = hashlib.sha256(":".join([str(seed), *parts]).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def problem_context(problem: Problem) -> Context:
    """The edit context of a problem: its language, result type, and the names its prompt uses."""
    names = {t.text for t in tokenize(problem.prompt, problem.lang) if t.kind == "ident"}
    params = tuple((param_name(n, problem.lang), t) for n, t in problem.signature.params)
    return Context(problem.lang, problem.signature.returns, frozenset(names), params)


def _apply(code: str, ops: Sequence[str], ctx: Context, rng: random.Random) -> tuple[str, list[str]]:
    """Apply the rewrites ``ops`` in order (skipping those that do not apply); the code and the ops applied."""
    applied = []
    for op in ops:
        new = REWRITES[op](code, ctx, rng)
        if new is not None and new != code:
            code = new
            applied.append(op)
    return code, applied


def _rewrites(code: str, ctx: Context, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Up to ``count`` rewritten versions: renamed (maybe reformatted), structural (maybe renamed), reformatted."""
    structural = list(_STRUCTURAL)
    rng.shuffle(structural)
    renamed_plan = ["rename_locals"] + (["reformat"] if rng.random() < 0.4 else [])
    rename_after_structure = rng.random() < 0.5
    layout_plan = ["reformat"] + (["incdec"] if rng.random() < 0.5 else [])

    def structural_rewrite() -> tuple[str, list[str]]:
        for op in structural:  # the first structural rewrite that applies
            new, applied = _apply(code, [op], ctx, rng)
            if applied:
                if rename_after_structure:
                    new, more = _apply(new, ["rename_locals"], ctx, rng)
                    applied += more
                return new, applied
        return code, []

    makers = [
        lambda: _apply(code, renamed_plan, ctx, rng),
        structural_rewrite,
        lambda: _apply(code, layout_plan, ctx, rng),
    ]
    out: list[tuple[str, str]] = []
    for make in makers[:count]:
        new, applied = make()
        if applied:
            out.append((",".join(applied), new))
    return out


def _mutations(code: str, ctx: Context, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Up to ``count`` versions of ``code`` with one fault each, of distinct kinds."""
    kinds = list(MUTATIONS)
    rng.shuffle(kinds)
    out: list[tuple[str, str]] = []
    for kind in kinds:
        if len(out) >= count:
            break
        new = MUTATIONS[kind](code, ctx, rng)
        if new is not None and new != code:
            out.append((kind, new))
    return out


def make_candidates(problem: Problem, seed: int = 0) -> list[tuple[str, str]]:
    """The ``(origin, code)`` candidates of one problem, deterministic given ``seed`` (no execution)."""
    ctx = problem_context(problem)
    rng = _rng(seed, problem.lang, problem.task_id)
    sols = problem.solutions
    cands: list[tuple[str, str]] = [("canonical", sols.canonical)]
    rewrites = _rewrites(sols.canonical, ctx, rng, 3)
    cands += [(f"rewrite:{ops}", code) for ops, code in rewrites]
    cands += [(f"mutation:{kind}", code) for kind, code in _mutations(sols.canonical, ctx, rng, 3)]
    renamed = next(((ops, code) for ops, code in rewrites if ops.startswith("rename_locals")), None)
    if renamed is not None:
        cands += [(f"rewrite+mutation:{k}", c) for k, c in _mutations(renamed[1], ctx, rng, 1)]
    for i, alt in enumerate(sols.alternatives):
        cands.append(("alternative", alt))
        if i == 0:
            cands += [(f"alternative+rewrite:{ops}", code) for ops, code in _rewrites(alt, ctx, rng, 3)[:1]]
            cands += [(f"alternative+mutation:{kind}", code) for kind, code in _mutations(alt, ctx, rng, 2)]
        elif i == 1:
            cands += [(f"alternative+mutation:{kind}", code) for kind, code in _mutations(alt, ctx, rng, 1)]
    cands += [("alternative:wrong", code) for _, code in sols.wrong]
    seen: set[str] = set()
    unique = []
    for origin, code in cands:
        if code in seen:
            continue
        seen.add(code)
        unique.append((origin, code))
    if len(unique) < MIN_CANDIDATES:
        # short solutions offer few edit sites: top up with further faults of the hand-written solutions
        bases = [("", sols.canonical)] + [("alternative+", alt) for alt in sols.alternatives]
        extra = [(f"{prefix}mutation:{kind}", code) for prefix, base in bases
                 for kind, code in _mutations(base, ctx, rng, len(MUTATIONS))]
        rng.shuffle(extra)
        for origin, code in extra:
            if len(unique) >= MIN_CANDIDATES:
                break
            if code not in seen:
                seen.add(code)
                unique.append((origin, code))
    # keep every hand-written solution; trim generated ones (latest first) beyond the cap
    hand = {"canonical", "alternative", "alternative:wrong"}
    while len(unique) > MAX_CANDIDATES:
        drop = max(k for k, (origin, _) in enumerate(unique) if origin not in hand)
        del unique[drop]
    # the independent samples come last, all of them (no cap, and a sample equal to another candidate stays:
    # a model's samples repeat, and the samples view must hold every one)
    return unique + [(s.origin, s.code) for s in problem.samples]


def run_candidate(problem: Problem, code: str) -> Outcome:
    """Run one candidate's tests in the sandbox (the caller has opted in to execution)."""
    program = build_program(problem.prompt, code, problem.entry_point, problem.signature, list(problem.cases),
                            problem.lang)
    return run_program(problem.lang, program)


def multilang_records(problems: Sequence[Problem], seed: int = 0) -> list[DevRecord]:
    """The unlabelled records of ``problems`` (no execution; every one ``fail`` until it runs)."""
    return [
        DevRecord(
            id=f"{problem.lang}/{problem.task_id.replace('/', '_')}/{k:02d}",
            problem_id=problem.task_id,
            lang=problem.lang,
            candidate=code,
            references=[problem.solutions.canonical],
            context=problem.prompt,
            label=0.0,
            origin=origin,
            exec_status="fail",
            seed=seed,
        )
        for problem in problems
        for k, (origin, code) in enumerate(make_candidates(problem, seed))
    ]


def build_language(
    lang: str,
    *,
    execute: bool,
    seed: int = 0,
    workers: int = 2,
    progress: bool = False,
    problems: Sequence[str] | None = None,
    previous: PreviousLabels | None = None,
) -> list[DevRecord]:
    """Build the labelled dev set of ``lang`` (javascript, java or cpp) by running every candidate's tests.

    ``execute`` must be True: labels exist only by running generated code (in the sandbox of
    :func:`codebertscore.devset.sandbox.run_sandboxed`). ``problems`` restricts the build to some task ids.
    ``previous`` holds the records of an earlier build: unchanged candidates take their label from it instead of
    running again. Raises :class:`InputError` if a canonical solution fails its own tests.
    """
    if lang not in LANGUAGES:
        raise ArgumentError(f"lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    check_build_arguments(execute, seed, workers)
    require_tools(lang)
    probs, _ = load_problems(lang, list(problems) if problems is not None else None)
    if problems is not None:
        missing = sorted(set(problems) - {p.task_id for p in probs})
        if missing:
            raise ArgumentError(f"problems: not translated to {lang}: {', '.join(missing)}")
    by_id = {p.task_id: p for p in probs}

    def run(record: DevRecord) -> str:
        problem = by_id[record.problem_id]
        outcome = run_candidate(problem, record.candidate)
        if record.origin == "canonical" and not outcome.passed:
            raise InputError(
                f"{problem.task_id} ({lang}): the canonical solution fails its tests: {outcome.log[-500:]}"
            )
        return outcome.status

    records, _ = label(multilang_records(probs, seed), run, workers=workers, previous=previous, progress=progress)
    return records


__all__ = ["LANGUAGES", "MAX_CANDIDATES", "MIN_CANDIDATES", "build_language", "make_candidates", "multilang_records",
           "problem_context", "run_candidate"]
