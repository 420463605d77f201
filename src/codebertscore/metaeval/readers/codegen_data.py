"""The CodeGen-16B HumanEval samples and their execution labels, as data: reading the samples (third-party, read in
place under the dev-data root), cutting each completion where HumanEval's evaluation cuts it, and the labels file
(``task_id, sample, passed, status``; computed by :mod:`codebertscore.devset.codegen`, shipped in
``data/devdata/``). The labelling itself (running programs in the sandbox) lives in devset; metaeval reads here."""

from __future__ import annotations

import csv
import gzip
import io
import json
import lzma
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from codebertscore.errors import InputError

#: Where HumanEval's evaluation cuts a completion: the first of these strings ends the function body. These are
#: the stop sequences of the Codex paper (Chen et al. 2021, "Evaluating Large Language Models Trained on Code",
#: section 2.3: "we truncate at '\nclass', '\ndef', '\n#', '\nif', or '\nprint'"), the convention the CodeGen
#: and CodeT evaluations follow for HumanEval.
STOP_SEQUENCES: tuple[str, ...] = ("\nclass", "\ndef", "\n#", "\nif", "\nprint")

#: the file name of the samples under the dev-data root, and of the shipped labels in the package
SAMPLES_FILE = "codegen16b_humaneval_python_t0.8.jsonl.xz"
LABELS_RESOURCE = ("data", "devdata", "codegen16b_humaneval_python.labels.tsv.gz")
LABEL_COLUMNS = ("task_id", "sample", "passed", "status")


@dataclass(frozen=True)
class CodegenSample:
    """One CodeGen-16B sample: the prompt it continued and its completion, uncut."""

    task_id: str
    sample: int
    prompt: str
    completion: str

    @property
    def cut(self) -> str:
        """The completion cut at HumanEval's stop sequences (the candidate and the tested body)."""
        return cut_completion(self.completion)


@dataclass(frozen=True)
class Label:
    task_id: str
    sample: int
    passed: bool
    status: str  # "passed", "failed: AssertionError", "timed out", "syntax error", ...


def cut_completion(completion: str, stops: Sequence[str] = STOP_SEQUENCES) -> str:
    """``completion`` up to (not including) the first stop sequence; all of it when none occurs."""
    end = len(completion)
    for stop in stops:
        k = completion.find(stop)
        if k != -1:
            end = min(end, k)
    return completion[:end]


def open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_samples(path: str | Path) -> list[CodegenSample]:
    """The samples of a CodeGen JSONL file (``.xz``, ``.gz`` or plain), in file order."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file (the CodeGen-16B samples, {SAMPLES_FILE})")
    out: list[CodegenSample] = []
    with open_text(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out.append(CodegenSample(task_id=str(row["task_id"]), sample=int(row["sample"]),
                                         prompt=str(row["prompt"]), completion=str(row["completion"])))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{n}: expected a JSON object with task_id, sample (an integer), prompt and "
                                 f"completion ({exc})") from None
    keys = Counter((s.task_id, s.sample) for s in out)
    dup = [k for k, c in keys.items() if c > 1]
    if dup:
        raise InputError(f"{path}: duplicate (task_id, sample) {dup[0]}")
    return out


# ---- the labels file ----------------------------------------------------------------------------------------------


def parse_label_rows(rows: Iterable[list[str]], where: str, *, tolerate_truncated_tail: bool) -> list[Label]:
    out: list[Label] = []
    rows = list(rows)
    for n, row in enumerate(rows, 1):
        if row == list(LABEL_COLUMNS):
            continue
        if len(row) != 4 or row[2] not in ("0", "1"):
            if tolerate_truncated_tail and n == len(rows):
                break  # an interrupted append
            raise InputError(f"{where}:{n}: expected {len(LABEL_COLUMNS)} tab-separated fields "
                             f"({', '.join(LABEL_COLUMNS)}) with passed 0 or 1, got {row!r}")
        try:
            out.append(Label(row[0], int(row[1]), row[2] == "1", row[3]))
        except ValueError:
            raise InputError(f"{where}:{n}: sample: expected an integer, got {row[1]!r}") from None
    return out


def read_labels(path: str | Path) -> list[Label]:
    """The labels in a TSV file (gzip when it ends in ``.gz``) with a header ``task_id sample passed status``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such labels file")
    with open_text(path) as fh:
        return parse_label_rows(csv.reader(fh, delimiter="\t"), str(path), tolerate_truncated_tail=False)


def bundled_labels_path() -> Path:
    """Where the package keeps the CodeGen-16B labels."""
    from importlib import resources

    ref = resources.files("codebertscore")
    for part in LABELS_RESOURCE:
        ref = ref / part
    return Path(str(ref))


def load_labels(path: str | Path | None = None) -> dict[tuple[str, int], Label]:
    """The labels keyed by (task_id, sample): the shipped ones, or those in ``path``."""
    labels = read_labels(path if path is not None else bundled_labels_path())
    return {(lb.task_id, lb.sample): lb for lb in labels}


def write_labels(path: str | Path, labels: Iterable[Label]) -> None:
    """Write labels sorted by problem number and sample (gzip when ``path`` ends in ``.gz``, without a timestamp so
    that the same labels give the same bytes)."""
    path = Path(path)
    rows = sorted(labels, key=lambda lb: (task_order(lb.task_id), lb.sample))
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(LABEL_COLUMNS)
    for lb in rows:
        w.writerow([lb.task_id, lb.sample, int(lb.passed), lb.status])
    data = buf.getvalue().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(data)
    else:
        path.write_bytes(data)


def task_order(task_id: str) -> tuple[str, int]:
    prefix, _, number = task_id.rpartition("/")
    return (prefix, int(number)) if number.isdigit() else (task_id, -1)
