package io.floe.epoch;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * {@link Membership} from Pekko Cluster's state: a node is gone once it is leaving, exiting, down or removed; it is
 * available while it is up and has not been unreachable for longer than {@code downAfter} (measured from the first
 * tick that saw it unreachable).
 */
final class ClusterMembership implements Membership {
    private final Cluster cluster;
    private final Duration downAfter;
    private final Map<Address, Instant> unreachableSince = new HashMap<>();
    private final Map<Address, MemberStatus> statuses = new HashMap<>();

    ClusterMembership(ActorSystem<?> system, Duration downAfter) {
        this.cluster = Cluster.get(system);
        this.downAfter = downAfter;
    }

    @Override
    public void refresh(Instant now) {
        statuses.clear();
        for (Member member : cluster.state().getMembers()) {
            statuses.put(member.address(), member.status());
        }
        Set<Address> unreachable = new HashSet<>();
        for (Member member : cluster.state().getUnreachable()) {
            unreachable.add(member.address());
            unreachableSince.putIfAbsent(member.address(), now);
        }
        unreachableSince.keySet().retainAll(unreachable);
    }

    @Override
    public boolean isGone(ActorRef<?> member) {
        MemberStatus status = statuses.get(addressOf(member));
        return status == null || status == MemberStatus.leaving() || status == MemberStatus.exiting()
                || status == MemberStatus.down() || status == MemberStatus.removed();
    }

    @Override
    public boolean isAvailable(ActorRef<?> member, Instant now) {
        Address address = addressOf(member);
        MemberStatus status = statuses.get(address);
        if (status != MemberStatus.up() && status != MemberStatus.weaklyUp()) {
            return false;
        }
        Instant since = unreachableSince.get(address);
        return since == null || Duration.between(since, now).compareTo(downAfter) < 0;
    }

    private Address addressOf(ActorRef<?> member) {
        Address address = member.path().address();
        return address.hasGlobalScope() ? address : cluster.selfMember().address();
    }
}
