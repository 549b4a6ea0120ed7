#!/usr/bin/env bash
# repair-figures.sh: the figures of docs/bench/repair.md ("Repair after a permanent loss", docs/benchmarks.md).
#
# For each total size in SIZES (MiB, default "64 256"): starts a 5-node, 50-shard 'floe up' cluster in DIR, stores
# that much in 4 MiB blobs, runs a small 'floe bench' (BENCH: 1 MiB blobs) as a baseline, SIGKILLs node 5, waits
# until the cluster has downed it, asks node 1 for the next epoch and, while the other nodes rebuild node 5's shards,
# runs the same bench again. Repair is complete when every survivor is in the new epoch, every shard it owns is
# ACTIVE in its /v1/shards, and every stored blob's status on it shows both slivers of every shard it owns. Then the
# bench runs a third time on the repaired 4-node cluster. Appends the figures, with the command and the load average,
# to OUT (default docs/bench/repair.md); raw bench reports go to DIR-raw.txt.
#
# Uses the built jar directly (build it first: mvn -B -o package -DskipTests -pl actors -am); binds
# 127.0.0.(FLOE_LOOPBACK_BASE+i), default base 20. Every wait is bounded; the cluster is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/actors/target/floe.jar"
export FLOE_LOOPBACK_BASE="${FLOE_LOOPBACK_BASE:-20}"
dir="${DIR:-/tmp/floe-repair-$FLOE_LOOPBACK_BASE}"
out="${OUT:-$root/docs/bench/repair.md}"
sizes="${SIZES:-64 256}"
bench_args="${BENCH:---size 1MiB --count 24 --concurrency 2}"
raw="$dir-raw.txt"
nodes=5
shards=50
killed=5
floe() { java -jar "$jar" "$@"; }
host() { echo "127.0.0.$((FLOE_LOOPBACK_BASE + $1))"; }
api() { echo "http://$(host "$1"):9100"; }
publishers() { local urls=() n; for n in $(seq 1 $((nodes - 1))); do urls+=("http://$(host "$n"):9000"); done
  (IFS=,; echo "${urls[*]}"); }

stop_cluster() {
  [[ -f "$dir/cluster.json" ]] || return 0
  floe down --dir "$dir" --timeout 60 >/dev/null 2>&1 || true
  for pid in $(jq -r '.nodes[].pid' "$dir/cluster.json" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
}
trap stop_cluster EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

# Prints "done" when every survivor is in epoch >= $1 with every owned shard ACTIVE and every blob in $2 (one ID per
# line) holding both slivers of every owned shard on it; otherwise what is missing.
repair_state() {
  python3 - "$1" "$2" "$FLOE_LOOPBACK_BASE" $(seq 1 $((nodes - 1))) <<'EOF'
import json, sys, urllib.request
epoch, ids_file, base, nodes = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), [int(n) for n in sys.argv[4:]]
ids = [line.strip() for line in open(ids_file) if line.strip()]
def get(node, path):
    with urllib.request.urlopen(f"http://127.0.0.{base + node}:9100{path}", timeout=10) as r:
        body = json.load(r)
    return body.get("success", {}).get("data", body)
missing = []
try:
    for node in nodes:
        shards = get(node, "/v1/shards")
        if shards["epoch"] < epoch:
            missing.append(f"node-{node} in epoch {shards['epoch']}")
            continue
        owned = set(shards["owned"])
        active = {s["shard"] for s in shards["shards"] if s["status"] == "ACTIVE"}
        if not owned <= active:
            missing.append(f"node-{node} shards not ACTIVE: {sorted(owned - active)}")
            continue
        for blob in ids:
            status = get(node, f"/v1/blobs/{blob}/status")
            lacking = [s for s in owned if not (status["shards"].get(str(s), {}).get("primary")
                                                and status["shards"].get(str(s), {}).get("secondary"))]
            if lacking:
                missing.append(f"node-{node} blob {blob} lacks slivers of shards {lacking}")
                break
except Exception as e:
    missing.append(f"error: {e}")
print("done" if not missing else "; ".join(missing))
EOF
}

# Runs the bench against the survivors' publishers; prints "store MB/s, read MB/s" and appends the report to $raw.
bench() {
  local report
  report="$(floe bench --url "$(publishers)" $bench_args --epochs 20 --duration 300s --json)"
  echo "$1: $report" >> "$raw"
  jq -r '"\(.store.mbPerSecond | . * 10 | round / 10) MB/s store (\(.store.ok)/\(.store.attempted) ok),'\
' \(.read.mbPerSecond | . * 10 | round / 10) MB/s read (\(.read.ok)/\(.read.attempted) ok)"' <<<"$report"
}

mkdir -p "$(dirname "$out")"
: > "$raw"
rows=()
for size in $sizes; do
  stop_cluster
  rm -rf "$dir"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  FLOE_NODE_JAVA_OPTS="-Xmx1g -XX:+UseParallelGC -Dpekko.cluster.split-brain-resolver.stable-after=7s" \
    floe up --nodes "$nodes" --shards "$shards" --dir "$dir" --timeout 240 >/dev/null
  count=$((size / 4))
  echo "storing $size MiB in $count blobs of 4 MiB" >&2
  floe bench --dir "$dir" --size 4MiB --count "$count" --concurrency 2 --epochs 20 --duration 900s --json >> "$raw"
  curl -sf "$(api 1)/v1/blobs?limit=1000" | jq -r '.success.data.blobs[].blobId' > "$dir-ids.txt"
  blobs="$(wc -l < "$dir-ids.txt")"
  baseline="$(bench "baseline $size MiB")"

  epoch="$(curl -sf "$(api 1)/v1/committee" | jq '.success.data.epoch')"
  kill -9 "$(jq -r ".nodes[$((killed - 1))].pid" "$dir/cluster.json")"
  killed_at="$(now)"
  for _ in $(seq 1 120); do
    [[ "$(curl -sf "$(api 1)/v1/status" | jq '.success.data.cluster | (.members.Up == 4 and (.unreachable | length) == 0)')" \
      == true ]] && break
    sleep 1
  done
  downed_at="$(now)"
  curl -sf -X POST "$(api 1)/v1/admin/epoch-change" > /dev/null
  during_file="$dir-during.txt"
  ( bench "during repair $size MiB" > "$during_file" ) &
  bench_pid=$!
  state=""
  for _ in $(seq 1 900); do
    state="$(repair_state $((epoch + 1)) "$dir-ids.txt")"
    [[ "$state" == done ]] && break
    sleep 1
  done
  repaired_at="$(now)"
  wait "$bench_pid" || true
  during="$(cat "$during_file")"
  [[ "$state" == done ]] || { echo "repair did not complete in 900 s: $state" >&2; exit 1; }
  after="$(bench "after repair $size MiB")"
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  rows+=("| $size MiB ($blobs blobs) | $(elapsed "$killed_at" "$downed_at") | $(elapsed "$downed_at" "$repaired_at") | $(elapsed "$killed_at" "$repaired_at") |"\
" $baseline | $during | $after | $load_before / $load_after |")
  echo "${rows[-1]}" >&2
done
stop_cluster

{
  echo
  echo "### $(date -u +%Y-%m-%d) on $(nproc) cores"
  echo
  echo "\`\`\`sh"
  echo "SIZES=\"$sizes\" BENCH=\"$bench_args\" benchmarks/scripts/repair-figures.sh"
  echo "\`\`\`"
  echo
  echo "5 nodes, $shards shards, 4 MiB blobs; node $killed SIGKILLed. Bench: \`floe bench $bench_args\` against"
  echo "the 4 surviving publishers (before the kill: 5 nodes up, the killed one not used)."
  echo
  echo "| stored | kill → downed (s) | epoch asked → full redundancy (s) | kill → full redundancy (s) |"\
" bench before the kill | bench during repair | bench after repair | load average before / after |"
  echo "| --- | ---: | ---: | ---: | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
} >> "$out"
echo "figures appended to $out" >&2
