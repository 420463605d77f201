"""The labelled dev sets for JavaScript, Java and C++: HumanEval problems translated by hand, many candidates each.

For each translated problem (see :mod:`codebertscore.devset.multilang_problems`) and a seed, the candidates
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

    python -m codebertscore.devset.multilang --lang java --out src/codebertscore/data/devset/java.jsonl.gz --execute
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from codebertscore.devset.format import DevRecord, PreviousLabels, read_records, write_records
from codebertscore.devset.multilang_exec import Outcome, require_tools, run_program
from codebertscore.devset.multilang_harness import build_program, param_name
from codebertscore.devset.multilang_lexer import tokenize
from codebertscore.devset.multilang_mutate import MUTATIONS, REWRITES, Context
from codebertscore.devset.multilang_problems import Problem, load_problems
from codebertscore.errors import ArgumentError, CodeBERTScoreError, InputError

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

    makers = [lambda: _apply(code, renamed_plan, ctx, rng), structural_rewrite, lambda: _apply(code, layout_plan, ctx, rng)]
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
    out = []
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
    :func:`codebertscore.execution.run_sandboxed`). ``problems`` restricts the build to some task ids.
    ``previous`` holds the records of an earlier build: unchanged candidates take their label from it instead of
    running again. Raises :class:`InputError` if a canonical solution fails its own tests.
    """
    if lang not in LANGUAGES:
        raise ArgumentError(f"lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    if not execute:
        raise ArgumentError(
            "execute: labels come from running the candidates' tests, which executes generated code; "
            "pass execute=True (--execute) to opt in"
        )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ArgumentError(f"seed: expected an integer, got {seed!r}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ArgumentError(f"workers: expected a positive integer, got {workers!r}")
    require_tools(lang)
    probs, _ = load_problems(lang, list(problems) if problems is not None else None)
    if problems is not None:
        missing = sorted(set(problems) - {p.task_id for p in probs})
        if missing:
            raise ArgumentError(f"problems: not translated to {lang}: {', '.join(missing)}")
    previous = previous if previous is not None else PreviousLabels()
    records: list[DevRecord] = []
    to_run: list[tuple[int, Problem, str]] = []  # (index in records, problem, code)
    for problem in probs:
        for k, (origin, code) in enumerate(make_candidates(problem, seed)):
            record = DevRecord(
                id=f"{lang}/{problem.task_id.replace('/', '_')}/{k:02d}",
                problem_id=problem.task_id,
                lang=lang,
                candidate=code,
                references=[problem.solutions.canonical],
                context=problem.prompt,
                label=0.0,
                origin=origin,
                exec_status="fail",
                seed=seed,
            )
            reused = previous.relabel(record)
            if reused is None:
                to_run.append((len(records), problem, code))
            records.append(reused or record)
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = pool.map(lambda job: run_candidate(job[1], job[2]), to_run)
        for n, ((index, problem, _), outcome) in enumerate(zip(to_run, outcomes), start=1):
            records[index] = replace(records[index], label=1.0 if outcome.passed else 0.0, exec_status=outcome.status)
            if records[index].origin == "canonical" and not outcome.passed:
                raise InputError(
                    f"{problem.task_id} ({lang}): the canonical solution fails its tests: {outcome.log[-500:]}"
                )
            if progress and (n % 25 == 0 or n == len(to_run)):
                print(f"[{lang}] {n}/{len(to_run)} candidates run, {time.monotonic() - start:.0f} s", file=sys.stderr)
    return records


def main(argv: list[str] | None = None) -> int:
    """``python -m codebertscore.devset.multilang --lang java --out java.jsonl.gz --execute``."""
    parser = argparse.ArgumentParser(
        prog="python -m codebertscore.devset.multilang",
        description="Build the labelled JavaScript/Java/C++ dev set (runs generated code only with --execute).",
    )
    parser.add_argument("--lang", required=True, choices=LANGUAGES)
    parser.add_argument("--out", required=True, help="output file (.jsonl or .jsonl.gz)")
    parser.add_argument("--execute", action="store_true", help="opt in to running the candidates' tests")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--problems", default=None, help="comma-separated task ids (default: all translated)")
    parser.add_argument("--reuse", default=None, metavar="FILE",
                        help="an earlier build: unchanged candidates take their labels from it instead of running")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    only = [p.strip() for p in args.problems.split(",")] if args.problems else None
    try:
        previous = PreviousLabels(read_records(args.reuse) if args.reuse else ())
        start = time.monotonic()
        records = build_language(
            args.lang, execute=args.execute, seed=args.seed, workers=args.workers, progress=not args.quiet,
            problems=only, previous=previous,
        )
        seconds = time.monotonic() - start
        write_records(args.out, records)
    except CodeBERTScoreError as exc:
        print(f"multilang: error: {exc}", file=sys.stderr)
        return exc.exit_code
    from codebertscore.devset.build import summarize

    out = {"out": args.out, "lang": args.lang, "seed": args.seed, "workers": args.workers,
           "label_seconds": round(seconds, 1), "reused_labels": previous.reused, "summary": summarize(records)}
    print(json.dumps(out, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
