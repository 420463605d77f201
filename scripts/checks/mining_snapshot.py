"""One-off check for issue 9 (not part of the package): the doc and rewrite pairs mined from the first N documents
of each brace language of the project corpus (/work/shared/corpus), as JSON lines, to show that a change of the
lexer leaves the mined training pairs byte-identical:

    PYTHONPATH=<old checkout>/src python scripts/checks/mining_snapshot.py /tmp/old.jsonl 400
    PYTHONPATH=src python scripts/checks/mining_snapshot.py /tmp/new.jsonl 400
    cmp /tmp/old.jsonl /tmp/new.jsonl
"""

from __future__ import annotations

import json
import lzma
import sys

from codebertscore.training.corpus import Document
from codebertscore.training.pairs import MiningOptions, mine_document

CORPUS = "/work/shared/corpus"


def main(path: str, n: int) -> None:
    options = MiningOptions()
    total = 0
    with open(path, "w", encoding="utf-8") as out:
        for lang in ("java", "javascript", "c", "cpp"):
            with lzma.open(f"{CORPUS}/{lang}.txt.xz", "rt", encoding="utf-8") as fh:
                docs = fh.read().split("\x1e")[:n]
            pairs = 0
            for k, text in enumerate(docs):
                for p in mine_document(Document(lang=lang, text=text, source=f"{lang}:{k}"), options):
                    out.write(json.dumps([p.lang, p.kind, p.a, p.b, p.source, p.heldout]) + "\n")
                    pairs += 1
            print(lang, len(docs), "docs", pairs, "pairs", flush=True)
            total += pairs
    print("total", total)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
