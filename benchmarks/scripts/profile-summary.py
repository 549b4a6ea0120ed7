#!/usr/bin/env python3
"""Sums async-profiler collapsed stacks (one 'frame;frame;... count' per line) into categories of a Floe node's work.

A sample goes to the first category, in the order below, that one of its frames matches: GC and JIT threads first,
then sliver verification, encoding and decoding, then storage, HTTP and Pekko. 'kernel' is the share of a category's
samples whose leaf frame is in the kernel. Usage: profile-summary.py FILE...
"""
import collections
import re
import sys

CATEGORIES = [
    ("gc", r"GCTaskThread|ParallelGC|PSPromotion|PSScavenge|G1"),
    ("jit", r"CompileBroker|C2Compiler|Compile::"),
    ("sliver verification", r"SliverVerifier"),
    ("encoding", r"ExpandedBlob\.encode|ExpandedBlob\$|BlobPublisher\.store"),
    ("decoding", r"BlobDecoder"),
    ("storage (LevelDB, sliver files)", r"leveldb|LevelDb|SliverFiles"),
    ("node HTTP server (Pekko HTTP)", r"pekko/http"),
    ("cluster (Pekko remoting)", r"pekko/remote"),
    ("other Pekko (actors, streams, scheduler)", r"pekko"),
    ("node API client (JDK HttpClient)", r"jdk/internal/net/http"),
]


def main(paths):
    samples = collections.Counter()
    kernel = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    total = 0
    for path in paths:
        with open(path) as lines:
            for line in lines:
                stack, count = line.rstrip().rsplit(" ", 1)
                count = int(count)
                total += count
                category = next((name for name, pattern in CATEGORIES if re.search(pattern, stack)), "other")
                samples[category] += count
                leaf = stack.split(";")[-1]
                leaves[category][leaf] += count
                if leaf.endswith("_[k]"):
                    kernel[category] += count
    print(f"{total} samples")
    print("| category | share | in the kernel | hottest frames |")
    print("| --- | --- | --- | --- |")
    for category, count in samples.most_common():
        hottest = ", ".join(f"`{leaf.split('/')[-1][:60]}`" for leaf, _ in leaves[category].most_common(3))
        print(f"| {category} | {100 * count / total:.1f} % | {100 * kernel[category] / count:.0f} % | {hottest} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: profile-summary.py FILE...")
    main(sys.argv[1:])
