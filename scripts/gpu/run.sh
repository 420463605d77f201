#!/usr/bin/env bash
# Train encoder variants on the lent GPU and put logs, deltas and a summary under $OUT.
# Usage (from the repository root, on the GPU machine):  bash scripts/gpu/run.sh [train_variants.py options]
# Default: cl-token, cl-mean, mlm-token in 540 s total. See scripts/gpu/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${OUT:?set OUT to the output folder}"
mkdir -p "$OUT"
export PYTHONPATH=src PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=true
PY="${PYTHON:-python3}"
status=0
"$PY" scripts/gpu/train_variants.py --out "$OUT" "$@" || status=$?
echo "train_variants exit status: $status"
exit "$status"
