package io.floe.shard;

import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/**
 * One entity per shard: the entity id and the Pekko shard id are both the shard index in decimal, so that external
 * allocation places each shard index exactly where the committee says.
 */
public final class ShardMessageExtractor
        extends ShardingMessageExtractor<ShardingEnvelope<ShardActor.Command>, ShardActor.Command> {

    /** The entity id of shard {@code shard}. */
    public static String entityId(int shard) {
        if (shard < 0) {
            throw new IllegalArgumentException("shard " + shard + " is negative; shard indices are 0 or more");
        }
        return Integer.toString(shard);
    }

    /** The shard index of entity {@code entityId}. */
    public static int shardIndex(String entityId) {
        try {
            int shard = Integer.parseInt(entityId);
            if (shard >= 0 && entityId.equals(Integer.toString(shard))) {
                return shard;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("entity id '" + entityId + "' is not a shard index (0, 1, 2, ...)");
    }

    @Override
    public String entityId(ShardingEnvelope<ShardActor.Command> envelope) {
        return envelope.entityId();
    }

    @Override
    public String shardId(String entityId) {
        return entityId;
    }

    @Override
    public ShardActor.Command unwrapMessage(ShardingEnvelope<ShardActor.Command> envelope) {
        return envelope.message();
    }
}
