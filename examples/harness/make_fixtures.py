"""Write the harness-format examples of this folder from ../python (the five problems and the completions written
for them): the same candidates as each harness lays them out. Synthetic: no benchmark generations are copied.

    python examples/harness/make_fixtures.py
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "python"


def main() -> None:
    problems = [json.loads(line) for line in (SRC / "problems.jsonl").read_text().splitlines() if line.strip()]
    samples = [json.loads(line) for line in (SRC / "samples.jsonl").read_text().splitlines() if line.strip()]
    by_task: dict[str, list[str]] = {}
    for s in samples:
        by_task.setdefault(s["task_id"], []).append(s["completion"])
    prompt = {p["task_id"]: p["prompt"] for p in problems}

    # bigcode-evaluation-harness: generations.json holds, per task in dataset order, the programs generated from
    # the stripped prompt (prompt + completion); references.json one reference string per task
    bigcode = HERE / "bigcode"
    bigcode.mkdir(exist_ok=True)
    gens = [[prompt[p["task_id"]].strip() + "\n" + c for c in by_task[p["task_id"]]] for p in problems]
    (bigcode / "generations.json").write_text(json.dumps(gens, indent=1) + "\n")
    refs = [p["prompt"] + p["canonical_solution"] for p in problems]
    (bigcode / "references.json").write_text(json.dumps(refs, indent=1) + "\n")

    # EvalPlus: samples.jsonl with self-contained solutions, and the sample folder <task_id with _>/<n>.py
    evalplus = HERE / "evalplus"
    (evalplus / "samples").mkdir(parents=True, exist_ok=True)
    rows = [{"task_id": s["task_id"], "solution": prompt[s["task_id"]] + s["completion"]} for s in samples]
    (evalplus / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    for tid, comps in by_task.items():
        d = evalplus / "samples" / tid.replace("/", "_")
        d.mkdir(exist_ok=True)
        for n, c in enumerate(comps):
            (d / f"{n}.py").write_text(prompt[tid] + c)

    # MultiPL-E: one completions file per problem, <name>.json.gz, named HumanEval_<n>_<entry point>
    mple = HERE / "multipl-e"
    mple.mkdir(exist_ok=True)
    for p in problems:
        name = f"HumanEval_{p['task_id'].split('/')[1]}_{p['entry_point']}"
        doc = {"name": name, "language": "py", "prompt": p["prompt"], "tests": "", "stop_tokens": ["\ndef "],
               "completions": by_task[p["task_id"]]}
        with gzip.GzipFile(mple / f"{name}.json.gz", "wb", mtime=0) as fh:
            fh.write(json.dumps(doc).encode())


if __name__ == "__main__":
    main()
