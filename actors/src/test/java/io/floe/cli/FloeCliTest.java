package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloeCliTest {
    @Test
    void withoutSubcommandShowsUsageOnStderr() {
        CliRun run = CliRun.of();

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("blob-id"), run.err());
    }

    @Test
    void helpListsSubcommandsAndExitCodes() {
        CliRun run = CliRun.of("--help");

        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().contains("blob-id"), run.out());
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertTrue(run.out().matches("(?s).*\\n  4 +blob too large\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\n  10 +a node is down.*"), run.out());
        for (String command : new String[] {"blob-status", "info", "health", "completion"}) {
            assertTrue(run.out().contains("  " + command + " "), command + " missing: " + run.out());
        }
    }

    @Test
    void unknownSubcommandIsAUsageErrorOnOneLine() {
        CliRun run = CliRun.of("frobnicate");

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.errLines()[0].startsWith("error: ") && run.errLines()[0].contains("frobnicate"), run.err());
    }

    @Test
    void versionNamesFloe() {
        CliRun run = CliRun.of("--version");

        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().startsWith("floe "), run.out());
    }
}
