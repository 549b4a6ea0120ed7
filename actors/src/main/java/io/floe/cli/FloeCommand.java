package io.floe.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * Base of floe's subcommands: reports a {@link CommandFailure} as one {@code error:} line on stderr and returns its
 * exit code, whichever {@link picocli.CommandLine} runs the command; with {@code --json} it also prints the error
 * object of {@link CliJson} on stdout, so that a script reading stdout always gets JSON.
 */
public abstract class FloeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CommandFailure failure) {
            String message = oneLine(failure.getMessage());
            err().println("error: " + message);
            err().flush();
            if (jsonRequested(spec)) {
                CliJson.print(out(), CliJson.error(failure.exitCode(), message));
            }
            return failure.exitCode();
        }
    }

    /** Does the command's work and returns its exit code; throws {@link CommandFailure} for errors a user can fix. */
    protected abstract int run();

    /** Where results go; tests replace it with {@code CommandLine.setOut}. */
    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where errors go; tests replace it with {@code CommandLine.setErr}. */
    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Whether the command has a {@code --json} option and it was given. */
    static boolean jsonRequested(CommandSpec spec) {
        OptionSpec json = spec.findOption("--json");
        return json != null && Boolean.TRUE.equals(json.getValue());
    }

    /** An error message on one line: the lines of a multi-line message (such as a node's log tail) joined by |. */
    static String oneLine(String message) {
        if (message == null) {
            return "no details";
        }
        return message.replaceAll("\\s*\\R\\s*", " | ").strip();
    }
}
