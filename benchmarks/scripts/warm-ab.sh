#!/usr/bin/env bash
# warm-ab.sh LABEL: one side of an A/B comparison on a warm cluster (docs/benchmarks.md, run 4). Starts a fresh 4-node,
# 100-shard cluster in DIR (default /tmp/floe-ab) with the node settings of the environment (FLOE_SLIVER_FILE_SIZE,
# FLOE_NODE_JAVA_OPTS, ...), warms it up unrecorded (warm-cluster.sh), then prints one line per
# measurement: 80 x 1 MiB with 8 clients twice, and 3 x 64 MiB with one client (store and read MB/s), and stops the
# cluster. Run the two sides alternately, e.g.
#   benchmarks/scripts/warm-ab.sh default; FLOE_SLIVER_FILE_SIZE=8KiB benchmarks/scripts/warm-ab.sh files8k
# Uses the built jar (mvn -B -DskipTests package); binds 127.0.0.(FLOE_LOOPBACK_BASE+i), default base 80.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
label="${1:?usage: warm-ab.sh LABEL}"
dir="${DIR:-/tmp/floe-ab}"
export FLOE_LOOPBACK_BASE="${FLOE_LOOPBACK_BASE:-80}"
export FLOE_NODE_JAVA_OPTS="${FLOE_NODE_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}"
floe() { java -jar "$root/actors/target/floe.jar" "$@"; }
trap 'floe down --dir "$dir" >/dev/null 2>&1 || true' EXIT
rates() { grep -E '^(store|read)' | sed 's/.*= \([0-9.]* MB\/s\).*/\1/' | tr '\n' ' '; }

rm -rf "$dir"
floe up --nodes 4 --shards 100 --dir "$dir" --timeout 180 >/dev/null
"$root/benchmarks/scripts/warm-cluster.sh" "$dir"
for _ in 1 2; do
  echo "$label 1MiB x 8 store/read: $(floe bench --dir "$dir" --epochs 1 --duration 300s --size 1MiB --count 80 \
    --concurrency 8 | rates)"
done
echo "$label 64MiB x 1 store/read: $(floe bench --dir "$dir" --epochs 1 --duration 300s --size 64MiB --count 3 \
  --concurrency 1 --warmup 1 | rates)"
