package io.floe.metrics;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A bounded, newest-first record of what a node did lately (stores, reads, recoveries, failures). Thread-safe. */
public final class RecentActivity {
    /** How many events a node keeps. */
    public static final int DEFAULT_CAPACITY = 50;

    /** One thing the node did: {@code error} is null when it succeeded; {@code bytes} and {@code millis} may be 0. */
    public record Event(Instant at, String kind, String blobId, long bytes, long millis, String error) {
    }

    private final int capacity;
    private final Deque<Event> events = new ArrayDeque<>();

    public RecentActivity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    void record(String kind, String blobId, long bytes, long nanos) {
        add(new Event(Instant.now(), kind, blobId, bytes, nanos / 1_000_000, null));
    }

    void recordFailure(String kind, String blobId, String error) {
        add(new Event(Instant.now(), kind, blobId, 0, 0, error));
    }

    private synchronized void add(Event event) {
        events.addFirst(event);
        while (events.size() > capacity) {
            events.removeLast();
        }
    }

    /** The events, newest first. */
    public synchronized List<Event> events() {
        return new ArrayList<>(events);
    }
}
