package io.floe.epoch;

import io.floe.protocol.committee.Committee;
import java.time.Instant;
import java.util.Objects;

/** An epoch proposed as the next one under a ballot; members persist the one they accepted last. */
public record Proposal(Ballot ballot, EpochRecord record) {
    public Proposal {
        Objects.requireNonNull(ballot, "ballot");
        Objects.requireNonNull(record, "record");
    }

    /** The proposed epoch. */
    public long epoch() {
        return record.epoch();
    }

    /** The proposed committee. */
    public Committee committee() {
        return record.committee();
    }

    /** When the proposed epoch starts. */
    public Instant start() {
        return record.start();
    }
}
