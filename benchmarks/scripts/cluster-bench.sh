#!/usr/bin/env bash
# cluster-bench.sh: the figures of docs/bench/cluster-bench.md. Starts a 4-node cluster with SHARDS shards
# (default 100) in DIR, runs 'floe bench' for 1 KiB, 1 MiB and 64 MiB blobs with 1 and 8 clients (1 MiB with 8 clients
# twice: 200 blobs, then SUSTAINED_BLOBS, default 1000, for about 40 s), then one store of
# LARGE (default 128MiB) while every node logs its GC (-Xlog:gc, heap before/after each collection), and stops the
# cluster (LARGE_ONLY=1: only the large store). Every node runs with -Xmx2g and the parallel collector
# (FLOE_NODE_JAVA_OPTS to change), on 127.0.0.81-84 (FLOE_LOOPBACK_BASE to change). Each run's line records the
# load average when it started. Each measured 1 KiB / 1 MiB run is preceded by 10 warm-up blobs and each 64 MiB run
# by 2 ('floe bench --warmup', not counted in the figures; WARMUP=N sets both, at most 100; the LARGE store has
# none). Before the first measured run the fresh cluster is warmed up as a whole, unrecorded: 400 blobs of 1 KiB and
# 120 of 1 MiB with 8 clients (WARM_CLUSTER=0 to skip; SOAK_BLOBS=N adds N more 1 MiB blobs), because four JVMs sharing two cores are still compiling the
# hot paths of Pekko, its HTTP server and the JDK's HTTP client after the first few hundred requests (1 KiB x 8 clients
# measured 9, 15, 16, 19 and 20 blobs/s in five runs of 300 back to back on one fresh cluster). Output: OUT (raw bench
# reports) and DIR/gc-<pid>.log.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${DIR:-/tmp/bench-cluster}"
shards="${SHARDS:-100}"
large="${LARGE:-128MiB}"
out="${OUT:-$dir-results.txt}"
warmup_small="${WARMUP:-10}"
warmup_large="${WARMUP:-2}"
for w in "$warmup_small" "$warmup_large"; do
  if ! [[ "$w" =~ ^[0-9]+$ ]] || (( w > 100 )); then
    echo "cluster-bench.sh: WARMUP must be a whole number from 0 to 100, got '$w'" >&2
    exit 2
  fi
done
# The jar directly: the nodes run from it, so it must not be rebuilt while they run (build it first: mvn -B package).
floe() { java -jar "$root/actors/target/floe.jar" "$@"; }
trap 'floe down --dir "$dir" || true' EXIT

rm -rf "$dir"
mkdir -p "$dir"
export FLOE_NODE_JAVA_OPTS="${FLOE_NODE_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC} -Xlog:gc:file=$dir/gc-%p.log"
export FLOE_LOOPBACK_BASE="${FLOE_LOOPBACK_BASE:-80}"
floe up --nodes 4 --shards "$shards" --dir "$dir" --timeout 180
: > "$out"
if [[ "${WARM_CLUSTER:-1}" != 0 ]]; then
  echo "# cluster warm-up (not recorded): 400 x 1 KiB and $((120 + ${SOAK_BLOBS:-0})) x 1 MiB, 8 clients" | tee -a "$out"
  "$root/benchmarks/scripts/warm-cluster.sh" "$dir"
fi
run() {
  echo "\$ floe bench --dir $dir $*   # load:$(uptime | sed 's/.*load average://')" | tee -a "$out"
  floe bench --dir "$dir" --epochs 1 --duration 300s "$@" | tee -a "$out" || true
  echo | tee -a "$out"
}
if [[ -z "${LARGE_ONLY:-}" ]]; then
  run --size 1KiB --count 200 --concurrency 1 --warmup "$warmup_small"
  run --size 1KiB --count 200 --concurrency 8 --warmup "$warmup_small"
  run --size 1MiB --count 200 --concurrency 1 --warmup "$warmup_small"
  run --size 1MiB --count 200 --concurrency 8 --warmup "$warmup_small"
  # The same sustained for about 40 s: 1 000 blobs, so that the ramps at a run's start and end weigh less.
  run --size 1MiB --count "${SUSTAINED_BLOBS:-1000}" --concurrency 8 --warmup 0
  run --size 64MiB --count 5 --concurrency 1 --warmup "$warmup_large"
  run --size 64MiB --count 3 --concurrency 8 --warmup "$warmup_large"
fi
declare -A before
for f in "$dir"/gc-*.log; do before[$f]=$(wc -l < "$f"); done
run --size "$large" --count 1 --concurrency 1
echo "GC during the $large store (heap before each collection is the peak between collections):" | tee -a "$out"
for f in "$dir"/gc-*.log; do
  during="$(tail -n +$((before[$f] + 1)) "$f")"
  echo "$(basename "$f"): $(grep -c 'Pause' <<<"$during" || true) collections; peak heap before a collection:" \
    "$(grep -o '[0-9]*M->' <<<"$during" | sed 's/M->//' | sort -n | tail -1) MiB" | tee -a "$out"
done
