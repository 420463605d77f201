"""Property-based fuzzing of the readers and the scorer (issue 12, item 7).

Arbitrary unicode (control characters, NUL, BOM, CRLF, emoji), huge lines, empty and punctuation-only code, ragged
reference lists, and any split of a call into batches. The properties: readers round-trip what was written or fail
with a documented error (``codebertscore.errors``); the scorer never fails on valid strings, keeps every score in
[-1, 1] (0 for pairs flagged empty, the documented empty value), and gives each pair the same scores (<= 1e-6, fp32)
however the inputs are split into calls.

Profiles: the default (CI) runs a bounded number of cases per property; ``HYPOTHESIS_PROFILE=big`` runs thousands
(by hand: ``HYPOTHESIS_PROFILE=big python -m pytest -q tests/scoring/test_fuzz.py --hypothesis-show-statistics``).
"""

from __future__ import annotations

import gzip
import json
import os
import string
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codebertscore.errors import CodeBERTScoreError
from codebertscore.scoring import readers as cio
from tests.conftest import CODE_SAMPLES

BIG = os.environ.get("HYPOTHESIS_PROFILE") == "big"
READER_CASES = 3000 if BIG else 80
SCORER_CASES = 600 if BIG else 40
FUZZ = settings(deadline=None, max_examples=READER_CASES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
FUZZ_SCORER = settings(FUZZ, max_examples=SCORER_CASES)

CHARS = st.characters(codec="utf-8")  # any code point UTF-8 can carry (lone surrogates cannot be in a file)
SPECIAL = ["", " ", "\n", "\r\n", "\t", "\x00", "\ufeff", "\x1e", "\u2028", ";;", "{}", "()[]", "...", "#",
           "# only a comment\n", "\\", "\\n", '"', "🙂", "é"]
code = st.one_of(
    st.text(CHARS, max_size=120),
    st.sampled_from(SPECIAL),
    st.text(st.sampled_from(list(string.punctuation + " \n\t\r")), max_size=40),  # punctuation-only
    st.lists(st.sampled_from(CODE_SAMPLES[:10]), min_size=1, max_size=3).map("\r\n".join),  # CRLF code
    st.builds(lambda s, n: s * n, st.sampled_from(["x = 1; ", "é", "🙂", "a", "\t"]), st.integers(60, 500)),  # huge
)
ids = st.one_of(st.integers(-(2**40), 2**40), st.text(CHARS, max_size=20))


def _write_lines(path, texts, *, crlf: bool, bom: bool) -> None:
    sep = "\r\n" if crlf else "\n"
    path.write_bytes((("\ufeff" if bom else "") + "".join(t + sep for t in texts)).encode("utf-8"))


@FUZZ
@given(progs=st.lists(code, min_size=1, max_size=8), crlf=st.booleans(), bom=st.booleans())
def test_escaped_lines_round_trip(tmp_path_factory, progs, crlf, bom):
    # a byte-order mark at the very start of a file is an encoding mark, not text (documented in readers): a program
    # starting with U+FEFF cannot be the first line of a lines file (an ambiguity the fuzzer found), so the first
    # line of each file (progs[0] here, progs[-1] in the reversed references) starts with something else
    progs[0] = progs[0].lstrip("\ufeff")
    progs[-1] = progs[-1].lstrip("\ufeff")
    d = tmp_path_factory.mktemp("lines")
    c, r = d / "c.txt", d / "r.txt"
    _write_lines(c, [cio.escape_program(p) for p in progs], crlf=crlf, bom=bom)
    _write_lines(r, [cio.escape_program(p) for p in reversed(progs)], crlf=crlf, bom=False)
    stream, total = cio.open_items("lines", c, r, None, id_field="task_id", cand_field=None,
                                   ref_field="canonical_solution", source_field=None)
    got = list(stream)
    assert total == len(progs) and [g[1] for g in got] == progs and [g[2] for g in got] == [[p] for p in progs[::-1]]


records = st.lists(
    st.tuples(ids, code, st.one_of(code, st.lists(code, min_size=1, max_size=4))), min_size=1, max_size=8
)


@FUZZ
@given(rows=records, layout=st.sampled_from(["jsonl", "jsonl.gz", "json"]), crlf=st.booleans(), bom=st.booleans())
def test_records_round_trip_in_every_layout(tmp_path_factory, rows, layout, crlf, bom):
    d = tmp_path_factory.mktemp("records")
    objs = [{"task_id": i, "completion": c, "canonical_solution": r} for i, c, r in rows]
    path = d / f"c.{layout}"
    if layout == "json":
        text = ("\ufeff" if bom else "") + json.dumps(objs, indent=1 if crlf else None)
        path.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8"))
    else:
        sep = "\r\n" if crlf else "\n"
        data = (("\ufeff" if bom else "") + "".join(json.dumps(o, ensure_ascii=False) + sep for o in objs)).encode()
        path.write_bytes(gzip.compress(data) if layout.endswith(".gz") else data)
    assert cio.detect_format(path, None) == ("json" if layout == "json" else "jsonl")
    stream, total = cio.open_items("auto", path, None, None, id_field="task_id", cand_field=None,
                                   ref_field="canonical_solution", source_field=None)
    got = list(stream)
    assert total == len(rows)
    assert got == [(i, c, [r] if isinstance(r, str) else r, None) for i, c, r in rows]


@FUZZ
@given(gens=st.lists(st.lists(code, max_size=4), min_size=1, max_size=6), data=st.data())
def test_bigcode_generations_round_trip_ragged(tmp_path_factory, gens, data):
    d = tmp_path_factory.mktemp("bigcode")
    refs = data.draw(st.lists(code, min_size=len(gens), max_size=len(gens)))
    (d / "generations.json").write_text(json.dumps(gens), encoding="utf-8")
    (d / "references.json").write_text(json.dumps(refs), encoding="utf-8")
    stream, total = cio.open_items("bigcode", d / "generations.json", d / "references.json", None,
                                   id_field="task_id", cand_field=None, ref_field="canonical_solution",
                                   source_field=None)
    got = list(stream)
    assert total == sum(len(g) for g in gens)
    assert got == [(t, g, [refs[t]], None) for t, task in enumerate(gens) for g in task]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(CHARS, max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
        st.sampled_from(["task_id", "completion", "canonical_solution", "solution", "prompt", "x"]), kids, max_size=5),
    max_leaves=20,
)


@FUZZ
@given(
    payload=st.one_of(
        st.binary(max_size=300),
        st.integers(900, 60000).map(lambda k: b"[" * k + b"]" * k),  # deep nesting (a RecursionError before)
        st.integers(900, 60000).map(lambda k: b'{"task_id": 0, "completion": ' + b"[" * k + b"]" * k + b"}\n"),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.lists(json_values, max_size=4).map(lambda vs: "\n".join(json.dumps(v) for v in vs).encode()),
    ),
    name=st.sampled_from(["c.jsonl", "c.json", "c.txt", "c.jsonl.gz", "c.json.gz"]),
    fmt=st.sampled_from(["auto", "jsonl", "json", "bigcode", "lines"]),
    with_refs=st.booleans(),
)
def test_garbage_inputs_fail_only_with_documented_errors(tmp_path_factory, payload, name, fmt, with_refs):
    d = tmp_path_factory.mktemp("garbage")
    path = d / name
    path.write_bytes(gzip.compress(payload) if name.endswith(".gz") and payload[:1] != b"\x1f" else payload)
    refs = None
    if with_refs:
        refs = d / "refs.jsonl"
        refs.write_text(json.dumps({"task_id": 0, "canonical_solution": "x"}) + "\n")
    try:
        stream, _ = cio.open_items(fmt, path, refs, None, id_field="task_id", cand_field=None,
                                   ref_field="canonical_solution", source_field=None)
        for _key, cand, ref_list, ctx in stream:
            assert isinstance(cand, str) and ref_list and all(isinstance(r, str) for r in ref_list)
            assert ctx is None or isinstance(ctx, str)
    except CodeBERTScoreError:
        pass


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_deeply_nested_json_is_an_input_error_not_a_crash(tmp_path, name):
    """Regression (found by this fuzzing): json.loads raised RecursionError, reported as an internal error."""
    path = tmp_path / name
    nested = "[" * 100000 + "]" * 100000
    path.write_text(nested if name.endswith(".json") else '{"completion": ' + nested + "}\n")
    with pytest.raises(CodeBERTScoreError, match="nested too deeply"):
        stream, _ = cio.open_items("auto", path, None, None, id_field="task_id", cand_field=None,
                                   ref_field="canonical_solution", source_field=None)
        list(stream)


# -- the scorer ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_scorer(tiny_roberta_path):
    from codebertscore import CodeBERTScorer

    return CodeBERTScorer(model=tiny_roberta_path, layer=2, window=48, token_budget=512)


items = st.lists(st.tuples(code, st.lists(code, min_size=1, max_size=3), code), min_size=1, max_size=6)


@FUZZ_SCORER
@given(batch=items, with_context=st.booleans(), data=st.data())
def test_scores_in_range_and_batch_invariant(fuzz_scorer, batch, with_context, data):
    cands = [c for c, _, _ in batch]
    refs = [r for _, r, _ in batch]
    srcs = [s for _, _, s in batch] if with_context else None
    n = len(batch)
    cuts = sorted(set(data.draw(st.lists(st.integers(1, max(1, n - 1)), max_size=3)))) if n > 1 else []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = fuzz_scorer.score(cands=cands, refs=refs, sources=srcs)
        parts = []
        for lo, hi in zip([0, *cuts], [*cuts, n]):
            parts.append(fuzz_scorer.score(cands=cands[lo:hi], refs=refs[lo:hi],
                                           sources=None if srcs is None else srcs[lo:hi]))
    for m in ("P", "R", "F1", "F3"):
        v = whole.measure(m)
        assert v.shape == (n,) and np.all(np.isfinite(v)) and np.all(np.abs(v) <= 1.0 + 1e-6), (m, v)
        assert np.all(v[whole.empty] == 0.0)
        split = np.concatenate([p.measure(m) for p in parts])
        assert np.abs(split - v).max() <= 1e-6, (m, split, v)
    assert np.array_equal(np.concatenate([p.empty for p in parts]), whole.empty)
    assert np.all((whole.best_ref >= 0) & (whole.best_ref < np.array([len(r) for r in refs])))


@pytest.fixture(scope="module")
def truncating_scorer(tiny_roberta_path):
    from codebertscore import CodeBERTScorer

    return CodeBERTScorer(model=tiny_roberta_path, layer=1, window=32, truncate=True)


@settings(FUZZ_SCORER, max_examples=max(20, SCORER_CASES // 2))
@given(batch=items, with_context=st.booleans(), data=st.data())
def test_truncation_counts_are_per_pair_and_batch_invariant(truncating_scorer, batch, with_context, data):
    cands = [c for c, _, _ in batch]
    refs = [r for _, r, _ in batch]
    srcs = [s for _, _, s in batch] if with_context else None
    n = len(batch)
    cut = data.draw(st.integers(0, n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = truncating_scorer.score(cands=cands, refs=refs, sources=srcs)
        parts = [truncating_scorer.score(cands=cands[lo:hi], refs=refs[lo:hi],
                                         sources=None if srcs is None else srcs[lo:hi])
                 for lo, hi in ((0, cut), (cut, n)) if hi > lo]
    for name in ("truncated_tokens", "ref_truncated_tokens", "context_tokens_dropped"):
        v = getattr(whole, name)
        assert v.shape == (n,) and np.all(v >= 0)
        assert np.array_equal(np.concatenate([getattr(p, name) for p in parts]), v)
    s = whole.summary()
    assert s["n_truncated"] == int(((whole.truncated_tokens > 0) | (whole.ref_truncated_tokens > 0)).sum())
    assert s["truncation"]["candidate_tokens"] == int(whole.truncated_tokens.sum())
    for m in ("P", "R", "F1", "F3"):
        v = whole.measure(m)
        assert np.all(np.isfinite(v)) and np.all(np.abs(v) <= 1.0 + 1e-6)
        assert np.abs(np.concatenate([p.measure(m) for p in parts]) - v).max() <= 1e-6
