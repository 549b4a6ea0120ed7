package io.floe.storage;

/** Whether a write changed what the node stores ({@code 201}) or found it already there ({@code 200}). */
public enum StoreOutcome {
    /** Newly stored. */
    CREATED(201),
    /** Already stored exactly so; nothing written. */
    UNCHANGED(200),
    /** Accepted for work the node finishes on its own (a certificate for a blob it has not seen yet). */
    ACCEPTED(202);

    private final int httpStatus;

    StoreOutcome(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the node API answers with. */
    public int httpStatus() {
        return httpStatus;
    }
}
