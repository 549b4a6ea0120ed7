package io.floe.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.floe.node.NodeMain;
import io.floe.settings.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code floe node}: runs a storage node in this process until it is stopped (SIGTERM) or leaves the cluster. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = {
            "Runs a storage node until it is stopped (SIGTERM) or leaves the cluster.",
            "Settings come from the environment (FLOE_NODE_ID, FLOE_DATA_DIR, FLOE_HOST, FLOE_SEED_NODES,"
                    + " FLOE_SHARD_COUNT, FLOE_INITIAL_MEMBERS, ...; see reference.conf), overridden by --config."
        })
public final class NodeCommand extends FloeCommand {
    @Option(names = "--config", paramLabel = "FILE",
            description = "A HOCON file whose floe.* and pekko.* settings override the defaults and the environment.")
    Path config;

    @Option(names = "--json", description = "Log one JSON object per line on stdout (logback's JsonEncoder) instead"
            + " of text lines; a configuration error is printed as {\"error\": ...}.")
    boolean json;

    @Override
    protected int run() {
        if (config != null && !Files.isReadable(config)) {
            throw new CommandFailure(ExitCodes.INPUT, "cannot read " + config + "; check the --config path");
        }
        if (json) {
            logJsonLines();
        }
        try {
            return NodeMain.run(Optional.ofNullable(config));
        } catch (SettingsException e) {
            throw new CommandFailure(ExitCodes.CONFIG, e.getMessage());
        }
    }

    /** Replaces the root logger's appenders (logback.xml's text lines) with one that writes JSON lines to stdout. */
    private static void logJsonLines() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new CommandFailure(ExitCodes.CONFIG, "--json needs logback as the logging backend");
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDOUT-JSON");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }
}
