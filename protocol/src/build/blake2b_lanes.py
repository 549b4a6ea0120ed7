#!/usr/bin/env python3
"""Prints Blake2bLanes' round methods (protocol/src/main/java/io/floe/protocol/merkle/Blake2bLanes.java, from the
first `rounds0to1` to the end of `rounds10to11`): BLAKE2b's twelve rounds, the message schedule resolved, two rounds
per method. Two, because C1 runs out of registers on three or more and leaves the method on slow tier-2 code."""
SIGMA = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
]
G = [(0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15),
     (0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14)]
PER = 2


def rounds(first, count):
    out = []
    for r in range(first, first + count):
        schedule = SIGMA[r % 10]
        out.append(f"        // round {r}")
        for g, (a, b, c, d) in enumerate(G):
            x, y = schedule[2 * g], schedule[2 * g + 1]
            out += [f"        v{a} = v{a}.add(v{b}).add(m{x});",
                    f"        v{d} = v{d}.lanewise(XOR, v{a}).lanewise(ROR, 32);",
                    f"        v{c} = v{c}.add(v{d});",
                    f"        v{b} = v{b}.lanewise(XOR, v{c}).lanewise(ROR, 24);",
                    f"        v{a} = v{a}.add(v{b}).add(m{y});",
                    f"        v{d} = v{d}.lanewise(XOR, v{a}).lanewise(ROR, 16);",
                    f"        v{c} = v{c}.add(v{d});",
                    f"        v{b} = v{b}.lanewise(XOR, v{c}).lanewise(ROR, 63);"]
    return "\n".join(out)


def method(first):
    name = f"rounds{first}to{first + PER - 1}"
    loads = "\n".join(f"        LongVector m{i} = LongVector.fromArray(SPECIES, words, {i} * LANES);" for i in range(16))
    state = "\n".join(f"        LongVector v{i} = LongVector.fromArray(SPECIES, state, {i} * LANES);" for i in range(16))
    stores = "\n".join(f"        v{i}.intoArray(state, {i} * LANES);" for i in range(16))
    return (f"    /** Rounds {first} to {first + PER - 1} on {{@code state}} (sixteen words per lane, word-major), "
            f"message {{@code words}}. */\n"
            f"    private static void {name}(long[] words, long[] state) {{\n"
            f"{loads}\n{state}\n{rounds(first, PER)}\n{stores}\n    }}\n")


print("\n".join(method(first) for first in range(0, 12, PER)), end="")
