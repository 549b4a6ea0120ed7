package io.floe.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.floe.client.RecoverySettings;
import java.time.Duration;

/**
 * The data plane's settings, read once from {@code floe.data-plane} (keys and defaults in {@code reference.conf})
 * and validated: a bad value fails at start with the key's name.
 */
public record DataPlaneSettings(
        long maxBlobSize,
        long uploadMemoryThreshold,
        long uploadMemoryBudget,
        Duration clientConnectTimeout,
        Duration clientRequestTimeout,
        int publisherSliverConcurrency,
        Duration nodeApiRequestTimeout,
        Duration publisherRequestTimeout,
        RecoverySettings recovery) {

    /** The dispatcher (a {@code reference.conf} key) on which node-API routes run blocking work. */
    public static final String BLOCKING_DISPATCHER = "floe.data-plane-blocking-dispatcher";
    /** The dispatcher on which publisher stores and aggregator reads run; they wait for other nodes. */
    public static final String PUBLISHER_DISPATCHER = "floe.data-plane-publisher-dispatcher";

    public DataPlaneSettings {
        if (maxBlobSize < 0 || maxBlobSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("floe.data-plane.max-blob-size must be between 0 and 2 GiB (a read"
                    + " decodes the blob into one array), got " + maxBlobSize);
        }
        if (uploadMemoryThreshold < 0) {
            throw new IllegalArgumentException("floe.data-plane.upload-memory-threshold is negative: "
                    + uploadMemoryThreshold);
        }
        if (uploadMemoryBudget < uploadMemoryThreshold) {
            throw new IllegalArgumentException("floe.data-plane.upload-memory-budget (" + uploadMemoryBudget
                    + ") must be at least floe.data-plane.upload-memory-threshold (" + uploadMemoryThreshold + ")");
        }
        if (publisherSliverConcurrency < 1) {
            throw new IllegalArgumentException("floe.data-plane.publisher-sliver-concurrency must be positive, got "
                    + publisherSliverConcurrency);
        }
        positive(clientConnectTimeout, "client-connect-timeout");
        positive(clientRequestTimeout, "client-request-timeout");
        positive(nodeApiRequestTimeout, "node-api-request-timeout");
        positive(publisherRequestTimeout, "publisher-request-timeout");
    }

    /** Reads {@code floe.data-plane} from a resolved config. */
    public static DataPlaneSettings fromConfig(Config root) {
        try {
            Config config = root.getConfig("floe.data-plane");
            Config recovery = config.getConfig("recovery");
            return new DataPlaneSettings(
                    config.getBytes("max-blob-size"),
                    config.getBytes("upload-memory-threshold"),
                    config.getBytes("upload-memory-budget"),
                    config.getDuration("client-connect-timeout"),
                    config.getDuration("client-request-timeout"),
                    config.getInt("publisher-sliver-concurrency"),
                    config.getDuration("node-api-request-timeout"),
                    config.getDuration("publisher-request-timeout"),
                    new RecoverySettings(recovery.getInt("parallelism"), recovery.getInt("max-attempts"),
                            recovery.getDuration("initial-backoff"), recovery.getDuration("max-backoff")));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("invalid data-plane setting: " + e.getMessage(), e);
        }
    }

    /** These settings with another maximum blob size. */
    public DataPlaneSettings withMaxBlobSize(long bytes) {
        return new DataPlaneSettings(bytes, uploadMemoryThreshold, uploadMemoryBudget, clientConnectTimeout, clientRequestTimeout,
                publisherSliverConcurrency, nodeApiRequestTimeout, publisherRequestTimeout, recovery);
    }

    /** These settings with another upload memory threshold (the budget is raised to it if lower). */
    public DataPlaneSettings withUploadMemoryThreshold(long bytes) {
        return new DataPlaneSettings(maxBlobSize, bytes, Math.max(bytes, uploadMemoryBudget), clientConnectTimeout, clientRequestTimeout,
                publisherSliverConcurrency, nodeApiRequestTimeout, publisherRequestTimeout, recovery);
    }

    private static void positive(Duration duration, String key) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("floe.data-plane." + key + " must be positive, got " + duration);
        }
    }
}
