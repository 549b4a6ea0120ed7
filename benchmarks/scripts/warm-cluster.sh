#!/usr/bin/env bash
# warm-cluster.sh DIR: warms up a fresh 'floe up' cluster in DIR as a whole, unrecorded: 400 blobs of 1 KiB and 120 of
# 1 MiB stored and read with 8 clients. Four JVMs sharing two cores are still compiling the hot paths of Pekko, its
# HTTP server and the JDK's HTTP client after the first few hundred requests (docs/benchmarks.md, run 4); used by
# cluster-bench.sh and warm-ab.sh before they measure. SOAK_BLOBS=N stores and reads N more 1 MiB blobs with 8 clients
# (a soak: the JIT keeps compiling the long tail of the request path for a few thousand blobs, see docs/benchmarks.md).
# Uses the built jar; bounded by bench's --duration.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:?usage: warm-cluster.sh DIR}"
floe() { java -jar "$root/actors/target/floe.jar" "$@"; }
floe bench --dir "$dir" --epochs 1 --duration 300s --size 1KiB --count 400 --concurrency 8 >/dev/null
floe bench --dir "$dir" --epochs 1 --duration 300s --size 1MiB --count 120 --concurrency 8 >/dev/null
if [[ "${SOAK_BLOBS:-0}" -gt 0 ]]; then
  floe bench --dir "$dir" --epochs 1 --duration 900s --size 1MiB --count "$SOAK_BLOBS" --concurrency 8 >/dev/null
fi
