"""Truncation is counted and reported on every side: candidates, references and the context (issue 12, item 3)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from codebertscore import CodeBERTScorer

LONG = "def big(items):\n" + "".join(f"    total_{i} = compute({i}, items[{i}])\n" for i in range(60))
SHORT = "def big(items):\n    return 0\n"


@pytest.fixture(scope="module")
def trunc_scorer(tiny_roberta_path):
    return CodeBERTScorer(model=tiny_roberta_path, layer=2, truncate=True)


def test_a_truncated_reference_is_counted(trunc_scorer):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = trunc_scorer.score(cands=[SHORT, SHORT], refs=[LONG, SHORT])
    assert res.truncated_tokens.tolist() == [0, 0]  # the candidates fit
    assert res.ref_truncated_tokens[0] > 0 and res.ref_truncated_tokens[1] == 0
    s = res.summary()
    assert s["n_truncated"] == 1
    assert s["truncation"]["references"] == 1 and s["truncation"]["candidates"] == 0
    assert s["truncation"]["reference_tokens"] == int(res.ref_truncated_tokens[0])
    recs = res.records()
    assert recs[0]["ref_truncated_tokens"] == int(res.ref_truncated_tokens[0]) and "ref_truncated_tokens" not in recs[1]
    assert any("reference" in str(w.message) for w in caught)


def test_a_truncated_candidate_is_counted_on_its_side(trunc_scorer):
    res = trunc_scorer.score(cands=[LONG], refs=[SHORT])
    assert res.truncated_tokens[0] > 0 and res.ref_truncated_tokens[0] == 0
    s = res.summary()
    assert s["n_truncated"] == 1 and s["truncation"]["candidates"] == 1 and s["truncation"]["references"] == 0


def test_a_cut_context_is_counted(tiny_roberta_path):
    scorer = CodeBERTScorer(model=tiny_roberta_path, layer=2)  # no truncate: the context end is what is encoded
    ctx = "# " + " ".join(f"note{i}" for i in range(200)) + "\n"
    res = scorer.score(cands=[SHORT], refs=[SHORT], sources=[ctx])
    assert res.context_tokens_dropped[0] > 0
    s = res.summary()
    assert s["truncation"]["context"] == 1 and s["truncation"]["context_tokens"] == int(res.context_tokens_dropped[0])
    assert s["n_truncated"] == 0  # the code itself was not cut
    assert res.records()[0]["context_tokens_dropped"] == int(res.context_tokens_dropped[0])


def test_nothing_cut_reports_zeros(trunc_scorer):
    res = trunc_scorer.score(cands=[SHORT], refs=[SHORT])
    s = res.summary()
    assert s["n_truncated"] == 0 and s["truncation"] == {
        "candidates": 0, "references": 0, "context": 0,
        "candidate_tokens": 0, "reference_tokens": 0, "context_tokens": 0,
    }
    assert np.all(res.ref_truncated_tokens == 0) and np.all(res.context_tokens_dropped == 0)
