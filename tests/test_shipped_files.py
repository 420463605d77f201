"""Shipped data carries no trace of the machine it was made on: no absolute local paths in package data."""

from __future__ import annotations

from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "codebertscore"

#: fragments of local paths (a home, a temp folder, a virtual environment) that no shipped data file may contain
LOCAL_PATHS = ("/work/", "/tmp/", "/root/", "site-packages")

DATA_FILES = sorted(p for p in SRC.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"})


def test_the_package_ships_data_files() -> None:
    # the scan below must see the embedded tune results it was written for, or it would pass on nothing
    names = {p.name for p in DATA_FILES}
    assert {"tune_python.json", "tune_samples.json", "defaults.json"} <= names


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_local_path_in_shipped_data(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    found = [frag for frag in LOCAL_PATHS if frag in text]
    assert not found, f"{path.relative_to(SRC)} contains local path fragments {found}"
