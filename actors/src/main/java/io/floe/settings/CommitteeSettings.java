package io.floe.settings;

import java.time.Duration;
import java.util.List;

/**
 * The committee a cluster starts with and the pace of its epoch protocol: {@code n} shards spread over the initial
 * members at genesis, how often members announce themselves, and how the epoch coordinator retries.
 */
public record CommitteeSettings(
        int shardCount,
        List<String> initialMembers,
        Duration epochDuration,
        Duration announceInterval,
        Duration memberAnnounceInterval,
        Duration coordinatorTickInterval,
        Duration askTimeout,
        int maxProposalAttempts) {

    public CommitteeSettings {
        initialMembers = List.copyOf(initialMembers);
    }
}
