package io.floe.cli;

/**
 * The exit statuses of {@code floe}, listed in {@code floe --help}; scripts may rely on them, so a code keeps its
 * meaning once published.
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** Something went wrong that floe did not anticipate (a bug), or the JVM ran out of memory. */
    public static final int FAILURE = 1;
    /** The command line was wrong: unknown option, missing argument, value out of range (picocli's own code). */
    public static final int USAGE = 2;
    /** The input file is missing, is not a file, or cannot be read. */
    public static final int INPUT = 3;
    /** The blob is larger than the shards can hold, or larger than floe can hold in memory. */
    public static final int BLOB_TOO_LARGE = 4;
    /** A node's configuration is invalid: the message names the key and what it expects. */
    public static final int CONFIG = 5;
    /** A local cluster did not start or stop in time, or a node of it exited; its logs say why. */
    public static final int CLUSTER = 6;
    /** No publisher answered, or the cluster could not store or read the blob right now (retry later). */
    public static final int UNAVAILABLE = 7;
    /** The blob is not stored: unknown, expired, deleted, or shown to be inconsistently encoded. */
    public static final int NOT_FOUND = 8;
    /** The publisher refused the request, e.g. a registration that conflicts with an earlier one. */
    public static final int REJECTED = 9;
    /**
     * {@code floe health}: the cluster can still certify writes, but a node is down, not ready, or not an Up member
     * of the cluster.
     */
    public static final int DEGRADED = 10;

    private ExitCodes() {
    }

    /** A code's name as {@code --json} error objects carry it, e.g. {@code NOT_FOUND} for 8. */
    public static String name(int code) {
        return switch (code) {
            case OK -> "OK";
            case FAILURE -> "FAILURE";
            case USAGE -> "USAGE";
            case INPUT -> "INPUT";
            case BLOB_TOO_LARGE -> "BLOB_TOO_LARGE";
            case CONFIG -> "CONFIG";
            case CLUSTER -> "CLUSTER";
            case UNAVAILABLE -> "UNAVAILABLE";
            case NOT_FOUND -> "NOT_FOUND";
            case REJECTED -> "REJECTED";
            case DEGRADED -> "DEGRADED";
            default -> "UNKNOWN";
        };
    }
}
