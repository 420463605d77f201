"""The shared record format of the labelled dev sets: one JSON object per line, optionally gzip-compressed.

Every language's dev set (Python here, JavaScript/Java/C++ in ``multilang``) is a list of :class:`DevRecord`: one
candidate completion of one problem, the reference completion(s) it is scored against, the prompt it continues
(``context``) and a correctness label obtained by running the problem's unit tests.

Files are written deterministically (sorted keys, records in the order given, a gzip header with no name and no
time stamp), so rebuilding with the same seed reproduces the same bytes. Reading checks every field and names the
file and line of the first malformed record.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, InputError

#: languages the dev-set builders know (the bundled files are named ``<lang>.jsonl.gz``)
DEV_LANGUAGES: tuple[str, ...] = ("python", "javascript", "java", "cpp")

#: what running a candidate's tests can end with
EXEC_STATUSES: tuple[str, ...] = ("pass", "fail", "timeout", "error", "compile_error")

_PACKAGE_DATA = ("codebertscore", "data", "devset")


@dataclass(frozen=True)
class DevRecord:
    """One labelled candidate of one problem.

    ``candidate`` is code only: the completion that continues ``context`` (for Python the function body, shaped like
    HumanEval's ``canonical_solution``; for the other languages the body plus the closing brace). ``label`` is 1.0
    when the candidate passes all tests and 0.0 when it does not (later sets may hold pass ratios or grades in
    [0, 1]); ``grades`` holds human grades where there are any. ``origin`` says how the candidate was made
    (``"canonical"``, ``"rewrite:rename_locals"``, ``"mutation:compare_op"``, ``"alternative"``,
    ``"alternative+mutation:off_by_one"``, ...).
    """

    id: str
    problem_id: str
    lang: str
    candidate: str
    references: list[str]
    context: str
    label: float
    origin: str
    exec_status: str
    seed: int
    grades: list[float] | None = None

    def __post_init__(self) -> None:
        for name in ("id", "problem_id", "lang", "origin"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise InputError(f"{name}: expected a non-empty string, got {value!r}")
        for name in ("candidate", "context"):
            if not isinstance(getattr(self, name), str):
                raise InputError(f"{name}: expected a string, got {type(getattr(self, name)).__name__}")
        if (
            not isinstance(self.references, list)
            or not self.references
            or not all(isinstance(r, str) for r in self.references)
        ):
            raise InputError(f"references: expected a non-empty list of strings, got {self.references!r:.80}")
        if isinstance(self.label, bool) or not isinstance(self.label, (int, float)) or not math.isfinite(self.label):
            raise InputError(f"label: expected a finite number, got {self.label!r}")
        if not 0.0 <= float(self.label) <= 1.0:
            raise InputError(f"label: expected a value in [0, 1], got {self.label!r}")
        object.__setattr__(self, "label", float(self.label))
        if self.exec_status not in EXEC_STATUSES:
            raise InputError(f"exec_status: expected one of {', '.join(EXEC_STATUSES)}, got {self.exec_status!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise InputError(f"seed: expected an integer, got {self.seed!r}")
        if self.grades is not None:
            if not isinstance(self.grades, list) or not all(
                isinstance(g, (int, float)) and not isinstance(g, bool) and math.isfinite(g) for g in self.grades
            ):
                raise InputError(f"grades: expected null or a list of finite numbers, got {self.grades!r:.80}")
            object.__setattr__(self, "grades", [float(g) for g in self.grades])

    @property
    def passed(self) -> bool:
        """Whether the candidate passed all its tests."""
        return self.exec_status == "pass"

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (a fresh copy; the record itself is never modified)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> DevRecord:
        """Build a record from parsed JSON, raising :class:`InputError` for missing, unknown or ill-typed fields."""
        if not isinstance(data, dict):
            raise InputError(f"expected a JSON object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(f"unknown field(s) {', '.join(unknown)}; expected only {', '.join(sorted(known))}")
        missing = sorted(f.name for f in fields(cls) if f.name not in data and f.name != "grades")
        if missing:
            raise InputError(f"missing field(s) {', '.join(missing)}")
        return cls(**data)


def record_to_json(record: DevRecord) -> str:
    """One record as one JSON line (sorted keys, no trailing newline): the deterministic on-disk form."""
    return json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def parse_records(lines: Iterable[str], source: str = "<input>") -> list[DevRecord]:
    """Parse JSONL text lines into records; blank lines are skipped, ids must be unique.

    Errors name ``source`` and the 1-based line number, e.g. ``dev.jsonl:12: label: expected a finite number``.
    """
    records: list[DevRecord] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        try:
            record = DevRecord.from_dict(data)
        except InputError as exc:
            raise InputError(f"{source}:{lineno}: {exc}") from None
        except TypeError as exc:  # pragma: no cover - from_dict checks the field names first
            raise InputError(f"{source}:{lineno}: {exc}") from None
        if record.id in seen:
            raise InputError(f"{source}:{lineno}: duplicate id {record.id!r} (first on line {seen[record.id]})")
        seen[record.id] = lineno
        records.append(record)
    return records


def _is_gzip(path: str | os.PathLike[str]) -> bool:
    return str(path).endswith(".gz")


def read_records(path: str | os.PathLike[str]) -> list[DevRecord]:
    """Read a ``.jsonl`` or ``.jsonl.gz`` dev-set file (gzip when the name ends in ``.gz``)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such dev-set file")
    try:
        if _is_gzip(p):
            with gzip.open(p, "rt", encoding="utf-8") as fh:
                text = fh.read()
        else:
            text = p.read_text(encoding="utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read ({exc})") from None
    return parse_records(text.splitlines(), source=str(p))


def dumps_records(records: Sequence[DevRecord]) -> str:
    """The JSONL text of ``records`` (one line each, in order), checking that ids are unique."""
    seen: set[str] = set()
    lines = []
    for record in records:
        if not isinstance(record, DevRecord):
            raise ArgumentError(f"records: expected DevRecord items, got {type(record).__name__}")
        if record.id in seen:
            raise ArgumentError(f"records: duplicate id {record.id!r}")
        seen.add(record.id)
        lines.append(record_to_json(record) + "\n")
    return "".join(lines)


def write_records(path: str | os.PathLike[str], records: Sequence[DevRecord]) -> None:
    """Write ``records`` as JSONL (gzip when the name ends in ``.gz``), byte-for-byte reproducibly."""
    data = dumps_records(records).encode("utf-8")
    p = Path(path)
    if p.parent and not p.parent.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
    if _is_gzip(p):
        buf = io.BytesIO()
        # filename="" and mtime=0: the header carries neither, so the bytes depend on the records only
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
            gz.write(data)
        data = buf.getvalue()
    p.write_bytes(data)


def _data_folder() -> Any:
    """The package's ``data/devset`` folder as an importlib.resources Traversable (one joinpath per part: 3.10)."""
    from importlib import resources

    folder = resources.files(_PACKAGE_DATA[0])
    for part in _PACKAGE_DATA[1:]:
        folder = folder.joinpath(part)
    return folder


def bundled_languages() -> list[str]:
    """The languages whose dev set ships inside the package."""
    folder = _data_folder()
    if not folder.is_dir():
        return []
    return sorted(
        entry.name[: -len(".jsonl.gz")] for entry in folder.iterdir() if entry.name.endswith(".jsonl.gz")
    )


class PreviousLabels:
    """The labels of an earlier build of a dev set, reused for candidates that are unchanged, so that adding
    candidates runs only the new ones.

    A record is reused only when its ``id``, ``candidate``, ``context`` and ``references`` are all equal to the new
    one's (the tests are made from HumanEval and the prompt, so an equal program gives the same label, unless its
    run time is near the time limit). :attr:`reused` counts the hits.
    """

    def __init__(self, records: Iterable[DevRecord] = ()) -> None:
        self._by_id = {r.id: r for r in records}
        self.reused = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def relabel(self, record: DevRecord) -> DevRecord | None:
        """``record`` with the label and exec status of the earlier record of the same program, or None (then it
        has to run)."""
        old = self._by_id.get(record.id)
        if old is None or (old.candidate, old.context, old.references) != (record.candidate, record.context,
                                                                           record.references):
            return None
        self.reused += 1
        return replace(record, label=old.label, exec_status=old.exec_status)


#: views of a bundled dev set (see :func:`in_view`)
DEV_VIEWS = ("realistic", "samples", "alt-reference", "near-copies", "all")

#: origins scored against the first hand-written alternative in the ``alt-reference`` view
_ALT_REFERENCE_ORIGINS = ("canonical", "rewrite:", "alternative:wrong")


def in_view(record: DevRecord, view: str) -> bool:
    """Whether a record belongs to a view of the dev set.

    * ``realistic``: the candidates written as independent solutions (``alternative*`` origins: correct
      alternatives, their renamed and faulty versions, and plausible-but-wrong solutions) — the closest to real model
      generations, which differ from the reference far more than an edit does. The default for tuning and reports.
    * ``samples``: only the independent samples (``sample:*`` origins, :mod:`codebertscore.devset.samples`):
      completions written from the prompt alone by an author who saw neither the reference nor the other
      candidates, so that passing and failing candidates come from one hand that is not the reference's.
    * ``near-copies``: rewrites and single faults of the reference itself (the reference excluded) — a stress test:
      similarity to the reference says little here, since every failing mutant is nearly identical to it.
    * ``alt-reference``: the reference swapped for the problem's first hand-written alternative (a correct
      solution in another idiom); the candidates are the canonical solution, its meaning-preserving rewrites and
      the plausible-but-wrong solutions. Passing and failing candidates then stand at a similar stylistic distance
      from the reference, which removes the bias of the ``realistic`` view in the JavaScript, Java and C++ sets
      (there the wrong solutions were written close to the canonical one). Made by :func:`load_bundled`.
    * ``all``: everything, the reference itself included as a passing candidate.
    """
    if view == "all":
        return True
    if view == "alt-reference":
        return record.origin.startswith(_ALT_REFERENCE_ORIGINS)
    if view == "realistic":
        return record.origin.startswith("alternative")
    if view == "samples":
        return record.origin.startswith("sample:")
    if view == "near-copies":
        return record.origin.startswith(("rewrite", "mutation"))
    raise ArgumentError(f"view: expected one of {', '.join(DEV_VIEWS)}, got {view!r}")


def load_bundled(lang: str, view: str = "all") -> list[DevRecord]:
    """The dev set bundled for ``lang`` (``codebertscore/data/devset/<lang>.jsonl.gz``), restricted to ``view``."""
    if view not in DEV_VIEWS:
        raise ArgumentError(f"view: expected one of {', '.join(DEV_VIEWS)}, got {view!r}")
    available = bundled_languages()
    if not isinstance(lang, str) or lang not in available:
        listed = ", ".join(available) if available else "none"
        raise ArgumentError(f"lang: no bundled dev set for {lang!r}; available: {listed}")
    resource = _data_folder().joinpath(f"{lang}.jsonl.gz")
    source = f"codebertscore/data/devset/{lang}.jsonl.gz"
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        records = parse_records(fh.read().splitlines(), source=source)
    if view == "alt-reference":
        return alt_reference(records)
    return [r for r in records if in_view(r, view)]


def alt_reference(records: list[DevRecord]) -> list[DevRecord]:
    """The ``alt-reference`` view of ``records``: per problem, the first ``alternative`` becomes the only
    reference, and the canonical solution, its rewrites and the wrong solutions are the candidates (problems
    without an alternative are left out; the other alternatives are not candidates)."""
    first_alt: dict[str, str] = {}
    for r in records:
        if r.origin == "alternative":
            first_alt.setdefault(r.problem_id, r.candidate)
    return [
        replace(r, references=[first_alt[r.problem_id]])
        for r in records
        if r.problem_id in first_alt and in_view(r, "alt-reference")
    ]
