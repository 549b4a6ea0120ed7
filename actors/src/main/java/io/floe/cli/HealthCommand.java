package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.client.NodeApiClients;
import io.floe.client.NodeUnreachableException;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.storage.NodeApiException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code floe health}: checks every node of a cluster (Pekko Management's {@code /alive}, {@code /ready} and
 * {@code /cluster/members}, the node API's {@code /v1/health} and {@code /v1/committee}) and says whether the
 * cluster can still certify writes.
 */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = {
            "Checks every node: management /alive and /ready, its status in the Pekko cluster (Up,"
                    + " Unreachable, absent), and its node API (epoch, shards). Exits 0 when every node is healthy, 10"
                    + " when some node is down but nodes holding more than 2f shards answer (writes can still be"
                    + " certified), 7 when they do not.",
            "With --dir every node of cluster.json is checked; with --url the members of the committee that"
                    + " node knows (management checks need cluster.json, which has the management URLs)."
        })
public final class HealthCommand extends FloeCommand {
    @Option(names = "--json", description = "Print one JSON object instead of lines for people.")
    boolean json;

    @Mixin
    NodeApiOptions nodes;

    /**
     * One node's checks: {@code alive}, {@code ready} and {@code clusterStatus} are null when its management URL is
     * unknown; {@code epoch} and {@code shards} are null when its node API does not answer.
     */
    record NodeHealth(String id, String nodeApiUrl, String managementUrl, Boolean alive, Boolean ready,
            String clusterStatus, boolean nodeApi, Long epoch, Integer shards, boolean healthy,
            List<String> problems) {
    }

    /** What {@code --json} prints; {@code epoch} and shard figures are null when no node told its committee. */
    record Report(boolean healthy, boolean canCertifyWrites, Long epoch, Integer nShards, Integer faulty,
            Integer quorumShards, int reachableShards, List<NodeHealth> nodes) {
    }

    /** A node to check: what cluster.json or the committee says about it. */
    private record Target(String id, String nodeApiUrl, String managementUrl, String artery) {
    }

    /** One node's raw answers before the cluster view is known. */
    private record Probe(Target target, Boolean alive, Boolean ready, JsonNode members, JsonNode health,
            Committee committee, String nodeApiError) {
    }

    @Override
    protected int run() {
        Optional<ClusterFile> file = nodes.clusterFile();
        List<String> urls = nodes.urls();
        try (NodeApiClients clients = nodes.clients()) {
            Committee committee;
            try {
                committee = NodeApiOptions.committee(clients, urls);
            } catch (CommandFailure failure) {
                if (file.isEmpty()) {
                    throw failure;
                }
                committee = null; // report every node of cluster.json as down
            }
            List<Target> targets = targets(file, committee);
            Duration timeout = nodes.timeout();
            List<Probe> probes = NodeApiOptions.inParallel(clients, targets, target -> probe(clients, target,
                    timeout));
            Committee newest = probes.stream().map(Probe::committee).filter(c -> c != null)
                    .max((a, b) -> Long.compare(a.epoch(), b.epoch())).orElse(committee);
            Report report = report(probes, newest);
            if (json) {
                CliJson.print(out(), report);
            } else {
                print(report);
            }
            if (!report.canCertifyWrites()) {
                return ExitCodes.UNAVAILABLE;
            }
            return report.healthy() ? ExitCodes.OK : ExitCodes.DEGRADED;
        }
    }

    /** The nodes of cluster.json, then committee members it does not list; or the committee's members. */
    private static List<Target> targets(Optional<ClusterFile> file, Committee committee) {
        Map<String, Target> targets = new LinkedHashMap<>();
        file.ifPresent(cluster -> cluster.nodes().forEach(node -> targets.put(node.id(), new Target(node.id(),
                node.nodeApiUrl(), blankToNull(node.managementUrl()), blankToNull(node.artery())))));
        if (committee != null) {
            for (CommitteeMember member : committee.members()) {
                targets.putIfAbsent(member.nodeId(), new Target(member.nodeId(), member.apiUrl(), null, null));
            }
        }
        return List.copyOf(targets.values());
    }

    private static Probe probe(NodeApiClients clients, Target target, Duration timeout) {
        Boolean alive = null;
        Boolean ready = null;
        JsonNode members = null;
        // A frozen node makes every call wait for the timeout: ask no more of a node that failed the first call.
        if (target.managementUrl() != null) {
            alive = get(clients.http(), target.managementUrl() + "/alive", timeout).isPresent();
            ready = alive && get(clients.http(), target.managementUrl() + "/ready", timeout).isPresent();
            members = !alive ? null : get(clients.http(), target.managementUrl() + "/cluster/members", timeout)
                    .map(HealthCommand::parse).orElse(null);
        }
        JsonNode health = null;
        Committee committee = null;
        String error = null;
        if (target.nodeApiUrl() == null || target.nodeApiUrl().isBlank()) {
            error = "no node API URL known";
        } else {
            try {
                health = clients.forUrl(target.nodeApiUrl()).health();
                committee = clients.forUrl(target.nodeApiUrl()).committee();
            } catch (NodeUnreachableException e) {
                error = "node API does not answer";
            } catch (NodeApiException e) {
                error = e.httpStatus() == 503 && health != null ? "knows no committee yet"
                        : "node API answered " + e.httpStatus() + " " + e.reason();
            } catch (IllegalArgumentException e) {
                error = "node API sent a malformed answer: " + e.getMessage();
            }
        }
        return new Probe(target, alive, ready, members, health, committee, error);
    }

    private static Report report(List<Probe> probes, Committee committee) {
        List<NodeHealth> nodes = new ArrayList<>();
        int reachableShards = 0;
        boolean healthy = committee != null;
        for (Probe probe : probes) {
            Target target = probe.target();
            List<String> problems = new ArrayList<>();
            String clusterStatus = clusterStatus(probe, probes);
            if (Boolean.FALSE.equals(probe.alive())) {
                problems.add("management does not answer /alive");
            } else if (Boolean.FALSE.equals(probe.ready())) {
                problems.add("not ready");
            }
            if (clusterStatus != null && !clusterStatus.equals("Up")) {
                problems.add(clusterStatus.equals("absent") ? "not a member of the cluster"
                        : "cluster status " + clusterStatus);
            }
            boolean nodeApi = probe.health() != null && probe.nodeApiError() == null;
            if (probe.nodeApiError() != null) {
                problems.add(probe.nodeApiError());
            }
            Long epoch = probe.health() == null ? null : probe.health().path("epoch").asLong();
            Integer shards = null;
            int weight = 0;
            if (committee != null) {
                weight = committee.memberById(target.id()).map(CommitteeMember::weight).orElse(0);
            }
            if (probe.committee() != null) {
                shards = probe.committee().memberById(target.id()).map(CommitteeMember::weight).orElse(0);
            }
            if (committee != null && epoch != null && epoch < committee.epoch()) {
                problems.add("behind: epoch " + epoch + " while the committee is at " + committee.epoch());
            }
            if (nodeApi && probe.health().path("ready").asBoolean()) {
                reachableShards += weight;
            }
            boolean nodeHealthy = problems.isEmpty();
            healthy &= nodeHealthy;
            nodes.add(new NodeHealth(target.id(), target.nodeApiUrl(), target.managementUrl(), probe.alive(),
                    probe.ready(), clusterStatus, nodeApi, epoch, shards, nodeHealthy, List.copyOf(problems)));
        }
        if (committee == null) {
            return new Report(false, false, null, null, null, null, 0, nodes);
        }
        int f = committee.faulty();
        return new Report(healthy, committee.isQuorum(reachableShards), committee.epoch(), committee.shards(), f,
                2 * f + 1, reachableShards, nodes);
    }

    /**
     * How the other nodes see this one: {@code Unreachable} if any of them marks it so, else its member status in
     * the first other node's view ({@code absent} if not listed); its own view only if no other node answers; null
     * when there is no view at all or its Artery address is unknown.
     */
    private static String clusterStatus(Probe probe, List<Probe> probes) {
        String address = probe.target().artery();
        if (address == null) {
            return null;
        }
        List<JsonNode> views = new ArrayList<>();
        for (Probe other : probes) {
            if (other != probe && other.members() != null) {
                views.add(other.members());
            }
        }
        if (views.isEmpty() && probe.members() != null) {
            views.add(probe.members());
        }
        if (views.isEmpty()) {
            return null;
        }
        for (JsonNode view : views) {
            for (JsonNode unreachable : view.path("unreachable")) {
                if (address.equals(unreachable.path("node").asText())) {
                    return "Unreachable";
                }
            }
        }
        for (JsonNode member : views.get(0).path("members")) {
            if (address.equals(member.path("node").asText())) {
                return member.path("status").asText("unknown");
            }
        }
        return "absent";
    }

    private void print(Report report) {
        if (report.epoch() == null) {
            out().println("cluster: no node told its committee; writes cannot be certified");
        } else {
            out().println("cluster: epoch " + report.epoch() + ", " + report.nShards() + " shards; nodes holding "
                    + report.reachableShards() + " answer, writes need more than " + 2 * report.faulty() + ": "
                    + (report.healthy() ? "healthy"
                            : report.canCertifyWrites() ? "degraded (writes still certify)"
                                    : "unavailable (writes cannot be certified)"));
        }
        out().println(String.format("%-10s %-28s %-28s %-6s %-6s %-12s %-6s %-6s %s", "NODE", "NODE API",
                "MANAGEMENT", "ALIVE", "READY", "CLUSTER", "EPOCH", "SHARDS", "PROBLEMS"));
        for (NodeHealth node : report.nodes()) {
            out().println(String.format("%-10s %-28s %-28s %-6s %-6s %-12s %-6s %-6s %s", node.id(),
                    node.nodeApiUrl(), orDash(node.managementUrl()), yesNo(node.alive()), yesNo(node.ready()),
                    orDash(node.clusterStatus()), orDash(node.epoch()), orDash(node.shards()),
                    node.problems().isEmpty() ? "-" : String.join("; ", node.problems())));
        }
    }

    private static String yesNo(Boolean value) {
        return value == null ? "-" : value ? "yes" : "no";
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The body of {@code GET url} if it answers 200 within {@code timeout}. */
    private static Optional<String> get(HttpClient http, String url, Duration timeout) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static JsonNode parse(String body) {
        try {
            return CliJson.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
