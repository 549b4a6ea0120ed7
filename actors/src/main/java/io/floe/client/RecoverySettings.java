package io.floe.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node's {@link SliverRecoveryWorker} works: blobs repaired at once, attempts per blob before it waits for the
 * next trigger, and the exponential backoff between attempts.
 */
public record RecoverySettings(int parallelism, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public RecoverySettings {
        if (parallelism < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("recovery parallelism and attempts must be positive, got "
                    + parallelism + " and " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("recovery backoff must satisfy 0 <= initial <= max, got "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    /** Two blobs at a time, eight attempts from 200 ms up to 5 s apart. */
    public static RecoverySettings defaults() {
        return new RecoverySettings(2, 8, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** The pause before attempt {@code attempt} (2 and later): doubling from the initial backoff, capped. */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 2));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
