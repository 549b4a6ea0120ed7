package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe node} stops before starting anything when its configuration is wrong. */
class NodeCommandTest {
    @TempDir
    Path dir;

    @Test
    void anInvalidSettingStopsTheNodeWithOneLineNamingTheKey() throws Exception {
        Path config = Files.writeString(dir.resolve("node.conf"), "floe.shard-count = 2\n");

        CliRun run = CliRun.of("node", "--config", config.toString());

        assertEquals(ExitCodes.CONFIG, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().startsWith("error: invalid floe.shard-count = '2'"), run.err());
    }

    @Test
    void aMissingConfigFileIsAnInputError() {
        CliRun run = CliRun.of("node", "--config", dir.resolve("missing.conf").toString());

        assertEquals(ExitCodes.INPUT, run.exitCode());
        assertTrue(run.err().contains("missing.conf"), run.err());
    }

    @Test
    void malformedHoconIsAConfigurationError() throws Exception {
        Path config = Files.writeString(dir.resolve("node.conf"), "floe { shard-count = \n");

        CliRun run = CliRun.of("node", "--config", config.toString());

        assertEquals(ExitCodes.CONFIG, run.exitCode());
        assertTrue(run.err().startsWith("error: cannot read " + config), run.err());
    }
}
