package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code floe completion}, and the options every command shares. */
class CompletionCommandTest {
    /** Commands without {@code --json}: help, the completion script, and groups (their subcommands have it). */
    private static final Set<String> WITHOUT_JSON = Set.of("help", "completion", "tls");

    @Test
    void bashScriptCompletesEverySubcommandAndTheirOptions() {
        CliRun run = CliRun.of("completion", "bash");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("complete -F _complete_floe"), "registers the function for floe");
        for (String name : FloeCli.newCommandLine().getSubcommands().keySet()) {
            assertTrue(run.out().contains(name), "no completion for " + name);
        }
        assertTrue(run.out().contains("--epochs") && run.out().contains("--deletable"), "store's options");
        assertEquals(run.out(), CliRun.of("completion").out(), "bash is the default");
    }

    @Test
    void zshScriptLoadsBashCompletionFirst() {
        CliRun run = CliRun.of("completion", "zsh");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("autoload -U +X compinit && compinit"), run.out());
        assertTrue(run.out().contains("bashcompinit") && run.out().contains("blob-status"), run.out());
    }

    @Test
    void anUnknownShellIsAUsageError() {
        CliRun run = CliRun.of("completion", "fish");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("fish") && run.err().contains("bash"), run.err());
    }

    @Test
    void everyCommandButHelpAndCompletionTakesJson() {
        for (var entry : FloeCli.newCommandLine().getSubcommands().entrySet()) {
            if (WITHOUT_JSON.contains(entry.getKey())) {
                continue;
            }
            CommandLine.Model.OptionSpec json = entry.getValue().getCommandSpec().findOption("--json");
            assertNotNull(json, entry.getKey() + " has no --json");
        }
        CommandLine tls = FloeCli.newCommandLine().getSubcommands().get("tls");
        for (var entry : tls.getSubcommands().entrySet()) {
            if (!entry.getKey().equals("help")) {
                assertNotNull(entry.getValue().getCommandSpec().findOption("--json"), "tls " + entry.getKey()
                        + " has no --json");
            }
        }
    }

    @Test
    void aUsageErrorWithJsonIsAlsoAnErrorObjectOnStdout() throws Exception {
        CliRun run = CliRun.of("info", "--json", "--size", "lots");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        JsonNode error = new ObjectMapper().readTree(run.out()).path("error");
        assertEquals(ExitCodes.USAGE, error.path("code").asInt());
        assertEquals("USAGE", error.path("name").asText());
        assertTrue(error.path("message").asText().contains("'lots' is not a size"), error.toString());
        assertEquals("error: " + error.path("message").asText(), run.err().strip());
    }

    @Test
    void downWithJsonAndNoClusterListsNothing(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("down", "--dir", dir.toString(), "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertEquals(dir.toAbsolutePath().normalize().toString(), result.path("dir").asText());
        assertEquals(0, result.path("stopped").size());
        assertEquals(0, result.path("stale").size());
    }
}
