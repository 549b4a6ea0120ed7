#!/usr/bin/env bash
# Times the whole `./floe blob-id` process (JVM start, read, encode, metadata) for the cases of issue 2 and writes
# the median of RUNS runs per case to OUT (default docs/bench/blob-id.md).
# Usage: benchmarks/scripts/blob-id-timing.sh [OUT] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/docs/bench/blob-id.md}"
runs="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

head -c 1 /dev/urandom >"$work/one-byte.bin"
head -c 67108864 /dev/urandom >"$work/64mib.bin"
"$root/floe" --version >/dev/null   # builds the jar if needed, outside the timings

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
{
  echo "\`./floe blob-id\` wall time, median of $runs runs, $(date -u +%Y-%m-%d), $(nproc) cores, load before: $(cut -d' ' -f1 /proc/loadavg)"
  echo
  echo "| shards | blob | median s | all runs (s) |"
  echo "| ---: | ---: | ---: | --- |"
  for case in "1000 one-byte.bin 1 B" "1000 64mib.bin 64 MiB" "100 64mib.bin 64 MiB"; do
    read -r shards file label unit <<<"$case"
    times=()
    for ((i = 0; i < runs; i++)); do
      start=$(date +%s.%N)
      "$root/floe" blob-id "$work/$file" --n-shards "$shards" >/dev/null
      end=$(date +%s.%N)
      times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')")
    done
    m=$(printf '%s\n' "${times[@]}" | median)
    echo "| $shards | $label $unit | $m | ${times[*]} |"
  done
} | tee "$out"
