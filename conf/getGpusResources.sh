#!/usr/bin/env bash
# Spark resource discovery for GPUs (spark.executor.resource.gpu.discoveryScript,
# spark.worker.resource.gpu.discoveryScript): prints the GPUs nvidia-smi sees as
# {"name":"gpu","addresses":["0","1",...]}. Spark then hands them out to executors and tasks.
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "Cannot discover GPUs: nvidia-smi is not on the PATH of $(hostname)" >&2
  exit 1
fi

addresses="$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | sed '/^$/d; s/.*/"&"/' | paste -sd, -)"
printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
