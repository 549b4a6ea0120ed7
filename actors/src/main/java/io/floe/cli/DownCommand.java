package io.floe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code floe down}: stops the nodes of a local cluster started by {@code floe up} (SIGTERM, then SIGKILL as a last
 * resort) and removes their pid files and {@code cluster.json}; the data stays for the next {@code floe up}.
 */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = {
            "Stops the local cluster in DIR: SIGTERM to every node, SIGKILL to those still running after the"
                    + " timeout.",
            "The data stays in DIR; 'floe up --dir DIR' starts the same cluster again."
        })
public final class DownCommand extends FloeCommand {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "floe-data",
            description = "Directory of the cluster (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the nodes to leave and exit before killing them"
                    + " (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print {dir, stopped, killed, stale} as JSON instead of lines for people.")
    boolean json;

    /** What {@code --json} prints: the pids stopped, those that had to be killed, nodes whose pid file was stale. */
    record Result(String dir, List<Long> stopped, List<Long> killed, List<String> stale) {
    }

    @Override
    protected int run() {
        ClusterDirectory cluster = new ClusterDirectory(dir);
        try {
            List<Integer> nodes = cluster.nodesWithPidFiles();
            List<ProcessHandle> running = new ArrayList<>();
            List<String> stale = new ArrayList<>();
            for (int node : nodes) {
                OptionalLong pid = cluster.readPid(node);
                Optional<ProcessHandle> process = pid.isPresent() ? NodeProcesses.floeNode(pid.getAsLong())
                        : Optional.empty();
                if (process.isPresent()) {
                    running.add(process.get());
                } else {
                    stale.add(ClusterDirectory.nodeId(node));
                    err().println("warning: " + ClusterDirectory.nodeId(node) + " was not running (stale pid file)");
                }
            }
            if (nodes.isEmpty() && !json) {
                out().println("no cluster is running in " + cluster.root());
            }
            List<ProcessHandle> killed = NodeProcesses.stop(running, Duration.ofSeconds(timeoutSeconds));
            for (ProcessHandle process : killed) {
                err().println("warning: pid " + process.pid() + " did not exit within " + timeoutSeconds
                        + " s and was killed");
            }
            List<ProcessHandle> survivors = running.stream().filter(ProcessHandle::isAlive).toList();
            if (!survivors.isEmpty()) {
                throw new CommandFailure(ExitCodes.CLUSTER, "pid " + survivors.get(0).pid() + " is still running"
                        + " after SIGKILL; check it with ps");
            }
            for (int node : nodes) {
                Files.deleteIfExists(cluster.pidFile(node));
            }
            Files.deleteIfExists(cluster.clusterFile());
            if (json) {
                CliJson.print(out(), new Result(cluster.root().toString(),
                        running.stream().map(ProcessHandle::pid).toList(),
                        killed.stream().map(ProcessHandle::pid).toList(), stale));
            } else if (!nodes.isEmpty()) {
                out().println("stopped " + running.size() + " node" + (running.size() == 1 ? "" : "s") + "; data"
                        + " kept in " + cluster.root());
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.CLUSTER, "cannot clean up " + cluster.root() + ": " + e.getMessage());
        }
    }
}
