package io.floe.cli;

/**
 * The loopback addresses of a local cluster: node {@code i} binds {@code 127.0.0.(base+i)}, where the base is the
 * environment variable {@code FLOE_LOOPBACK_BASE} (10 unless set). Moving the base lets two local clusters, or two
 * test runs, share one machine without sharing an address.
 */
public final class LoopbackAddresses {
    /** The highest node number a local cluster may have. */
    public static final int MAX_NODES = 64;
    private static final int DEFAULT_BASE = 10;

    private LoopbackAddresses() {
    }

    /** Node {@code node}'s address, e.g. {@code 127.0.0.11} for node 1. */
    public static String host(int node) {
        return "127.0.0." + (base() + node);
    }

    /** The last octet before node 1's: {@code FLOE_LOOPBACK_BASE}, or 10. */
    public static int base() {
        String value = System.getenv("FLOE_LOOPBACK_BASE");
        if (value == null || value.isBlank()) {
            return DEFAULT_BASE;
        }
        try {
            int base = Integer.parseInt(value.strip());
            if (base >= 1 && base + MAX_NODES <= 254) {
                return base;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("FLOE_LOOPBACK_BASE must be a number from 1 to " + (254 - MAX_NODES)
                + ", got '" + value + "'");
    }
}
