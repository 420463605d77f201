"""A model's recorded defaults carry idf (false, "corpus" or, in older files, true) and a token filter: the registry
reads them from a folder's ``codebertscore.json`` and from the shipped ``embedded/defaults.json``, and the scorer and
the metric use them unless the caller says otherwise."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from codebertscore.errors import ModelLoadError
from codebertscore.models import default, registry
from codebertscore.models.spec import idf_default, token_filter_default


def _folder_with_defaults(minilm_path: str, folder: Path, defaults: dict) -> str:
    """The shipped encoder's files (linked, not copied) with a ``codebertscore.json`` of our own."""
    folder.mkdir()
    for f in Path(minilm_path).iterdir():
        if f.name != "codebertscore.json":
            (folder / f.name).symlink_to(f.resolve())
    (folder / "codebertscore.json").write_text(json.dumps(defaults), encoding="utf-8")
    return str(folder)


def test_defaults_values_are_checked():
    assert (
        idf_default(False, "f") is False and idf_default(True, "f") is True and idf_default("corpus", "f") == "corpus"
    )
    with pytest.raises(ModelLoadError, match=r"f: idf: expected false, true or \"corpus\", got 'refs'"):
        idf_default("refs", "f")
    assert token_filter_default(None, "f") is None and token_filter_default("operators", "f") == "operators"
    with pytest.raises(ModelLoadError, match="token_filter"):
        token_filter_default(3, "f")


def test_the_shipped_defaults_file_may_carry_corpus_idf_and_a_filter(monkeypatch):
    d = dict(default.defaults())
    d.update(idf="corpus", token_filter="operators", languages={"go": {"idf": False}})
    monkeypatch.setattr(default, "defaults", lambda: d)
    py, go = registry.resolve(lang="python"), registry.resolve(lang="golang")
    assert (py.idf, py.token_filter) == ("corpus", "operators")
    assert (go.idf, go.token_filter) == (False, "operators")
    d["idf"] = "yes"
    with pytest.raises(ModelLoadError, match="embedded/defaults.json: idf"):
        registry.resolve(lang="python")


def test_the_shipped_defaults_chosen_on_real_outputs(minilm_path: str):
    """defaults.json: layer 3, F3, the operators filter; Python adds the shipped corpus idf table, the others (and
    Go, which has no table) score without idf."""
    from codebertscore import CodeBERTScorer

    spec = registry.resolve(lang="python")
    assert (spec.layer, spec.headline, spec.idf, spec.token_filter) == (3, "F3", "corpus", "operators")
    for lang in ("java", "javascript", "cpp", "c", "go"):
        other = registry.resolve(lang=lang)
        assert (other.layer, other.headline, other.idf, other.token_filter) == (3, "F3", False, "operators")
    s = CodeBERTScorer(lang="python")
    assert s.idf_mode == "table" and s.token_filter.name == "operators" and s.no_punc is True
    assert CodeBERTScorer(lang="java").idf_mode == "no"


def test_scorer_and_metric_follow_a_folders_recorded_idf_and_filter(minilm_path: str, tmp_path: Path):
    from codebertscore import CodeBERTScorer
    from codebertscore.baselines.codebertscore import CodeBERTScoreMetric
    from codebertscore.scoring import corpus_idf

    folder = _folder_with_defaults(minilm_path, tmp_path / "enc",
                                   {"layer": 2, "headline": "F1", "idf": "corpus", "token_filter": "operators"})
    sha = next(t["sha256"] for t in corpus_idf.index()["tables"] if t["lang"] == "python")
    s = CodeBERTScorer(lang="python", model=folder)
    assert (s.layer, s.headline, s.token_filter.name) == (2, "F1", "operators")
    assert s.idf_mode == "table" and s.idf_table is not None and s.idf_table.sha256 == sha
    sig = s.score(cands=["return a < b"], refs=["return a > b"]).signature.format()
    assert f"idf:table:{sha[:12]}" in sig and "punc:operators" in sig
    # the caller's settings win over the recorded ones
    plain = CodeBERTScorer(lang="python", model=folder, idf=False, token_filter="paper")
    assert plain.idf_mode == "no" and plain.token_filter.name == "paper"
    assert CodeBERTScorer(lang="python", model=folder, no_punc=False).token_filter.name == "none"
    # a recorded "corpus" with no language, or for Go, scores without idf and says so (never refs idf)
    with pytest.warns(UserWarning, match="the model's default.*no language"):
        nolang = CodeBERTScorer(model=folder)
    with pytest.warns(UserWarning, match="no corpus idf table for go"):
        go = CodeBERTScorer(lang="go", model=folder)
    for sc in (nolang, go):
        r = sc.score_layers(cands=["x := 1"], refs=["y := 2"], layers=[2], idf=True)[2]
        assert "idf:no" in r.signature.format() and r.notes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = CodeBERTScoreMetric(model=folder, lang="python")
        assert (m.idf_path, m.token_filter, m.measure) == ("corpus", "operators", "F1")
        assert f"idf:table:{sha[:12]}" in m.signature() and "punc:operators" in m.signature()
        assert CodeBERTScoreMetric(model=folder, lang="python", idf="no", no_punc="no").token_filter == "none"


def test_older_defaults_with_idf_true_mean_idf_from_the_references(minilm_path: str, tmp_path: Path):
    from codebertscore import CodeBERTScorer

    folder = _folder_with_defaults(minilm_path, tmp_path / "old", {"layer": 3, "headline": "F3", "idf": True})
    s = CodeBERTScorer(model=folder)
    assert s.idf_mode == "refs" and s.token_filter.name == "paper"
    bad = _folder_with_defaults(minilm_path, tmp_path / "bad", {"layer": 3, "idf": "sometimes"})
    with pytest.raises(ModelLoadError, match="codebertscore.json: idf"):
        CodeBERTScorer(model=bad)
