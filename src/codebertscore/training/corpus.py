"""Reading a training corpus of source code, and splitting it into training and held-out documents.

Two layouts are read:

* **the project corpus** (``shared/corpus``): one file per language, ``<lang>.txt.xz`` (or ``.txt``), documents
  (one source file each) separated by the byte ``\\x1e``;
* **a folder of source files**: every file whose extension names a language (``.py``, ``.java``, ``.js``, ``.c``,
  ``.cpp`` ...), one document each.

The held-out split is a pure function of a document's text (a hash), so that it is the same on every machine, for
every run and for every objective: a document held out of masked-LM training also gives no contrastive pairs.
"""

from __future__ import annotations

import hashlib
import lzma
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from codebertscore.errors import ArgumentError, InputError
from codebertscore.languages import EXTENSIONS as ALL_EXTENSIONS
from codebertscore.languages import LANGUAGE_ALIASES as ALL_ALIASES

#: the languages of the project corpus this module reads, in a fixed order (names, spellings and extensions are
#: the package's one language table, ``codebertscore.languages``)
LANGUAGES: tuple[str, ...] = ("python", "java", "javascript", "c", "cpp")

#: file extension -> language, for folders of source files (".h" is read as C)
EXTENSIONS: dict[str, str] = {ext: lang for ext, lang in ALL_EXTENSIONS.items() if lang in LANGUAGES}

#: language spellings accepted on the command line
LANGUAGE_ALIASES: dict[str, str] = {alias: lang for alias, lang in ALL_ALIASES.items() if lang in LANGUAGES}

DOCUMENT_SEPARATOR = "\x1e"


@dataclass(frozen=True)
class Document:
    """One source file: its language, text and where it came from (file and index, or path)."""

    lang: str
    text: str
    source: str

    @property
    def key(self) -> str:
        """A stable identity: the first 16 hex digits of the sha256 of the text."""
        return document_key(self.text)


def document_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def sample_key(text: str) -> str:
    """The order in which subsets are taken: a hash salted differently from the held-out split's, so that a
    subset holds training and held-out documents in their usual proportion."""
    return hashlib.sha256(b"subsample\x00" + text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def split_value(text: str) -> float:
    """A number in [0, 1) fixed by the text alone: the basis of the held-out split."""
    return int(document_key(text)[:12], 16) / float(1 << 48)


def is_heldout(text: str, fraction: float) -> bool:
    """True for the documents held out of training (about ``fraction`` of them, chosen by hash)."""
    return split_value(text) < fraction


def parse_languages(spec: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"python,java"`` or a list -> canonical names in the module's order; ``None``/``"all"`` -> all."""
    if spec is None:
        return LANGUAGES
    items = [s.strip().lower() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    if not items or items == ["all"]:
        return LANGUAGES
    out = []
    for item in items:
        if item not in LANGUAGE_ALIASES:
            raise ArgumentError(f"langs: unknown language {item!r}; expected some of {', '.join(LANGUAGES)} or 'all'")
        out.append(LANGUAGE_ALIASES[item])
    return tuple(lang for lang in LANGUAGES if lang in out)


def corpus_files(root: Path) -> dict[str, Path]:
    """The per-language corpus files in ``root`` (``<lang>.txt.xz`` preferred over ``<lang>.txt``)."""
    found: dict[str, Path] = {}
    for lang in LANGUAGES:
        for name in (f"{lang}.txt.xz", f"{lang}.txt"):
            if (root / name).is_file():
                found[lang] = root / name
                break
    return found


def _read_text(path: Path) -> str:
    try:
        if path.suffix == ".xz":
            with lzma.open(path, "rt", encoding="utf-8", errors="replace") as fh:
                return fh.read()
        return path.read_text(encoding="utf-8", errors="replace")
    except (OSError, lzma.LZMAError) as exc:
        raise InputError(f"corpus: could not read {path}: {exc}") from exc


def _subsample(docs: list[Document], max_docs: int | None, max_bytes: int | None) -> list[Document]:
    """A deterministic subset: documents in (salted) hash order until a count or size cap, then in file order."""
    if max_docs is None and max_bytes is None:
        return docs
    order = sorted(range(len(docs)), key=lambda i: sample_key(docs[i].text))
    chosen: list[int] = []
    total = 0
    for i in order:
        if max_docs is not None and len(chosen) >= max_docs:
            break
        size = len(docs[i].text.encode("utf-8", "surrogatepass"))
        if max_bytes is not None and chosen and total + size > max_bytes:
            continue
        chosen.append(i)
        total += size
    return [docs[i] for i in sorted(chosen)]


def iter_source_files(root: Path, langs: Iterable[str]) -> Iterable[tuple[str, Path]]:
    """(language, path) for every source file under ``root``, in sorted path order (hidden folders skipped)."""
    wanted = set(langs)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            lang = EXTENSIONS.get(Path(name).suffix.lower())
            if lang in wanted:
                yield lang, Path(dirpath) / name


def read_corpus(
    path: str | Path,
    langs: str | Sequence[str] | None = None,
    *,
    max_docs_per_lang: int | None = None,
    max_bytes_per_lang: int | None = None,
) -> dict[str, list[Document]]:
    """Documents per language from a corpus folder, one corpus file, or a folder of source files.

    ``max_docs_per_lang`` / ``max_bytes_per_lang`` keep a deterministic subset (the documents first in hash order),
    for quick runs. Empty documents are dropped. Languages with no document are absent from the result.
    """
    root = Path(path).expanduser()
    wanted = parse_languages(langs)
    for name, value in (("max_docs_per_lang", max_docs_per_lang), ("max_bytes_per_lang", max_bytes_per_lang)):
        if value is not None and value <= 0:
            raise ArgumentError(f"{name}: expected a positive number, got {value}")
    per_lang: dict[str, list[Document]] = {}
    if root.is_file():
        lang = root.name.split(".")[0].lower()
        if lang not in LANGUAGE_ALIASES:
            raise InputError(f"corpus: cannot tell the language of {root} (expected <lang>.txt.xz or <lang>.txt)")
        files = {LANGUAGE_ALIASES[lang]: root}
    elif root.is_dir():
        files = corpus_files(root)
    else:
        raise InputError(f"corpus: {root} is neither a file nor a folder")
    if files:
        for lang, file in files.items():
            if lang not in wanted:
                continue
            parts = _read_text(file).split(DOCUMENT_SEPARATOR)
            docs = [Document(lang, t, f"{file.name}#{i}") for i, t in enumerate(parts) if t.strip()]
            per_lang[lang] = docs
    else:
        for lang, file in iter_source_files(root, wanted):
            text = _read_text(file)
            if text.strip():
                per_lang.setdefault(lang, []).append(Document(lang, text, str(file.relative_to(root))))
    if not per_lang:
        raise InputError(
            f"corpus: no documents for {', '.join(wanted)} in {root} (expected <lang>.txt.xz files or source files "
            f"with the extensions {', '.join(sorted(EXTENSIONS))})"
        )
    return {
        lang: _subsample(per_lang[lang], max_docs_per_lang, max_bytes_per_lang)
        for lang in LANGUAGES
        if lang in per_lang
    }


def split_documents(docs: Sequence[Document], heldout_fraction: float) -> tuple[list[Document], list[Document]]:
    """(training, held-out) documents, by :func:`is_heldout`."""
    if not 0.0 <= heldout_fraction < 1.0:
        raise ArgumentError(f"heldout_fraction: expected a number in [0, 1), got {heldout_fraction}")
    train: list[Document] = []
    held: list[Document] = []
    for d in docs:
        (held if is_heldout(d.text, heldout_fraction) else train).append(d)
    return train, held


def corpus_description(path: str | Path) -> dict[str, object]:
    """What the model card says about a corpus: its path, and the README/sources of the project corpus if present."""
    root = Path(path).expanduser()
    info: dict[str, object] = {"path": str(root)}
    folder = root if root.is_dir() else root.parent
    sources = folder / "sources.tsv"
    if sources.is_file():
        rows = [line.split("\t") for line in sources.read_text(encoding="utf-8").splitlines() if line.strip()]
        info["sources"] = len(rows)
        info["source_packages_sample"] = sorted({r[1] for r in rows if len(r) > 1})[:12]
    return info
