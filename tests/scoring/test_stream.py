"""score_items: the resumable scoring loop, without argparse and without a model (a stand-in scorer whose scores
are hand-computed from the text lengths)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from codebertscore.errors import ArgumentError
from codebertscore.scoring.result import ScoreResult
from codebertscore.scoring.signature import Signature
from codebertscore.scoring.stream import Interrupted, check_output, score_items


class LengthScorer:
    """P = 1 / len(candidate), R = 1 / len(first reference), F1 = F3 = 0.5; counts its calls."""

    headline = "F1"
    cache = None

    def __init__(self, layer: int = 3, stop_after: int | None = None) -> None:
        self.layer, self.calls, self.stop_after = layer, [], stop_after

    def score(self, *, cands, refs, sources=None) -> ScoreResult:
        if self.stop_after is not None and len(self.calls) >= self.stop_after:
            raise KeyboardInterrupt
        self.calls.append(list(cands))
        n = len(cands)
        sig = Signature(nrefs="1", model="m", model_ident="x", layer=self.layer, idf="no", context=sources is not None,
                        no_punc=True, window=8, overlap=0.5, truncate=False, dtype="fp32", rescale="no",
                        headline="F1", version="0", torch="0", transformers="0")
        return ScoreResult(
            P=np.array([1 / len(c) for c in cands]), R=np.array([1 / len(r[0]) for r in refs]),
            F1=np.full(n, 0.5), F3=np.full(n, 0.5), best_ref=np.zeros(n, dtype=np.int64), headline="F1",
            signature=sig, empty=np.zeros(n, dtype=bool), truncated_tokens=np.zeros(n, dtype=np.int64),
        )


ITEMS = [(f"id{i}", "x" * (i + 1), ["y" * (i + 2)], None) for i in range(5)]


def test_json_output_and_summary_means(tmp_path: Path):
    out = tmp_path / "r.json"
    summary = score_items(LengthScorer(), ITEMS, out=out, chunk=2)
    assert summary["n"] == 5 and summary["scored_now"] == 5
    assert summary["mean"]["P"] == pytest.approx(sum(1 / k for k in range(1, 6)) / 5)
    assert summary["mean"]["R"] == pytest.approx(sum(1 / k for k in range(2, 7)) / 5)
    doc = json.loads(out.read_text())
    assert [r["id"] for r in doc["items"]] == [f"id{i}" for i in range(5)]


def test_jsonl_resume_scores_only_what_is_missing(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    with pytest.raises(Interrupted) as info:
        score_items(LengthScorer(stop_after=1), ITEMS, out=out, chunk=2)
    assert info.value.kept == 2 and info.value.resumable
    with open(out, "a", encoding="utf-8") as fh:
        fh.write('{"id": "id2", "P": 0.3')  # a torn last line: cut off on resume
    scorer = LengthScorer()
    summary = score_items(scorer, ITEMS, out=out, resume=True, chunk=2)
    assert scorer.calls == [["xxx", "xxxx"], ["xxxxx"]]  # id2.. only
    assert summary["n"] == 5 and summary["scored_now"] == 3
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [f"id{i}" for i in range(5)]
    assert json.loads((tmp_path / "r.jsonl.summary.json").read_text())["n"] == 5


def test_resume_refuses_other_inputs_and_other_settings(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    score_items(LengthScorer(), ITEMS[:2], out=out, chunk=2)
    other = [("other", *ITEMS[0][1:])] + ITEMS[1:]
    with pytest.raises(ArgumentError, match="written for other inputs"):
        score_items(LengthScorer(), other, out=out, resume=True, chunk=2)
    interrupted = tmp_path / "i.jsonl"
    with pytest.raises(Interrupted):
        score_items(LengthScorer(stop_after=1), ITEMS, out=interrupted, chunk=2)
    with pytest.raises(ArgumentError, match="settings differ"):
        score_items(LengthScorer(layer=4), ITEMS, out=interrupted, resume=True, chunk=2)


def test_output_checks(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    out.write_text("")
    with pytest.raises(ArgumentError, match="--resume to continue it"):
        check_output(out, resume=False, overwrite=False)
    with pytest.raises(ArgumentError, match="needs a .jsonl"):
        check_output(tmp_path / "r.json", resume=True, overwrite=False)
    with pytest.raises(ArgumentError, match="needs --out"):
        score_items(LengthScorer(), ITEMS, resume=True)
    with pytest.raises(ArgumentError, match="chunk"):
        score_items(LengthScorer(), ITEMS, chunk=0)
    assert "no candidates" in score_items(LengthScorer(), [], source="the inputs")["notes"][0]
