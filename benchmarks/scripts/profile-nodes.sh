#!/usr/bin/env bash
# profile-nodes.sh: where a local cluster's CPU goes during one 'floe bench' run ("Where the time goes" in
# docs/benchmarks.md). Starts a 4-node, SHARDS-shard (default 100) 'floe up' cluster in DIR, warms it up as a whole
# (warm-cluster.sh; WARM_CLUSTER=0 skips it) and then with WARMUP blobs of the measured kind, attaches async-profiler (CPU samples every 5 ms: Java, JIT, GC, native and kernel frames) to every
# node through 'jcmd JVMTI.agent_load', runs 'floe bench' with BENCH (default: 3 blobs of 64 MiB, one client),
# stops the profiler and prints the samples by category (profile-summary.py); the collapsed stacks stay in DIR/profile
# for a flame graph. Also prints the nodes' CPU seconds (utime+stime of the four processes) during the run.
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler:3.0, the jar carries libasyncProfiler.so).
# Uses the built jar directly (build it first: mvn -B -o package -DskipTests); binds 127.0.0.(FLOE_LOOPBACK_BASE+i),
# default base 80. Every wait is bounded; the cluster is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/actors/target/floe.jar"
export FLOE_LOOPBACK_BASE="${FLOE_LOOPBACK_BASE:-80}"
export FLOE_NODE_JAVA_OPTS="${FLOE_NODE_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}"
dir="${DIR:-/tmp/floe-profile-$FLOE_LOOPBACK_BASE}"
shards="${SHARDS:-100}"
bench_args="${BENCH:---size 64MiB --count 3 --concurrency 1}"
warmup="${WARMUP:-2}"
version=3.0
floe() { java -jar "$jar" "$@"; }

artifact="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
if [[ ! -f "$artifact" ]]; then
  mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" >/dev/null
fi
profiler="$dir/async-profiler"
trap 'floe down --dir "$dir" >/dev/null 2>&1 || true' EXIT
rm -rf "$dir"
mkdir -p "$profiler" "$dir/profile"
(cd "$profiler" && unzip -q -o "$artifact" 'linux-x64/*')
library="$profiler/linux-x64/libasyncProfiler.so"

floe up --nodes 4 --shards "$shards" --dir "$dir" --timeout 180 >/dev/null
pids=$(cat "$dir"/node-*/pid)
cpu() { local p total=0; for p in $pids; do total=$((total + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat"))); done
  echo "$total"; }
# jcmd reads a bare key=value argument as its own option: quote the agent's options once more.
agent() { local p; for p in $pids; do jcmd "$p" JVMTI.agent_load "$library" "\"$1\"" >/dev/null; done; }

if [[ "${WARM_CLUSTER:-1}" != 0 ]]; then
  "$root/benchmarks/scripts/warm-cluster.sh" "$dir"
fi
# shellcheck disable=SC2086
floe bench --dir "$dir" --epochs 1 --duration 300s $bench_args --warmup "$warmup" >/dev/null
agent "start,event=cpu,interval=5ms"
before=$(cpu)
echo "\$ floe bench --dir $dir $bench_args   # load:$(uptime | sed 's/.*load average://')"
# shellcheck disable=SC2086
floe bench --dir "$dir" --epochs 1 --duration 300s $bench_args || true
after=$(cpu)
for p in $pids; do
  jcmd "$p" JVMTI.agent_load "$library" "\"stop,file=$dir/profile/node-$p.collapsed,collapsed\"" >/dev/null
done
awk -v ticks=$((after - before)) 'BEGIN { printf "node CPU during the run: %.2f s\n", ticks / 100 }'
python3 "$root/benchmarks/scripts/profile-summary.py" "$dir"/profile/node-*.collapsed
