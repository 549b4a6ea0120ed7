#!/usr/bin/env bash
# thread-cpu.sh: where a local cluster's CPU goes by thread pool, without attaching anything to the nodes ("Where the
# time goes" in docs/benchmarks.md). profile-nodes.sh loads async-profiler into running nodes, and a JVMTI agent
# loaded at run time makes the JIT compile again what it had compiled (on a soaked cluster the C2 compiler threads
# took 5-8 % of node CPU during a run without an agent and its profile showed 16 % JIT), so this script reads
# /proc instead: the CPU time (utime+stime) of every node thread before and after each run, summed by thread name
# (the kernel keeps 15 characters of it, digits at the end dropped), and 'jstat -compiler' for the JIT's work.
#
# Starts a 4-node, SHARDS-shard (default 100) 'floe up' cluster in DIR, warms it up (warm-cluster.sh, with
# SOAK_BLOBS, default 2400), then RUNS times (default 2) runs 'floe bench' with BENCH (default 200 blobs of 1 MiB, 8
# clients) and prints, per run: the store line, node CPU seconds, each thread group's share of it, and per node the
# methods compiled and the JIT's seconds (jstat's Time: compile time, not CPU time). Output also goes to OUT.
# PROFILER_AT_RUN=N loads async-profiler (as profile-nodes.sh does, CPU samples) into every node before run N and
# stops it after the last run, to see what loading it costs.
# Uses the built jar (mvn -B -o package -DskipTests); binds 127.0.0.(FLOE_LOOPBACK_BASE+i), default base 80. Every
# wait is bounded; the cluster is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export FLOE_LOOPBACK_BASE="${FLOE_LOOPBACK_BASE:-80}"
export FLOE_NODE_JAVA_OPTS="${FLOE_NODE_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}"
dir="${DIR:-/tmp/floe-thread-cpu-$FLOE_LOOPBACK_BASE}"
out="${OUT:-$dir-results.txt}"
bench_args="${BENCH:---size 1MiB --count 200 --concurrency 8}"
runs="${RUNS:-2}"
floe() { java -jar "$root/actors/target/floe.jar" "$@"; }
trap 'floe down --dir "$dir" >/dev/null 2>&1 || true' EXIT
rm -rf "$dir"
mkdir -p "$dir"
floe up --nodes 4 --shards "${SHARDS:-100}" --dir "$dir" --timeout 180 >/dev/null
pids=$(cat "$dir"/node-*/pid)
SOAK_BLOBS="${SOAK_BLOBS:-2400}" "$root/benchmarks/scripts/warm-cluster.sh" "$dir"

# One line per thread: pid|name|ticks|tid, and one per process: pid|PROCESS|ticks|-.
snapshot() {
  local p t name ticks
  for p in $pids; do
    echo "$p|PROCESS|$(awk '{print $14 + $15}' "/proc/$p/stat")|-"
    for t in /proc/"$p"/task/*; do
      name=$(cat "$t/comm" 2>/dev/null) || continue
      ticks=$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null) || continue
      echo "$p|$name|$ticks|${t##*/}"
    done
  done
}
compiler() { local p; for p in $pids; do echo "$p $(jstat -compiler "$p" | awk 'NR == 2 {print $1, $4}')"; done; }

: > "$out"
agent() {
  local version=3.0 p artifact
  artifact="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
  [[ -f "$artifact" ]] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" >/dev/null
  mkdir -p "$dir/async-profiler"
  (cd "$dir/async-profiler" && unzip -q -o "$artifact" 'linux-x64/*')
  for p in $pids; do
    jcmd "$p" JVMTI.agent_load "$dir/async-profiler/linux-x64/libasyncProfiler.so" "\"$1\"" >/dev/null
  done
}
for run in $(seq 1 "$runs"); do
  if [[ "$run" == "${PROFILER_AT_RUN:-0}" ]]; then
    echo "async-profiler loaded into every node before run $run" | tee -a "$out"
    agent "start,event=cpu,interval=5ms"
  fi
  snapshot > "$dir/threads-before"
  compiler > "$dir/jit-before"
  # shellcheck disable=SC2086
  floe bench --dir "$dir" --epochs 1 --duration 300s $bench_args | grep '^store' | sed "s/^/run $run: /" | tee -a "$out"
  snapshot > "$dir/threads-after"
  compiler > "$dir/jit-after"
  python3 - "$dir" <<'EOF' | tee -a "$out"
import collections, re, sys
d = sys.argv[1]
def load(name):
    ticks = {}
    for line in open(f"{d}/{name}"):
        pid, thread, value, tid = line.rstrip("\n").split("|")
        ticks[(pid, thread, tid)] = int(value)
    return ticks
before, after = load("threads-before"), load("threads-after")
groups, started = collections.Counter(), collections.Counter()
for key, value in after.items():
    group = re.sub(r"[0-9]+$", "", key[1])
    groups[group] += value - before.get(key, 0)
    if key not in before:
        started[group] += 1
total = groups.pop("PROCESS")
print(f"node CPU {total / 100:.2f} s; by thread: " + ", ".join(
    f"{name} {100 * ticks / total:.1f} %" for name, ticks in groups.most_common() if ticks * 200 >= total))
if started:
    print("threads started during the run: " + ", ".join(f"{n} {c}" for n, c in started.most_common()))
jit = {line.split()[0]: line.split()[1:] for line in open(f"{d}/jit-before")}
for line in open(f"{d}/jit-after"):
    pid, compiled, seconds = line.split()
    print(f"  node pid {pid}: {int(compiled) - int(jit[pid][0])} methods compiled, "
          f"{float(seconds) - float(jit[pid][1]):.2f} s compiling")
EOF
done
if (( ${PROFILER_AT_RUN:-0} >= 1 && ${PROFILER_AT_RUN:-0} <= runs )); then
  agent "stop"
fi
