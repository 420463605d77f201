"""The bert_score calling convention (codebertscore.compat.score) against our keyword API."""

from __future__ import annotations

import pytest
import torch

from codebertscore import CodeBERTScorer
from codebertscore.compat import score
from codebertscore.errors import ArgumentError

CANDS = ["def add(a, b):\n    return a + b\n", "x = [i * i for i in range(10)]\n", "return None"]
REFS = [["def add(x, y):\n    return x + y\n", "def add(a, b): return b + a"],
        ["squares = [i ** 2 for i in range(10)]"],
        ["return"]]
SOURCES = ["# add two numbers", "# squares", "# nothing"]


@pytest.fixture(scope="module")
def expected(minilm_path):
    scorer = CodeBERTScorer(model=minilm_path, layer=4)
    return scorer.score(cands=CANDS, refs=REFS, sources=SOURCES)


def test_three_tensors_like_bert_score_with_f1_by_default(minilm_path, expected):
    P, R, F = score(CANDS, REFS, model_type=minilm_path, num_layers=4, sources=SOURCES)
    for t, want in ((P, expected.P), (R, expected.R), (F, expected.F1)):
        assert isinstance(t, torch.Tensor) and t.dtype == torch.float32 and t.shape == (3,)
        assert t.tolist() == pytest.approx(want.tolist(), abs=1e-6)


def test_f3_and_the_hash(minilm_path, expected):
    (_, _, F3), hashcode = score(CANDS, REFS, model_type=minilm_path, num_layers=4, sources=SOURCES,
                                 f_measure="F3", return_hash=True)
    assert F3.tolist() == pytest.approx(expected.F3.tolist(), abs=1e-6)
    assert hashcode == expected.signature.format() and "layer:4" in hashcode and "nrefs:var" in hashcode


@pytest.mark.parametrize("kwargs,needle", [
    ({"all_layers": True}, "all_layers"),
    ({"idf": {101: 1.0}}, "idf"),
    ({"rescale_with_baseline": True}, "baseline_path"),
    ({"baseline_path": "b.json"}, "baseline_path"),
    ({"f_measure": "F2"}, "f_measure"),
    ({"model": "x"}, "model_type"),
])
def test_refusals_name_the_argument_before_any_model_loads(kwargs, needle):
    with pytest.raises(ArgumentError, match=needle):
        score(["a"], ["b"], model_type="no-org/no-such-model", **kwargs)


def test_bad_inputs_are_refused_before_the_model_loads():
    with pytest.raises(ArgumentError, match="refs: expected one entry per candidate"):
        score(["a", "b"], ["b"], model_type="no-org/no-such-model")
    with pytest.raises(ArgumentError, match="cands: expected a list"):
        score("a", ["b"], model_type="no-org/no-such-model")
