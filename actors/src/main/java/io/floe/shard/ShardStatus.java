package io.floe.shard;

/** The state of a shard on the node that owns it or is losing it, as Walrus names it. */
public enum ShardStatus {
    /** The owner holds the shard and serves reads and writes. */
    ACTIVE,
    /** The new owner is pulling the shard from its previous owner. */
    ACTIVE_SYNC,
    /** The new owner rebuilds the shard from recovery symbols because the previous owner is gone. */
    ACTIVE_RECOVER,
    /** The previous owner keeps serving reads until the new owner reports the shard received. */
    LOCKED_TO_MOVE
}
