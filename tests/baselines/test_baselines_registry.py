"""The one interface: specs, grids, the registry, and every metric's contract (shape, range, signature)."""

from __future__ import annotations

import numpy as np
import pytest

from codebertscore.baselines.base import Metric, available, build_metric, check_inputs, expand_spec, parse_spec
from codebertscore.errors import ArgumentError, MissingDependencyError


def test_parse_spec():
    s = parse_spec(" bleu:tok=13a, smooth=floor ")
    assert s.name == "bleu" and s.options == (("tok", "13a"), ("smooth", "floor"))
    assert s.format() == "bleu:tok=13a,smooth=floor"
    assert parse_spec("chrf").options == ()
    for bad in ("", "bleu:tok", "bleu:tok=", "bleu:=x", "bleu:tok=a,tok=b"):
        with pytest.raises(ArgumentError):
            parse_spec(bad)


def test_expand_spec_grids_and_ranges_in_order():
    got = [s.format() for s in expand_spec("codebertscore:layer=2..3,F=F1|F3")]
    assert got == [
        "codebertscore:layer=2,F=F1",
        "codebertscore:layer=2,F=F3",
        "codebertscore:layer=3,F=F1",
        "codebertscore:layer=3,F=F3",
    ]
    assert [s.format() for s in expand_spec("chrf")] == ["chrf"]
    with pytest.raises(ArgumentError, match="empty range"):
        expand_spec("x:layer=3..1")
    with pytest.raises(ArgumentError, match="empty alternative"):
        expand_spec("x:layer=1||2")


def test_registry_lists_every_baseline_of_the_issue():
    names = set(available())
    assert {"bleu", "codebleu", "rouge1", "rouge2", "rougeL", "meteor", "chrf", "crystalbleu", "exact", "edit_sim",
            "codebertscore"} <= names


def test_build_metric_errors_name_the_metric_and_option():
    with pytest.raises(ArgumentError, match="unknown metric 'blue'"):
        build_metric("blue")
    with pytest.raises(ArgumentError, match=r"chrf: unknown option\(s\) colour; accepted: char_order"):
        build_metric("chrf:colour=red")
    with pytest.raises(ArgumentError, match="is a grid"):
        build_metric(parse_spec("chrf:beta=1|2"))
    with pytest.raises(ArgumentError, match="beta: expected an integer"):
        build_metric("chrf:beta=two")


def test_check_inputs():
    c, r, s = check_inputs("m", ["a", "b"], ["x", ["y", "z"]])
    assert r == [["x"], ["y", "z"]] and s is None
    with pytest.raises(ArgumentError, match="one list of references per candidate"):
        check_inputs("m", ["a"], [["x"], ["y"]])
    with pytest.raises(ArgumentError, match=r"refs\[0\]"):
        check_inputs("m", ["a"], [[]])
    with pytest.raises(ArgumentError, match="cands"):
        check_inputs("m", "abc", ["x"])
    with pytest.raises(ArgumentError, match="sources"):
        check_inputs("m", ["a"], ["x"], sources=["s", "t"])


CANDS = ["def f(x):\n    return x + 1\n", "", "print('hi')", "def f(y):\n    return y + 1\n"]
REFS = [["def f(x):\n    return x + 1\n"], ["x = 1"], ["def g():\n    pass\n", "print('hi')"], ["def f(x): return x+1"]]


@pytest.mark.parametrize(
    "spec",
    ["bleu", "bleu:tok=13a", "crystalbleu:k=5", "chrf", "chrf:word_order=2", "rouge1", "rouge2", "rougeL",
     "rouge:type=L,tok=default", "meteor", "codebleu", "codebleu:tok=code", "exact", "edit_sim"],
)
def test_every_metric_keeps_the_contract(spec):
    try:
        metric = build_metric(spec)
    except MissingDependencyError as exc:
        pytest.skip(str(exc))
    assert isinstance(metric, Metric)
    sig = metric.signature()
    assert sig.startswith(metric.name) and "|" in sig
    if spec.split(":")[0] in ("bleu", "crystalbleu", "rouge1", "rouge2", "rougeL", "rouge", "meteor", "codebleu"):
        assert "tok:" in sig  # the tokenisation is stated
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # crystalbleu warns that these four references are a tiny corpus
        scores = metric.score(CANDS, REFS, None, "python")
    assert scores.shape == (4,) and scores.dtype == np.float64
    assert np.all(np.isfinite(scores)) and np.all((scores >= 0) & (scores <= 1 + 1e-9))
    # identical to its reference (METEOR keeps a fragmentation penalty of 0.5 / m^3 even for one chunk)
    assert scores[0] == pytest.approx(1.0, abs=1e-3 if metric.name == "meteor" else 1e-9)
    assert scores[2] >= scores[1]  # equal to one of its references vs empty
