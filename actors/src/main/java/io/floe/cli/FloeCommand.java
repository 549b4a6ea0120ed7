package io.floe.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of floe's subcommands: reports a {@link CommandFailure} as one {@code error:} line on stderr and returns its
 * exit code, whichever {@link picocli.CommandLine} runs the command.
 */
public abstract class FloeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CommandFailure failure) {
            err().println("error: " + failure.getMessage());
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
}
