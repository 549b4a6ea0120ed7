package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every command's {@code --help} reads as prose: its description is wrapped at the terminal width, not broken. */
class CliHelpTest {
    /** Picocli fills 79 of 80 columns. */
    private static final int WIDTH = 79;

    @Test
    void everyCommandsDescriptionIsWrappedNotBrokenMidSentence() {
        Set<String> commands = FloeCli.newCommandLine().getSubcommands().keySet();
        assertTrue(commands.size() >= 10, commands.toString());
        for (String command : commands) {
            if (command.equals("help")) {
                continue; // picocli's own, laid out differently
            }
            CliRun help = CliRun.of(command, "--help");
            assertEquals(ExitCodes.OK, help.exitCode(), command);
            List<String> description = description(help.out());
            assertFalse(description.isEmpty(), command + " has no description:\n" + help.out());
            for (int i = 0; i < description.size() - 1; i++) {
                String line = description.get(i);
                String next = description.get(i + 1);
                String nextWord = next.strip().split(" ")[0];
                boolean endsParagraph = line.endsWith(".") || line.endsWith(":");
                assertTrue(endsParagraph || line.length() + 1 + nextWord.length() > WIDTH,
                        "'floe " + command + " --help' breaks a line early: '" + line + "'\n" + help.out());
            }
        }
    }

    /** The description: the unindented lines after the synopsis ({@code Usage:} and its indented continuation). */
    private static List<String> description(String usage) {
        List<String> lines = usage.lines().toList();
        List<String> description = new ArrayList<>();
        int i = 1;
        while (i < lines.size() && lines.get(i).startsWith(" ")) {
            i++;
        }
        for (; i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).startsWith(" "); i++) {
            description.add(lines.get(i));
        }
        return description;
    }
}
