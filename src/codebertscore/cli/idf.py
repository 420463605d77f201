"""`codebertscore idf`: build an idf table (JSON) for a model's tokenizer from a corpus of code."""

from __future__ import annotations

import argparse
from pathlib import Path

from codebertscore.jsonio import dumps
from codebertscore.scoring import readers as cio
from codebertscore.scoring.idf import build_idf_table
from codebertscore.scoring.stream import check_writable


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", nargs="+", type=Path,
                   help="folders of code files, JSONL files (with --jsonl-field), .xz corpus files or single files")
    p.add_argument("--lang", help="language whose default encoder's tokenizer to use")
    p.add_argument("--model", help="model (hub name or folder) whose tokenizer to use")
    p.add_argument("--revision", help="hub revision")
    p.add_argument("--jsonl-field", help="field holding the code in JSONL inputs (e.g. canonical_solution)")
    p.add_argument("--ext", nargs="*", default=None, help="file extensions to read in folders (default: common code)")
    p.add_argument("--source", help="how the table names its corpus (default: the corpus paths as given)")
    p.add_argument("--out", required=True, type=Path,
                   help="where to write the JSON table (gzip-compressed when the name ends in .gz)")


def run(args: argparse.Namespace) -> int:
    check_writable(args.out, "--out")  # before the corpus is read and the tokenizer loads
    docs = cio.iter_documents(args.corpus, jsonl_field=args.jsonl_field,
                              extensions=tuple(args.ext) if args.ext else None)
    source = args.source or (
        ", ".join(str(p) for p in args.corpus) + (f" [field {args.jsonl_field}]" if args.jsonl_field else "")
    )
    table = build_idf_table(docs, lang=args.lang, model=args.model, revision=args.revision, source=source)
    table.save(args.out)
    print(dumps({"out": str(args.out), "n_docs": table.n_docs, "n_tokens": len(table.df),
                      "sha256": table.sha256, "tokenizer": table.tokenizer}, indent=1))
    return 0
