package io.floe.protocol.encoding;

import java.util.Locale;

/** Primary slivers are rows of the expanded matrix, secondary slivers are columns. */
public enum SliverType {
    PRIMARY,
    SECONDARY;

    /** The lowercase name used in URLs ({@code primary}, {@code secondary}). */
    public String pathName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code primary} or {@code secondary}. */
    public static SliverType fromPathName(String name) {
        return switch (name) {
            case "primary" -> PRIMARY;
            case "secondary" -> SECONDARY;
            default -> throw new IllegalArgumentException("sliver type must be 'primary' or 'secondary', got '"
                    + name + "'");
        };
    }

    /** The sliver index of this type in sliver pair {@code pair}: {@code pair} or {@code n-1-pair}. */
    public int sliverIndexOfPair(int pair, int shards) {
        return this == PRIMARY ? pair : shards - 1 - pair;
    }

    /** The pair holding sliver {@code index} of this type (the mapping is its own inverse). */
    public int pairOfSliverIndex(int index, int shards) {
        return sliverIndexOfPair(index, shards);
    }
}
