package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code floe up} refuses before starting anything, and the settings it gives each node. */
class UpCommandTest {
    @TempDir
    Path dir;

    @Test
    void refusesBadCountsBeforeStartingAnything() {
        CliRun noNodes = CliRun.of("up", "--nodes", "0", "--dir", dir.toString());
        CliRun fewShards = CliRun.of("up", "--nodes", "4", "--shards", "3", "--dir", dir.toString());

        assertEquals(ExitCodes.USAGE, noNodes.exitCode());
        assertTrue(noNodes.err().startsWith("error: invalid --nodes 0"), noNodes.err());
        assertEquals(ExitCodes.USAGE, fewShards.exitCode());
        assertTrue(fewShards.err().contains("invalid --shards 3"), fewShards.err());
    }

    @Test
    void refusesToChangeTheLayoutOfExistingData() throws Exception {
        Files.writeString(dir.resolve("layout.json"), "{\"nodes\":4,\"shards\":16}");

        CliRun run = CliRun.of("up", "--shards", "32", "--dir", dir.toString());

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("holds a cluster of 4 nodes and 16 shards"), run.err());
    }

    @Test
    void nodeThreeBindsItsOwnLoopbackAddressAndJoinsNodeOne() {
        Map<String, String> environment = UpCommand.environment(dir.resolve("node-3"),
                new ClusterDirectory.Layout(4, 16), 3);

        assertEquals("node-3", environment.get("FLOE_NODE_ID"));
        assertEquals(LoopbackAddresses.host(3), environment.get("FLOE_HOST"));
        assertEquals(LoopbackAddresses.host(1) + ":25520", environment.get("FLOE_SEED_NODES"));
        assertEquals("node-1,node-2,node-3,node-4", environment.get("FLOE_INITIAL_MEMBERS"));
        assertEquals("16", environment.get("FLOE_SHARD_COUNT"));
    }

    @Test
    void refusesAnEpochDurationThatIsNotOne() {
        CliRun run = CliRun.of("up", "--dir", dir.toString(), "--epoch-duration", "soon");

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("invalid --epoch-duration soon"), run.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("up", "--dir", dir.toString(), "--epoch-duration", "0s").exitCode());
    }

    @Test
    void downWithoutAClusterSaysSo() {
        CliRun run = CliRun.of("down", "--dir", dir.toString());

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("no cluster is running"), run.out());
    }
}
