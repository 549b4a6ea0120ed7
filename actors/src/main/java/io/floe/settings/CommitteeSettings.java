package io.floe.settings;

import java.time.Duration;
import java.util.List;

/**
 * The committee a cluster starts with and the pace of its epoch protocol: {@code n} shards spread over the initial
 * members at genesis, how long an epoch lasts and how far ahead storage may be bought, when an unreachable node
 * loses its shards, this node's weight in the shard balance, how often members announce themselves, and how the
 * epoch coordinator retries.
 *
 * @param epochDuration       {@code floe.epoch.duration}: the next epoch is due this long after the current one started
 * @param maxEpochsAhead      {@code floe.epoch.max-epochs-ahead}: the most epochs ahead a blob may be stored for
 * @param downAfter           {@code floe.epoch.down-after}: a node unreachable this long is left out of the next committee
 * @param nodeWeight          {@code floe.node-weight}: this node's share of the shards, relative to the other nodes'
 * @param commitDelay         {@code floe.epoch-coordinator.commit-delay}: test only; pause between a quorum of accepts
 *                            and the commit of an epoch after genesis (zero in production)
 */
public record CommitteeSettings(
        int shardCount,
        List<String> initialMembers,
        Duration epochDuration,
        Duration announceInterval,
        Duration memberAnnounceInterval,
        Duration coordinatorTickInterval,
        Duration askTimeout,
        int maxProposalAttempts,
        int maxEpochsAhead,
        Duration downAfter,
        int nodeWeight,
        Duration commitDelay) {

    /** Defaults of the settings added with epoch changes: 53 epochs ahead, down after 2 minutes, weight 1. */
    public static final int DEFAULT_MAX_EPOCHS_AHEAD = 53;
    public static final Duration DEFAULT_DOWN_AFTER = Duration.ofMinutes(2);

    public CommitteeSettings {
        initialMembers = List.copyOf(initialMembers);
    }

    /** Settings with the defaults for the epoch-change keys (for tests written before they existed). */
    public CommitteeSettings(int shardCount, List<String> initialMembers, Duration epochDuration,
            Duration announceInterval, Duration memberAnnounceInterval, Duration coordinatorTickInterval,
            Duration askTimeout, int maxProposalAttempts) {
        this(shardCount, initialMembers, epochDuration, announceInterval, memberAnnounceInterval,
                coordinatorTickInterval, askTimeout, maxProposalAttempts, DEFAULT_MAX_EPOCHS_AHEAD, DEFAULT_DOWN_AFTER,
                1, Duration.ZERO);
    }

    /** The same settings with another epoch duration, down-after and commit delay. */
    public CommitteeSettings withEpochTiming(Duration duration, Duration downAfterDuration, Duration delay) {
        return new CommitteeSettings(shardCount, initialMembers, duration, announceInterval, memberAnnounceInterval,
                coordinatorTickInterval, askTimeout, maxProposalAttempts, maxEpochsAhead, downAfterDuration,
                nodeWeight, delay);
    }

    /** The same settings with another node weight. */
    public CommitteeSettings withNodeWeight(int weight) {
        return new CommitteeSettings(shardCount, initialMembers, epochDuration, announceInterval,
                memberAnnounceInterval, coordinatorTickInterval, askTimeout, maxProposalAttempts, maxEpochsAhead,
                downAfter, weight, commitDelay);
    }
}
