"""Readers of scoring inputs: formats, joins, and errors that name the file and line."""

from __future__ import annotations

import gzip
import json

import pytest

from codebertscore.errors import InputError
from codebertscore.scoring import readers as cio


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_escape_roundtrip():
    code = 'def f():\n\treturn "a\\\\b"\r\n'
    line = cio.escape_program(code)
    assert "\n" not in line
    assert cio.unescape_line(line, "x", 1) == code


def test_unknown_escape_names_file_line_and_column(tmp_path):
    p = tmp_path / "c.txt"
    p.write_text("ok\\n\nbad \\q here\n")
    with pytest.raises(InputError, match=r"c.txt:2: unknown escape '\\\\q' at column 5"):
        cio.read_lines(p)


def test_humaneval_samples_join_with_multiple_references_and_context(tmp_path):
    refs = write_jsonl(tmp_path / "problems.jsonl", [
        {"task_id": "T/0", "prompt": "def f():\n", "canonical_solution": "    return 1\n"},
        {"task_id": "T/1", "prompt": "def g():\n", "canonical_solution": ["    return 2\n", "    return 1 + 1\n"]},
    ])
    cands = write_jsonl(tmp_path / "samples.jsonl", [
        {"task_id": "T/1", "completion": "    return 2\n"},
        {"task_id": "T/0", "completion": "    return 0\n"},
    ])
    data = cio.read_jsonl_pairs(cands, refs, id_field="task_id", cand_field="completion",
                                ref_field="canonical_solution", source_field="prompt")
    assert data.ids == ["T/1", "T/0"]
    assert data.refs == [["    return 2\n", "    return 1 + 1\n"], ["    return 1\n"]]
    assert data.sources == ["def g():\n", "def f():\n"]


def test_jsonl_errors_name_file_and_line(tmp_path):
    refs = write_jsonl(tmp_path / "r.jsonl", [{"task_id": "a", "canonical_solution": "x"}])
    bad = tmp_path / "c.jsonl"
    bad.write_text('{"task_id": "a", "completion": "y"}\n{not json}\n')
    with pytest.raises(InputError, match=r"c.jsonl:2: not valid JSON"):
        cio.read_jsonl_pairs(bad, refs, id_field="task_id", cand_field="completion",
                             ref_field="canonical_solution", source_field=None)
    missing = write_jsonl(tmp_path / "m.jsonl", [{"task_id": "a", "text": "y"}])
    with pytest.raises(InputError, match=r"m.jsonl:1: missing field 'completion' \(the record has: task_id, text\)"):
        cio.read_jsonl_pairs(missing, refs, id_field="task_id", cand_field="completion",
                             ref_field="canonical_solution", source_field=None)
    orphan = write_jsonl(tmp_path / "o.jsonl", [{"task_id": "zzz", "completion": "y"}])
    with pytest.raises(InputError, match=r"o.jsonl:1: id 'zzz' has no reference"):
        cio.read_jsonl_pairs(orphan, refs, id_field="task_id", cand_field="completion",
                             ref_field="canonical_solution", source_field=None)
    typed = write_jsonl(tmp_path / "t.jsonl", [{"task_id": "a", "completion": 5}])
    with pytest.raises(InputError, match=r"t.jsonl:1: field 'completion': expected str, got int"):
        cio.read_jsonl_pairs(typed, refs, id_field="task_id", cand_field="completion",
                             ref_field="canonical_solution", source_field=None)


def test_non_utf8_file_is_reported_with_its_line(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes(b"ok\ncaf\xe9\n")
    with pytest.raises(InputError, match=r"latin1.txt:2: not valid UTF-8"):
        cio.read_lines(p)
    j = tmp_path / "latin1.jsonl"
    j.write_bytes(b'{"a": "ok"}\n{"a": "caf\xe9"}\n')
    with pytest.raises(InputError, match=r"latin1.jsonl:2: not valid UTF-8"):
        list(cio.iter_jsonl(j))
    d = tmp_path / "dir"
    d.mkdir()
    (d / "x.py").write_bytes(b"\xff\xfe")
    with pytest.raises(InputError, match=r"x.py: not valid UTF-8"):
        cio.read_folder(d)


def test_gzip_jsonl(tmp_path):
    p = tmp_path / "r.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"task_id": 1, "completion": "x"}) + "\n")
    assert list(cio.iter_jsonl(p)) == [(1, {"task_id": 1, "completion": "x"})]


def test_folders_pair_by_name_and_report_missing(tmp_path):
    c, r = tmp_path / "c", tmp_path / "r"
    (c / "sub").mkdir(parents=True)
    (r / "sub").mkdir(parents=True)
    (c / "a.py").write_text("x = 1")
    (c / "sub" / "b.py").write_text("y = 2")
    (r / "a.py").write_text("x = 2")
    with pytest.raises(InputError, match=r"no reference file for 1 candidate file\(s\): sub/b.py"):
        cio.read_folder_pairs(c, r, None)
    (r / "sub" / "b.py").write_text("y = 3")
    data = cio.read_folder_pairs(c, r, None)
    assert data.ids == ["a.py", "sub/b.py"] and data.refs == [["x = 2"], ["y = 3"]]


def test_line_files_must_have_equal_length(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("x\ny\n")
    b.write_text("x\n")
    with pytest.raises(InputError, match="has 1 lines but .* has 2"):
        cio.read_line_pairs(a, b, None)


def test_iter_documents_formats(tmp_path):
    import lzma

    xz = tmp_path / "c.txt.xz"
    with lzma.open(xz, "wt", encoding="utf-8") as fh:
        fh.write("doc one\x1edoc two\x1e  ")
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "m.py").write_text("print(1)")
    (folder / "notes.txt").write_text("skip me")
    jl = write_jsonl(tmp_path / "d.jsonl", [{"code": "a = 1"}])
    docs = list(cio.iter_documents([xz, folder, jl], jsonl_field="code"))
    assert docs == ["doc one", "doc two", "print(1)", "a = 1"]
