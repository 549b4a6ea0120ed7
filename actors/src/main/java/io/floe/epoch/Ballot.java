package io.floe.epoch;

import java.util.Comparator;
import java.util.Objects;

/**
 * The number of an epoch proposal: a higher round wins and the proposer's node id breaks ties, so two coordinator
 * incarnations never propose under the same ballot; every new proposal takes a round above any promise it has seen.
 */
public record Ballot(long round, String proposer) implements Comparable<Ballot> {
    private static final Comparator<Ballot> ORDER =
            Comparator.comparingLong(Ballot::round).thenComparing(Ballot::proposer);

    public Ballot {
        if (round < 0) {
            throw new IllegalArgumentException("ballot round " + round + " is negative");
        }
        Objects.requireNonNull(proposer, "proposer");
    }

    /** The first ballot of {@code proposer} above this one. */
    public Ballot next(String proposer) {
        return new Ballot(round + 1, proposer);
    }

    @Override
    public int compareTo(Ballot other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return round + "/" + proposer;
    }
}
