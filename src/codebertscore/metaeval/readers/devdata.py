"""Where the real-output dev data lives: the dev-data root and the files under it.

The files are third-party data and are never part of the package; they are read where the user keeps them. The root
is, in order: the ``--devdata DIR`` option (``root=`` here), the environment variable ``CODEBERTSCORE_DEVDATA``, or
``shared/devdata`` beside the source checkout the package runs from (``<checkout>/../shared/devdata``, or the same
beside a folder above it, so that git worktrees find it too).

The registered sources (:data:`DEV_SOURCES`; ``--dev NAME`` in ``metaeval`` and ``tune``) name a file under that
root and the reader format that reads it (:mod:`codebertscore.metaeval.readers.realdata`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.record import DevRecord

#: the environment variable naming the dev-data root
DEVDATA_ENV = "CODEBERTSCORE_DEVDATA"
#: how many folders above the checkout are searched for ``shared/devdata``
_SEARCH_DEPTH = 3


def _checkout_root() -> Path | None:
    """The source checkout the package runs from (``<root>/src/codebertscore``), or None for an installed package."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if parent.name == "codebertscore" and parent.parent.name == "src":
            root = parent.parent.parent
            return root if (root / "pyproject.toml").is_file() else None
    return None


def default_root() -> Path | None:
    """The dev-data root from the environment or beside the checkout, or None when there is none."""
    env = os.environ.get(DEVDATA_ENV)
    if env:
        return Path(env)
    root = _checkout_root()
    if root is None:
        return None
    for parent in list(root.parents)[:_SEARCH_DEPTH]:
        candidate = parent / "shared" / "devdata"
        if candidate.is_dir():
            return candidate
    return None


def devdata_root(root: str | Path | None = None, *, option: str = "--devdata") -> Path:
    """The dev-data root: ``root`` when given, else :func:`default_root`; an error naming ``option`` when none."""
    if root is not None:
        path = Path(root)
        if not path.is_dir():
            raise ArgumentError(f"{option}: {path} is not a folder (expected the dev-data root holding the "
                                "real-output files, e.g. ../shared/devdata)")
        return path
    found = default_root()
    if found is None or not found.is_dir():
        where = f"{DEVDATA_ENV}={found}" if found is not None else "none found beside the checkout"
        raise ArgumentError(f"{option}: no dev-data root ({where}); pass --devdata DIR or set {DEVDATA_ENV} to the "
                            "folder holding the real-output files (e.g. ../shared/devdata)")
    return found


def devdata_file(name: str, root: str | Path | None = None, *, option: str = "--devdata") -> Path:
    """The file ``name`` under the dev-data root; an error naming ``option`` when it is not there."""
    path = devdata_root(root, option=option) / name
    if not path.is_file():
        raise ArgumentError(f"{option}: {path} not found (expected the dev-data file {name} under the dev-data root)")
    return path


# ---- the registered real-output dev sources -----------------------------------------------------------------------


@dataclass(frozen=True)
class DevSource:
    """A real-output dev source: the file under the dev-data root and how to read it."""

    name: str  # what --dev takes
    file: str  # under the dev-data root
    fmt: str  # a reader format (codebertscore.metaeval.readers.FORMATS)
    lang: str
    label: str  # what the label is, for reports


def _sources() -> dict[str, DevSource]:
    from codebertscore.metaeval.readers.codegen_data import SAMPLES_FILE

    out = [DevSource("codegen-python", SAMPLES_FILE, "codegen", "python",
                     "HumanEval tests passed (labels shipped with the package)")]
    for short, lang in (("python", "python"), ("js", "javascript"), ("java", "java"), ("cpp", "cpp"), ("go", "go")):
        out.append(DevSource(f"codellama-{short}", f"codellama13b_humanevalx_{short}.jsonl.xz", "humaneval-x", lang,
                             "HumanEval-X tests passed"))
    out.append(DevSource("hearthstone", "hearthstone_human_grades.json.xz", "hearthstone", "python",
                         "mean of four programmers' 0-4 grades / 4"))
    return {s.name: s for s in out}


#: the registered real-output dev sources by name (``--dev NAME``)
DEV_SOURCES: dict[str, DevSource] = _sources()


def load_dev_source(name: str, root: str | Path | None = None, *, dedupe: bool = True,
                    option: str = "--dev") -> list[DevRecord]:
    """The records of the registered dev source ``name`` (see :data:`DEV_SOURCES`), read under the dev-data root."""
    from codebertscore.metaeval.readers import load_data

    source = DEV_SOURCES.get(name)
    if source is None:
        raise ArgumentError(f"{option}: unknown dev source {name!r}; expected one of {', '.join(DEV_SOURCES)}")
    path = devdata_file(source.file, root, option="--devdata")
    return load_data(source.fmt, path, lang=source.lang, dedupe=dedupe)
