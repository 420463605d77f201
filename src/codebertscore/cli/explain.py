"""`codebertscore explain`: the token alignment behind one score."""

from __future__ import annotations

import argparse
from pathlib import Path

from codebertscore.cli.common import add_model_arguments, check_settings, make_scorer
from codebertscore.errors import ArgumentError, InputError
from codebertscore.jsonio import dumps
from codebertscore.report.alignment import render_html, render_text
from codebertscore.scoring.stream import check_writable


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cand", type=Path, help="file holding the candidate code")
    p.add_argument("--ref", type=Path, help="file holding the reference code")
    p.add_argument("--source", type=Path, help="file holding the context (prompt)")
    p.add_argument("--cand-text", help="the candidate code itself (instead of --cand)")
    p.add_argument("--ref-text", help="the reference code itself (instead of --ref)")
    p.add_argument("--source-text", help="the context itself (instead of --source)")
    add_model_arguments(p, with_rescale=True)
    p.add_argument("--html", type=Path, help="write an HTML page with the similarity matrix")
    p.add_argument("--json", action="store_true", help="print the explanation as JSON")
    p.add_argument("--worst", type=int, default=10, help="how many least-matched tokens to list")


def _text(path: Path | None, text: str | None, name: str, required: bool) -> str | None:
    if path is not None and text is not None:
        raise ArgumentError(f"--{name} and --{name}-text: give one, not both")
    if text is not None:
        return text
    if path is not None:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise InputError(f"--{name}: no such file: {path}") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"--{name}: {path} is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if required:
        raise ArgumentError(f"--{name}: required (or --{name}-text)")
    return None


def run(args: argparse.Namespace) -> int:
    cand = _text(args.cand, args.cand_text, "cand", True)
    ref = _text(args.ref, args.ref_text, "ref", True)
    source = _text(args.source, args.source_text, "source", False)
    if args.html is not None:
        check_writable(args.html, "--html")
    check_settings(args, context=source is not None)  # before the encoder loads
    scorer = make_scorer(args)
    ex = scorer.explain(cand=cand, ref=ref, source=source)
    if args.html:
        args.html.write_text(render_html(ex), encoding="utf-8")
    if args.json:
        print(dumps({**ex, "similarity": ex["similarity"].tolist()}, indent=1))
    else:
        print(render_text(ex, worst=args.worst))
    return 0
