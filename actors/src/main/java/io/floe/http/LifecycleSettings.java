package io.floe.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * How long blobs live and how nodes catch up on what they missed: the most epochs ahead a blob may be stored
 * ({@code floe.epoch.max-epochs-ahead}) and the certificate anti-entropy rounds ({@code floe.anti-entropy.*}), read once
 * and validated.
 *
 * @param maxEpochsAhead the most epochs after the current one a blob may be stored or extended to
 * @param antiEntropyInterval the pause between two anti-entropy rounds
 * @param antiEntropyPageSize blobs per page of a peer's listing
 * @param antiEntropyMaxPages pages read from one peer in one round
 */
public record LifecycleSettings(int maxEpochsAhead, Duration antiEntropyInterval, int antiEntropyPageSize,
        int antiEntropyMaxPages) {

    public LifecycleSettings {
        if (maxEpochsAhead < 1) {
            throw new IllegalArgumentException("floe.epoch.max-epochs-ahead must be at least 1, got " + maxEpochsAhead);
        }
        if (antiEntropyInterval == null || antiEntropyInterval.isZero() || antiEntropyInterval.isNegative()) {
            throw new IllegalArgumentException("floe.anti-entropy.interval must be positive, got "
                    + antiEntropyInterval);
        }
        if (antiEntropyPageSize < 1 || antiEntropyPageSize > NodeApiRoutes.MAX_LIST_LIMIT) {
            throw new IllegalArgumentException("floe.anti-entropy.page-size must be between 1 and "
                    + NodeApiRoutes.MAX_LIST_LIMIT + ", got " + antiEntropyPageSize);
        }
        if (antiEntropyMaxPages < 1) {
            throw new IllegalArgumentException("floe.anti-entropy.max-pages-per-peer must be positive, got "
                    + antiEntropyMaxPages);
        }
    }

    /** Reads the settings from a resolved config. */
    public static LifecycleSettings fromConfig(Config root) {
        try {
            Config antiEntropy = root.getConfig("floe.anti-entropy");
            return new LifecycleSettings(root.getInt("floe.epoch.max-epochs-ahead"), antiEntropy.getDuration("interval"),
                    antiEntropy.getInt("page-size"), antiEntropy.getInt("max-pages-per-peer"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("invalid lifecycle setting: " + e.getMessage(), e);
        }
    }

    /** These settings with another anti-entropy interval. */
    public LifecycleSettings withAntiEntropyInterval(Duration interval) {
        return new LifecycleSettings(maxEpochsAhead, interval, antiEntropyPageSize, antiEntropyMaxPages);
    }
}
