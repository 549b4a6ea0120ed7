package io.floe.epoch;

import io.floe.protocol.committee.Committee;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An epoch as the committee protocol decides it: its committee and when it started, so that any coordinator
 * incarnation knows when the next change is due ({@code start + floe.epoch.duration}). Records journaled before
 * epochs carried a start read back with {@link Instant#EPOCH} as start, which makes the next change due at once.
 */
public record EpochRecord(Committee committee, Instant start) {
    public EpochRecord {
        Objects.requireNonNull(committee, "committee");
        Objects.requireNonNull(start, "start");
    }

    /** The epoch's number. */
    public long epoch() {
        return committee.epoch();
    }

    /** When the next epoch is due, after {@code duration}. */
    public Instant nextDue(Duration duration) {
        return start.plus(duration);
    }
}
