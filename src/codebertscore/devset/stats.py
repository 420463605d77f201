"""Counts of a dev set: per label, exec status, origin and problem; the problems that Kendall's tau can use."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from codebertscore.metaeval.record import DevRecord


def origin_kind(origin: str) -> str:
    """The family of an origin: ``"mutation:compare_op"`` -> ``"mutation"``, ``"alternative:wrong"`` -> itself."""
    if origin == "alternative:wrong":
        return origin
    return origin.split(":", 1)[0]


def summarize(records: Sequence[DevRecord]) -> dict[str, Any]:
    """Counts of a dev set: per label, exec status, origin (and origin family), problem; tau-usable problems.

    A problem is *tau-usable* when its candidates do not all share one label (only then does it contribute
    pairs to Kendall's tau).
    """
    by_problem: dict[str, list[DevRecord]] = defaultdict(list)
    for r in records:
        by_problem[r.problem_id].append(r)

    def _label_counts(rs: Sequence[DevRecord]) -> dict[str, int]:
        passed = sum(1 for r in rs if r.label == 1.0)
        failed = sum(1 for r in rs if r.label == 0.0)
        out = {"total": len(rs), "pass": passed, "fail": failed}
        other = len(rs) - passed - failed
        if other:
            out["partial"] = other
        return out

    origins: dict[str, list[DevRecord]] = defaultdict(list)
    kinds: dict[str, list[DevRecord]] = defaultdict(list)
    for r in records:
        origins[r.origin].append(r)
        kinds[origin_kind(r.origin)].append(r)
    sizes = [len(rs) for rs in by_problem.values()]
    usable = [pid for pid, rs in by_problem.items() if len({r.label for r in rs}) > 1]
    canonical_not_passing = sorted(r.id for r in records if r.origin == "canonical" and r.label != 1.0)
    return {
        "records": len(records),
        "problems": len(by_problem),
        "languages": dict(sorted(Counter(r.lang for r in records).items())),
        "labels": _label_counts(records),
        "pass_rate": round(sum(r.label for r in records) / len(records), 4) if records else None,
        "exec_status": dict(sorted(Counter(r.exec_status for r in records).items())),
        "origin_kinds": {k: _label_counts(v) for k, v in sorted(kinds.items())},
        "origins": {k: _label_counts(v) for k, v in sorted(origins.items())},
        "candidates_per_problem": {
            "min": min(sizes) if sizes else 0,
            "max": max(sizes) if sizes else 0,
            "mean": round(sum(sizes) / len(sizes), 2) if sizes else 0.0,
        },
        "tau_usable_problems": len(usable),
        "single_label_problems": sorted(set(by_problem) - set(usable)),
        "canonical_not_passing": canonical_not_passing,
        "seeds": sorted({r.seed for r in records}),
    }


def format_summary(summary: dict[str, Any]) -> str:
    """A short plain-text table of :func:`summarize`'s output."""
    lines = [
        f"records {summary['records']}  problems {summary['problems']}  tau-usable problems "
        f"{summary['tau_usable_problems']}  pass rate {summary['pass_rate']}",
        f"candidates per problem: min {summary['candidates_per_problem']['min']}, "
        f"mean {summary['candidates_per_problem']['mean']}, max {summary['candidates_per_problem']['max']}",
        "exec status: " + ", ".join(f"{k} {v}" for k, v in summary["exec_status"].items()),
        "",
        f"{'origin':45s} {'total':>6s} {'pass':>6s} {'fail':>6s}",
    ]
    for origin, c in summary["origins"].items():
        lines.append(f"{origin:45s} {c['total']:6d} {c['pass']:6d} {c['fail']:6d}")
    lines.append("")
    for kind, c in summary["origin_kinds"].items():
        lines.append(f"{'[' + kind + ']':45s} {c['total']:6d} {c['pass']:6d} {c['fail']:6d}")
    if summary["single_label_problems"]:
        lines.append("")
        lines.append("problems with a single label: " + ", ".join(summary["single_label_problems"]))
    return "\n".join(lines)


__all__ = ["format_summary", "origin_kind", "summarize"]
