package io.floe.cli;

import io.floe.tls.ClusterTlsStores;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code floe tls}: the TLS files of a cluster whose nodes talk over Artery {@code tls-tcp} ({@code floe.tls.*}). */
@Command(
        name = "tls",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = "TLS between nodes: key and trust stores for floe.tls (see docs/operations.md).",
        subcommands = {TlsCommand.Create.class})
public final class TlsCommand extends FloeCommand {
    @Override
    protected int run() {
        spec.commandLine().usage(err());
        return ExitCodes.USAGE;
    }

    /** {@code floe tls create}: a cluster CA, its trust store and one key store per node. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            versionProvider = FloeCli.Version.class,
            description = {
                "Creates in DIR a CA of the cluster (ca.p12: keep it offline, it is needed only to add nodes), the",
                "trust store of every node (truststore.p12), one key store per node (node-1.p12, ...) signed by the",
                "CA, and their password (DIR/password). All PKCS12, keys EC P-256. Files that exist are kept: run it",
                "again with a larger --nodes to add nodes signed by the same CA."
            })
    static final class Create extends FloeCommand {
        @Option(names = "--nodes", paramLabel = "N", required = true,
                description = "Key stores for node-1 .. node-N, 1 to " + ClusterDirectory.MAX_NODES + ".")
        int nodes;

        @Option(names = "--dir", paramLabel = "DIR", required = true,
                description = "Directory of the stores (created if missing).")
        Path dir;

        @Option(names = "--days", paramLabel = "DAYS", defaultValue = "3650",
                description = "Validity of the certificates in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--json", description = "Print what was created and kept as JSON.")
        boolean json;

        @Override
        protected int run() {
            if (nodes < 1 || nodes > ClusterDirectory.MAX_NODES) {
                throw new CommandFailure(ExitCodes.USAGE, "invalid --nodes " + nodes + "; pass 1 to "
                        + ClusterDirectory.MAX_NODES);
            }
            if (days < 1) {
                throw new CommandFailure(ExitCodes.USAGE, "invalid --days " + days + "; pass at least 1");
            }
            ClusterTlsStores stores = new ClusterTlsStores(dir);
            ClusterTlsStores.Created created = create(stores, nodes, Duration.ofDays(days));
            if (json) {
                var result = CliJson.object();
                result.put("ca", stores.caStore().toString());
                result.put("newCa", created.newCa());
                var createdNodes = result.putArray("created");
                created.newNodes().forEach(node -> createdNodes.add(stores.keyStore(node).toString()));
                var keptNodes = result.putArray("kept");
                created.keptNodes().forEach(node -> keptNodes.add(stores.keyStore(node).toString()));
                result.put("trustStore", stores.trustStore().toString());
                result.put("passwordFile", stores.passwordFile().toString());
                CliJson.print(out(), result);
                return ExitCodes.OK;
            }
            out().println((created.newCa() ? "created the cluster CA " : "kept the cluster CA ") + stores.caStore()
                    + " (keep it offline)");
            for (String node : created.newNodes()) {
                out().println("created " + stores.keyStore(node));
            }
            for (String node : created.keptNodes()) {
                out().println("kept " + stores.keyStore(node));
            }
            out().println("trust store " + stores.trustStore() + "; password of every store in "
                    + stores.passwordFile());
            out().println("node i runs with FLOE_TLS_ENABLED=on FLOE_TLS_KEY_STORE=" + stores.keyStore("node-i")
                    + " FLOE_TLS_TRUST_STORE=" + stores.trustStore()
                    + " and both FLOE_TLS_*_PASSWORD set to the password");
            return ExitCodes.OK;
        }
    }

    /** Stores for node-1 .. node-{@code nodes} in {@code stores}' directory; failures as a {@link CommandFailure}. */
    static ClusterTlsStores.Created create(ClusterTlsStores stores, int nodes, Duration validity) {
        List<String> nodeIds = IntStream.rangeClosed(1, nodes).mapToObj(ClusterDirectory::nodeId).toList();
        try {
            return stores.create(nodeIds, validity);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.INPUT, "cannot create the TLS stores in " + stores.dir() + ": "
                    + e.getMessage() + "; check the directory and its permissions");
        } catch (GeneralSecurityException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot create the TLS stores in " + stores.dir() + ": "
                    + e.getMessage());
        }
    }
}
