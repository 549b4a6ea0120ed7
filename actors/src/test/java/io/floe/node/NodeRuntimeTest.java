package io.floe.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.persistence.memory.InMemoryNodeStorage;
import io.floe.protocol.crypto.NodeKeyPair;
import io.floe.shard.ShardStatus;
import io.floe.shard.ShardStatusRegistry;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The part of readiness the node runtime answers (stores open) and the shard statuses it holds per node. */
class NodeRuntimeTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void storesCountAsOpenFromRegistrationUntilClosed() {
        NodeRuntime runtime = NodeRuntime.get(testKit.system());
        InMemoryNodeStorage storage = new InMemoryNodeStorage();
        assertFalse(runtime.storageOpen(), "nothing registered yet");

        runtime.register(new LiveCommitteeView("node-1", NodeKeyPair.generate()), null, null, storage);
        assertTrue(runtime.storageOpen());

        storage.close();
        assertFalse(runtime.storageOpen(), "a closed store does not answer");
        runtime.storageClosed();
        assertFalse(runtime.storageOpen());
    }

    @Test
    void shardStatusesArePerNodeAndDefaultToActive() {
        ShardStatusRegistry statuses = NodeRuntime.get(testKit.system()).shardStatuses();
        assertSame(ShardStatusRegistry.get(testKit.system()), statuses);
        assertEquals(ShardStatus.ACTIVE, statuses.statusOf(3), "a shard that never reported");

        statuses.update(3, ShardStatus.ACTIVE_SYNC, 2);
        statuses.syncProgress(3, 25, 100);
        ShardStatusRegistry.Entry syncing = statuses.entry(3).orElseThrow();
        assertEquals(ShardStatus.ACTIVE_SYNC, syncing.status());
        assertEquals(2, syncing.epoch());
        assertEquals(0.25, syncing.syncProgress().orElseThrow(), 1e-9);

        statuses.update(3, ShardStatus.ACTIVE);
        assertTrue(statuses.entry(3).orElseThrow().syncProgress().isEmpty(), "progress ends with the sync");
        assertEquals(ShardStatus.ACTIVE, new ShardStatusRegistry().statusOf(3));
    }
}
