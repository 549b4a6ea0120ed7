package io.floe.storage;

import io.floe.protocol.encoding.SliverType;
import java.util.BitSet;

/**
 * Slivers of one blob known to be held by this node, by shard and type: those a sliver batch has just written, so
 * that the confirmation that follows it need not look them up again. Immutable.
 */
final class HeldSlivers {
    static final HeldSlivers NONE = new HeldSlivers(new BitSet());

    private final BitSet held;

    private HeldSlivers(BitSet held) {
        this.held = held;
    }

    /** The slivers of {@code types[i]} on {@code shards[i]}. */
    static HeldSlivers of(int[] shards, SliverType[] types) {
        BitSet held = new BitSet();
        for (int i = 0; i < shards.length; i++) {
            held.set(index(shards[i], types[i]));
        }
        return new HeldSlivers(held);
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    boolean holds(int shard, SliverType type) {
        return held.get(index(shard, type));
    }

    private static int index(int shard, SliverType type) {
        return 2 * shard + type.ordinal();
    }
}
