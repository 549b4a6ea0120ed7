package io.floe.epoch;

import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the epoch coordinator asks of the cluster about a node, known by its committee member's reference: whether it
 * is still a member at all, and whether it counts for the next committee (up, and not unreachable for longer than
 * {@code floe.epoch.down-after}). {@link ClusterMembership} reads Pekko Cluster; tests provide their own.
 */
public interface Membership {

    /** Updates what is known of the cluster; called once per coordinator tick. */
    void refresh(Instant now);

    /** Whether the node of {@code member} left the cluster or was downed (its announcement is then forgotten). */
    boolean isGone(ActorRef<?> member);

    /** Whether the node of {@code member} counts for the next committee. */
    boolean isAvailable(ActorRef<?> member, Instant now);

    /** Every announced node is available and none is gone: for tests without a cluster. */
    Membership ALL_AVAILABLE = new Membership() {
        @Override
        public void refresh(Instant now) {
        }

        @Override
        public boolean isGone(ActorRef<?> member) {
            return false;
        }

        @Override
        public boolean isAvailable(ActorRef<?> member, Instant now) {
            return true;
        }
    };
}
