"""One-off check for issue 9 (not part of the package): every dev-set candidate, built WITHOUT execution, as JSON
lines, so that a restructure can be shown to leave the dev sets byte-identical. Runs against the layout before
issue 9 (devset/build.py, devset/multilang.py) and after it (devset/python/, devset/multilang/):

    PYTHONPATH=<old checkout>/src python scripts/checks/devset_candidates_snapshot.py /tmp/old.jsonl
    PYTHONPATH=src python scripts/checks/devset_candidates_snapshot.py /tmp/new.jsonl
    cmp /tmp/old.jsonl /tmp/new.jsonl

It also prints a hash of the bundled records' ids, origins, candidates, contexts and references per language.
"""

from __future__ import annotations

import hashlib
import json
import sys

from codebertscore.devset.format import load_bundled

try:  # the layout after issue 9
    from codebertscore.devset.multilang.build import make_candidates
    from codebertscore.devset.multilang.problems import load_problems
    from codebertscore.devset.python import humaneval
    from codebertscore.devset.python.build import python_candidates
except ImportError:  # the layout before it
    from codebertscore.devset import humaneval  # type: ignore[no-redef]
    from codebertscore.devset.build import python_candidates  # type: ignore[no-redef]
    from codebertscore.devset.multilang import make_candidates  # type: ignore[no-redef]
    from codebertscore.devset.multilang_problems import load_problems  # type: ignore[no-redef]


def main(path: str) -> None:
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for p in humaneval.load_problems():
            for c in python_candidates(p, seed=0):
                row = ["python", p.task_id, c.tag, c.origin, c.body, p.prompt, p.canonical_solution]
                out.write(json.dumps(row) + "\n")
                count += 1
        for lang in ("javascript", "java", "cpp"):
            problems, _ = load_problems(lang)
            for p in problems:
                for k, (origin, code) in enumerate(make_candidates(p, 0)):
                    out.write(json.dumps([lang, p.task_id, k, origin, code, p.prompt, p.solutions.canonical]) + "\n")
                    count += 1
    print("candidates", count)
    for lang in ("python", "javascript", "java", "cpp"):
        records = load_bundled(lang)
        text = "".join(json.dumps([r.id, r.origin, r.candidate, r.context, r.references]) for r in records)
        print(lang, "bundled", len(records), hashlib.sha256(text.encode()).hexdigest()[:16])


if __name__ == "__main__":
    main(sys.argv[1])
