#!/usr/bin/env bash
# large-blob.sh SIZE_MIB SHARDS [OUT]: stores one random blob of SIZE_MIB MiB on a fresh 4-node local cluster whose
# nodes run with -Xmx2g (FLOE_NODE_JAVA_OPTS to change), reads it back, compares the bytes, and reports the time of
# each and every node's largest heap after a collection (-Xlog:gc), i.e. the live heap the store and read needed.
# Needs the shaded jar (mvn -B package -DskipTests). Loopback base: FLOE_LOOPBACK_BASE (default 80).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
size="${1:?size in MiB}"; shards="${2:?shard count}"; out="${3:-/dev/stdout}"
dir="$(mktemp -d /tmp/floe-large-blob.XXXXXX)"
export FLOE_LOOPBACK_BASE="${FLOE_LOOPBACK_BASE:-80}"
floe() { java -jar "$root/actors/target/floe.jar" "$@"; }
trap 'floe down --dir "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
export FLOE_NODE_JAVA_OPTS="${FLOE_NODE_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC} -Xlog:gc:file=$dir/gc-%p.log"
floe up --nodes 4 --shards "$shards" --dir "$dir" --timeout 240 > /dev/null
head -c $((size * 1024 * 1024)) /dev/urandom > "$dir/blob.bin"
{
  echo "\$ benchmarks/scripts/large-blob.sh $size $shards   # $(date -u +%FT%TZ), nodes: $FLOE_NODE_JAVA_OPTS"
  start=$(date +%s.%N)
  floe store "$dir/blob.bin" --dir "$dir" --epochs 1 --json > "$dir/store.json"
  echo "store: $(echo "$(date +%s.%N) - $start" | bc) s"
  blob_id=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d=d[0] if isinstance(d,list) else d; print(d['newlyCreated']['blobObject']['blobId'])" "$dir/store.json")
  start=$(date +%s.%N)
  floe read "$blob_id" --dir "$dir" --out "$dir/back.bin"
  echo "read: $(echo "$(date +%s.%N) - $start" | bc) s"
  cmp -s "$dir/blob.bin" "$dir/back.bin" && echo "bytes: identical" || echo "bytes: DIFFERENT"
  for node in 1 2 3 4; do
    pid=$(cat "$dir/node-$node/pid")
    live=$(grep -o '[0-9]*M->[0-9]*M' "$dir/gc-$pid.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)
    echo "node-$node: largest heap after a collection ${live:-0} MiB; OutOfMemoryError: $(grep -c OutOfMemoryError "$dir/node-$node/node.log" || true)"
  done
} | tee "$out"
