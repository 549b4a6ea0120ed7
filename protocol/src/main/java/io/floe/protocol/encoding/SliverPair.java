package io.floe.protocol.encoding;

/** Sliver pair {@code index}: primary sliver {@code index} and secondary sliver {@code n-1-index}, kept by one shard. */
public record SliverPair(int index, Sliver primary, Sliver secondary) {
    public SliverPair {
        if (primary.type() != SliverType.PRIMARY || secondary.type() != SliverType.SECONDARY) {
            throw new IllegalArgumentException("a sliver pair is one primary and one secondary sliver");
        }
        if (primary.index() != index) {
            throw new IllegalArgumentException("primary sliver " + primary.index() + " is not in pair " + index);
        }
    }
}
