package io.floe.cli;

import io.floe.node.NodeMain;
import io.floe.settings.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

    @Override
    protected int run() {
        if (config != null && !Files.isReadable(config)) {
            throw new CommandFailure(ExitCodes.INPUT, "cannot read " + config + "; check the --config path");
        }
        try {
            return NodeMain.run(Optional.ofNullable(config));
        } catch (SettingsException e) {
            throw new CommandFailure(ExitCodes.CONFIG, e.getMessage());
        }
    }
}
