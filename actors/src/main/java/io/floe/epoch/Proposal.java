package io.floe.epoch;

import io.floe.protocol.committee.Committee;
import java.util.Objects;

/** A committee proposed for the next epoch under a ballot; members persist the one they accepted last. */
public record Proposal(Ballot ballot, Committee committee) {
    public Proposal {
        Objects.requireNonNull(ballot, "ballot");
        Objects.requireNonNull(committee, "committee");
    }

    /** The proposed epoch. */
    public long epoch() {
        return committee.epoch();
    }
}
