package io.floe.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code floe} command line, main class of {@code floe.jar}: each subcommand is a {@code *Command} class in this
 * package; only {@code floe node} starts an actor system, so nothing else here may touch Pekko.
 */
@Command(
        name = "floe",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = "Floe: a decentralized, erasure-coded blob store implementing the Walrus storage protocol.",
        subcommands = {
            BlobIdCommand.class,
            NodeCommand.class,
            UpCommand.class,
            DownCommand.class,
            StoreCommand.class,
            ReadCommand.class,
            DeleteCommand.class,
            ExtendCommand.class,
            ListBlobsCommand.class,
            BenchCommand.class,
            TlsCommand.class,
            BlobStatusCommand.class,
            InfoCommand.class,
            HealthCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":success",
            ExitCodes.FAILURE + ":unexpected failure, or out of memory",
            ExitCodes.USAGE + ":wrong command line",
            ExitCodes.INPUT + ":input file missing or unreadable",
            ExitCodes.BLOB_TOO_LARGE + ":blob too large",
            ExitCodes.CONFIG + ":invalid node configuration",
            ExitCodes.CLUSTER + ":local cluster did not start or stop in time",
            ExitCodes.UNAVAILABLE + ":cluster unreachable or unable to serve now",
            ExitCodes.NOT_FOUND + ":blob not stored (unknown, expired, deleted or invalid)",
            ExitCodes.REJECTED + ":request refused by the publisher",
            ExitCodes.DEGRADED + ":a node is down, but the cluster can still certify writes (health)",
        })
public final class FloeCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Runs the command line and exits with the command's exit code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line as {@link #main} runs it: usage and unexpected errors reported on one {@code error:} line. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new FloeCli())
                .setParameterExceptionHandler(FloeCli::reportUsageError)
                .setExecutionExceptionHandler(FloeCli::reportUnexpectedFailure);
    }

    /** {@code floe} without a subcommand: show what it can do, on stderr since nothing was done. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    private static int reportUsageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String suggestion = "";
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        String message = FloeCommand.oneLine(e.getMessage()) + suggestion + "; see '"
                + command.getCommandSpec().qualifiedName() + " --help'";
        report(command, ExitCodes.USAGE, message, Arrays.asList(args).contains("--json"));
        return ExitCodes.USAGE;
    }

    private static int reportUnexpectedFailure(Exception e, CommandLine command, ParseResult parsed) {
        String message = "unexpected failure: " + FloeCommand.oneLine(e.toString()) + "; please report it"
                + (System.getenv("FLOE_DEBUG") == null ? " (FLOE_DEBUG=1 shows the stack trace)" : "");
        report(command, ExitCodes.FAILURE, message, FloeCommand.jsonRequested(command.getCommandSpec()));
        if (System.getenv("FLOE_DEBUG") != null) {
            e.printStackTrace(command.getErr());
        }
        return ExitCodes.FAILURE;
    }

    /** The {@code error:} line on stderr, and with {@code --json} the error object on stdout. */
    private static void report(CommandLine command, int code, String message, boolean json) {
        command.getErr().println("error: " + message);
        command.getErr().flush();
        if (json) {
            CliJson.print(command.getOut(), CliJson.error(code, message));
        }
    }

    /** The version written into the jar's manifest by the build, or {@code development} when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FloeCli.class.getPackage().getImplementationVersion();
            return new String[] {"floe " + (version == null ? "development" : version)};
        }
    }
}
