"""The shared record format (metaeval.record; the bundled dev sets use it): validation, JSONL(.gz) round trips,
deterministic bytes, located errors."""

from __future__ import annotations

import gzip
import json

import pytest

from codebertscore.devset.format import bundled_languages, load_bundled
from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.record import (
    DevRecord,
    dumps_records,
    parse_records,
    read_records,
    record_to_json,
    write_records,
)


def _record(i: int = 0, **changes) -> DevRecord:
    fields = dict(
        id=f"python/HumanEval_0/mut_{i:02d}",
        problem_id="HumanEval/0",
        lang="python",
        candidate="    return x + 1\n",
        references=["    return x + 1\n"],
        context="def f(x):\n    \"\"\"Add one.\"\"\"\n",
        label=1.0,
        origin="canonical",
        exec_status="pass",
        seed=0,
    )
    fields.update(changes)
    return DevRecord(**fields)


def test_json_line_has_sorted_keys_and_all_fields():
    line = record_to_json(_record(label=1))
    data = json.loads(line)
    assert list(data) == sorted(data)
    assert data["label"] == 1.0 and isinstance(data["label"], float)
    assert data["grades"] is None
    assert "\n" not in line


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_round_trip_keeps_records_and_order(tmp_path, suffix):
    records = [_record(2), _record(1, label=0.0, exec_status="fail", origin="mutation:compare_op"), _record(3)]
    path = tmp_path / f"set{suffix}"
    write_records(path, records)
    assert read_records(path) == records
    if suffix.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            assert fh.read() == dumps_records(records)
    else:
        assert path.read_text(encoding="utf-8") == dumps_records(records)


def test_gzip_output_is_byte_identical_across_writes(tmp_path):
    records = [_record(i) for i in range(5)]
    a, b = tmp_path / "a.jsonl.gz", tmp_path / "sub" / "b.jsonl.gz"
    write_records(a, records)
    write_records(b, records)  # another name, another folder (created), later time: same bytes
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes()[4:8] == b"\x00\x00\x00\x00"  # gzip mtime field is zero


def test_malformed_json_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(record_to_json(_record(1)) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:3: not valid JSON"):
        read_records(path)


def test_malformed_gzip_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl.gz"
    bad = json.loads(record_to_json(_record(2)))
    bad["label"] = "yes"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(record_to_json(_record(1)) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(InputError, match=r"bad\.jsonl\.gz:2: label: expected a finite number"):
        read_records(path)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"label": 1.5}, "label: expected a value in \\[0, 1\\]"),
        ({"label": float("nan")}, "label: expected a finite number"),
        ({"label": True}, "label: expected a finite number"),
        ({"exec_status": "passed"}, "exec_status: expected one of"),
        ({"references": []}, "references: expected a non-empty list"),
        ({"references": "x"}, "references: expected a non-empty list"),
        ({"id": ""}, "id: expected a non-empty string"),
        ({"seed": "0"}, "seed: expected an integer"),
        ({"grades": [1, "a"]}, "grades: expected null or a list"),
    ],
)
def test_field_checks(change, message):
    with pytest.raises(InputError, match=message):
        _record(**change)


def test_unknown_and_missing_fields_are_named():
    data = json.loads(record_to_json(_record()))
    with pytest.raises(InputError, match=r"<input>:1: unknown field\(s\) colour"):
        parse_records([json.dumps({**data, "colour": "red"})])
    del data["origin"], data["seed"]
    with pytest.raises(InputError, match=r"<input>:1: missing field\(s\) origin, seed"):
        parse_records([json.dumps(data)])


def test_grades_may_be_omitted_and_are_floats():
    data = json.loads(record_to_json(_record()))
    del data["grades"]
    assert parse_records([json.dumps(data)])[0].grades is None
    assert _record(grades=[1, 4]).grades == [1.0, 4.0]


def test_duplicate_ids_are_rejected_on_read_and_write(tmp_path):
    line = record_to_json(_record(1))
    with pytest.raises(InputError, match=r"f\.jsonl:2: duplicate id .* \(first on line 1\)"):
        parse_records([line, line], source="f.jsonl")
    with pytest.raises(ArgumentError, match="duplicate id"):
        write_records(tmp_path / "x.jsonl", [_record(1), _record(1)])


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such dev-set file"):
        read_records(tmp_path / "nope.jsonl")


def test_to_dict_is_a_copy():
    record = _record()
    data = record.to_dict()
    data["references"].append("other")
    assert record.references == ["    return x + 1\n"]


def test_load_bundled_unknown_language_lists_available():
    available = bundled_languages()
    assert "python" in available
    with pytest.raises(ArgumentError, match=r"lang: no bundled dev set for 'cobol'; available: .*python"):
        load_bundled("cobol")


def test_metaeval_does_not_import_devset():
    """The record type lives here so that meta-evaluation never depends on the dev-set builders (issue 9)."""
    import ast
    from pathlib import Path

    import codebertscore.metaeval

    root = Path(codebertscore.metaeval.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("codebertscore.devset")]
    assert offenders == []
