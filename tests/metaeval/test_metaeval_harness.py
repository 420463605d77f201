"""The harness end to end with fast lexical metrics on the hand-written toy dev set; reports from its result."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.cache import ScoreCache
from codebertscore.metaeval.harness import evaluate, records_hash, score_settings
from codebertscore.metaeval.readers import load_data
from codebertscore.metaeval.stats import MetricStats, make_groups
from codebertscore.report.table import format_table

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "metaeval"


@pytest.fixture(scope="module")
def toy():
    return load_data("devset", FIX / "toy_devset.jsonl")


@pytest.fixture(scope="module")
def result(toy):
    return evaluate(toy, ["exact", "edit_sim:norm=strip|ws", "chrf"], folds=3, n_boot=200, seed=1)


def test_statistics_equal_a_direct_computation(toy, result):
    from codebertscore.baselines.lexical import EditSimilarity

    scores = EditSimilarity("ws").score([r.candidate for r in toy], [r.references for r in toy])
    labels = np.array([r.label for r in toy])
    want = MetricStats(scores, labels, make_groups([r.problem_id for r in toy])).compute()
    got = result.setting("edit_sim:norm=ws")
    assert np.array_equal(got.scored.scores, scores)
    for name, value in want.items():
        assert got.stats[name] == pytest.approx(value, nan_ok=True)
    assert got.counts["n_problems"] == 7 and got.counts["n_problems_with_pairs"] == 6


def test_grids_form_families_with_cross_validation(result):
    fams = {f.family: f for f in result.families}
    assert set(fams) == {"exact", "edit_sim:norm=strip|ws", "chrf"}
    grid = fams["edit_sim:norm=strip|ws"]
    assert grid.settings == ["edit_sim:norm=strip", "edit_sim:norm=ws"]
    assert grid.cv.k == 3 and len(grid.cv.folds) == 3 and grid.representative in grid.settings
    assert len(result.paired) == 3  # one test per pair of families


def test_json_is_strict_and_complete(toy, result):
    doc = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert doc["format"] == "codebertscore-metaeval/1"
    assert doc["config"]["seed"] == 1 and doc["config"]["bootstrap_resamples"] == 200
    assert doc["data"]["hash"] == records_hash(toy) and doc["data"]["n_candidates"] == 27
    s = doc["settings"][0]
    assert s["signatures"]["python"].startswith("exact|norm:strip")
    assert set(s["intervals"]) == set(s["stats"]) and s["intervals"]["kendall_darr"]["seed"] == 1
    assert len(s["scores"]) == 27 and len(doc["items"]) == 27
    assert s["per_problem_kendall_darr"]["toy/square"] is None  # no pair: null, not NaN
    assert all("sentence" in p for p in doc["paired"])
    assert "scores" not in result.to_dict(include_scores=False)["settings"][0]


def test_same_seed_same_numbers_other_seed_other_intervals(toy, result):
    again = evaluate(toy, ["exact", "edit_sim:norm=strip|ws", "chrf"], folds=3, n_boot=200, seed=1)
    def numbers(res):
        return [{k: v for k, v in s.items() if k != "seconds"} for s in res.to_dict()["settings"]]

    assert numbers(again) == numbers(result)
    assert [p.to_dict() for p in again.paired] == [p.to_dict() for p in result.paired]
    other = evaluate(toy, ["chrf"], folds=3, n_boot=200, seed=2)
    a = result.setting("chrf").intervals["kendall_darr"]
    b = other.setting("chrf").intervals["kendall_darr"]
    assert a.estimate == b.estimate and (a.low, a.high) != (b.low, b.high)


def test_table_lists_every_setting_with_its_interval(result):
    text = format_table(result)
    # a grid's settings are labelled by the options that vary in the grid
    for label in ("exact", "edit_sim[norm=strip]", "edit_sim[norm=ws]", "chrf"):
        assert label in text
    iv = result.setting("chrf").intervals["kendall_darr"]
    assert f"[{iv.low:.3f}, {iv.high:.3f}]" in text
    assert "seed 1" in text and "paired bootstrap" in text and "(grid)" in text


def test_cache_is_used_on_the_second_run(toy, tmp_path):
    cache = ScoreCache(tmp_path)
    first = score_settings(toy, ["edit_sim", "exact"], cache)
    assert cache.hits == 0 and not any(s.cached for s in first)
    second = score_settings(toy, ["edit_sim", "exact"], cache)
    assert cache.hits == 2 and all(s.cached for s in second)
    assert all(np.array_equal(a.scores, b.scores) for a, b in zip(first, second))


def test_harness_argument_checks(toy):
    with pytest.raises(ArgumentError, match="no records"):
        evaluate([], ["exact"])
    with pytest.raises(ArgumentError, match="given twice"):
        evaluate(toy, ["exact", "chrf", "exact"], n_boot=10)
    with pytest.raises(ArgumentError, match="folds"):
        evaluate(toy, ["exact"], folds=1, n_boot=10)
    with pytest.raises(ArgumentError, match="unknown metric"):
        evaluate(toy, ["blue"], n_boot=10)


def test_too_few_problems_for_the_folds_is_a_note(toy):
    two = [r for r in toy if r.problem_id in ("toy/add", "toy/fib")]
    res = evaluate(two, ["exact"], folds=5, n_boot=20)
    assert any("cross-validation skipped" in n for n in res.notes)
    assert math.isnan(res.families[0].cv.heldout_mean)


def test_html_report_has_embedded_plots(result, tmp_path):
    pytest.importorskip("matplotlib")
    from codebertscore.report.html import write_html

    path = write_html(result, tmp_path / "r" / "report.html")
    text = path.read_text()
    assert text.count("data:image/png;base64,") == 1 + 2 * len(result.settings)
    assert "Cross-validation over problems" in text and "edit_sim:norm=ws" in text


def test_plain_scoring_and_metaeval_never_import_matplotlib():
    code = (
        "import sys\n"
        "from codebertscore.metaeval.harness import evaluate\n"
        "from codebertscore.metaeval.readers import load_data\n"
        "import codebertscore.report\n"
        f"recs = load_data('devset', {str(FIX / 'toy_devset.jsonl')!r})\n"
        "evaluate(recs, ['exact'], folds=0, n_boot=10)\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    proc = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_languages_sharing_problem_ids_stay_apart(toy, result):
    from dataclasses import replace

    both = toy + [replace(r, lang="java", id=r.id + "/java") for r in toy]
    res = evaluate(both, ["edit_sim:norm=ws"], folds=0, n_boot=10, seed=1)
    pooled, single = res.setting("edit_sim:norm=ws"), result.setting("edit_sim:norm=ws")
    # twice the problems and twice the pairs (no pair across languages), so the same pooled tau
    assert pooled.counts["n_problems"] == 2 * single.counts["n_problems"]
    assert pooled.stats["kendall_darr"] == pytest.approx(single.stats["kendall_darr"])
    assert {name.split("/", 1)[0] for name in res.problems} == {"java", "python"}
