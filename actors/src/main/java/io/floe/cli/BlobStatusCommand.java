package io.floe.cli;

import io.floe.client.NodeApiClients;
import io.floe.client.NodeUnreachableException;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.storage.BlobStatusReport;
import io.floe.storage.NodeApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code floe blob-status}: asks every member of the committee for its status of one blob and sums the answers up by
 * shard weight, as the publisher and aggregator judge them.
 */
@Command(
        name = "blob-status",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = {
            "Asks every storage node of the committee about a blob and sums up: certified or not, end epoch,"
                    + " deletable, and how many shards and nodes hold its slivers. A state counts once nodes holding"
                    + " more than f shards report it. Exits 0 when the blob is registered or certified, 8 when it is"
                    + " unknown, expired, deleted or invalid, 7 when too few nodes answer to tell."
        })
public final class BlobStatusCommand extends FloeCommand {
    /** The states in the order they win: a state counts once members holding more than f shards report it. */
    private static final List<String> DECISIVE = List.of("invalid", "deleted", "expired", "certified");

    @Parameters(paramLabel = "BLOB_ID", description = "The blob ID (43 base64url characters).")
    String blobId;

    @Option(names = "--json", description = "Print one JSON object instead of lines for people.")
    boolean json;

    @Mixin
    NodeApiOptions nodes;

    /** One member's answer; the blob fields are null when the node did not answer. */
    record NodeStatus(String nodeId, String url, boolean reachable, String error, String status, Long endEpoch,
            Boolean deletable, Long certifiedEpoch, int shards, int shardsWithSlivers) {
    }

    /** What {@code --json} prints: the summary, then every member's answer. */
    record Summary(String blobId, String status, boolean certified, Long endEpoch, Long certifiedEpoch,
            boolean deletable, String objectId, long epoch, int nShards, int faulty, int shardsAnswered,
            int shardsWithSlivers, int nodesWithSlivers, int shardsNeededToRead, List<NodeStatus> nodes) {
    }

    /** A member's answer with its report, kept for the summary. */
    private record Answer(CommitteeMember member, BlobStatusReport report, String error) {
        int weight() {
            return member.weight();
        }
    }

    @Override
    protected int run() {
        BlobId id;
        try {
            id = BlobId.parse(blobId);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage()
                    + "; pass the 43-character ID that 'floe store' printed");
        }
        List<String> urls = nodes.urls();
        try (NodeApiClients clients = nodes.clients()) {
            Committee committee = NodeApiOptions.committee(clients, urls);
            List<Answer> answers = NodeApiOptions.inParallel(clients, committee.members(),
                    member -> ask(clients, member, id));
            Summary summary = summarize(id, committee, answers);
            if (summary.status().equals("unknown")) {
                throw new CommandFailure(ExitCodes.UNAVAILABLE, "cannot tell whether " + id + " is stored: nodes"
                        + " holding only " + summary.shardsAnswered() + " of " + committee.shards() + " shards answered,"
                        + " and none knows it; retry when more nodes are up ('floe health' shows which are down)");
            }
            if (summary.status().equals("nonexistent")) {
                throw new CommandFailure(ExitCodes.NOT_FOUND, "blob " + id + " is not stored: nodes holding "
                        + summary.shardsAnswered() + " of " + committee.shards() + " shards do not know it; check"
                        + " the ID, or store the file with 'floe store'");
            }
            if (json) {
                CliJson.print(out(), summary);
            } else {
                print(summary);
            }
            return switch (summary.status()) {
                case "certified", "registered" -> ExitCodes.OK;
                default -> ExitCodes.NOT_FOUND;
            };
        }
    }

    private static Answer ask(NodeApiClients clients, CommitteeMember member, BlobId id) {
        try {
            return new Answer(member, clients.forUrl(member.apiUrl()).status(id), null);
        } catch (NodeUnreachableException e) {
            return new Answer(member, null, "does not answer");
        } catch (NodeApiException e) {
            return new Answer(member, null, e.httpStatus() + " " + e.reason() + ": " + e.getMessage());
        }
    }

    private static Summary summarize(BlobId id, Committee committee, List<Answer> answers) {
        List<Answer> answered = answers.stream().filter(answer -> answer.report() != null).toList();
        int shardsAnswered = weight(answered, answer -> true);
        String status = null;
        for (String candidate : DECISIVE) {
            if (committee.isValidity(weight(answered, answer -> answer.report().status().equals(candidate)))) {
                status = candidate;
                break;
            }
        }
        if (status == null) {
            if (weight(answered, answer -> !answer.report().status().equals("nonexistent")) > 0) {
                status = "registered";
            } else {
                // The aggregator's rule: unknown to members holding all but at most f shards.
                status = shardsAnswered >= committee.shards() - committee.faulty() ? "nonexistent" : "unknown";
            }
        }
        String decided = status;
        List<BlobStatusReport> known = answered.stream().map(Answer::report)
                .filter(report -> !report.status().equals("nonexistent")).toList();
        Long endEpoch = known.stream().filter(report -> report.endEpoch().isPresent())
                .map(report -> report.endEpoch().getAsLong()).max(Long::compare).orElse(null);
        Long certifiedEpoch = known.stream().filter(report -> report.certifiedEpoch().isPresent())
                .map(report -> report.certifiedEpoch().getAsLong()).min(Long::compare).orElse(null);
        boolean deletable = known.stream().anyMatch(BlobStatusReport::deletable);
        String objectId = known.stream().map(report -> report.objectId().orElse(null)).filter(Objects::nonNull)
                .findFirst().orElse(null);
        int shardsWithSlivers = 0;
        int nodesWithSlivers = 0;
        List<NodeStatus> nodes = new ArrayList<>();
        for (Answer answer : answers) {
            BlobStatusReport report = answer.report();
            int complete = report == null ? 0
                    : (int) report.shards().values().stream().filter(BlobStatusReport.ShardSlivers::complete).count();
            shardsWithSlivers += complete;
            nodesWithSlivers += complete > 0 ? 1 : 0;
            nodes.add(new NodeStatus(answer.member().nodeId(), answer.member().apiUrl(), report != null,
                    answer.error(), report == null ? null : report.status(),
                    report == null || report.endEpoch().isEmpty() ? null : report.endEpoch().getAsLong(),
                    report == null ? null : report.deletable(),
                    report == null || report.certifiedEpoch().isEmpty() ? null : report.certifiedEpoch().getAsLong(),
                    answer.weight(), complete));
        }
        return new Summary(id.toString(), decided, decided.equals("certified"), endEpoch, certifiedEpoch, deletable,
                objectId, committee.epoch(), committee.shards(), committee.faulty(), shardsAnswered,
                shardsWithSlivers, nodesWithSlivers, committee.shards() - 2 * committee.faulty(), nodes);
    }

    private static int weight(List<Answer> answers, Predicate<Answer> which) {
        return answers.stream().filter(which).mapToInt(Answer::weight).sum();
    }

    private void print(Summary summary) {
        out().println("blob ID:      " + summary.blobId());
        out().println("status:       " + summary.status()
                + (summary.certifiedEpoch() != null && summary.certified()
                        ? " (in epoch " + summary.certifiedEpoch() + ")" : ""));
        out().println("end epoch:    " + (summary.endEpoch() == null ? "-" : summary.endEpoch())
                + " (current epoch " + summary.epoch() + ")");
        out().println("persistence:  " + (summary.deletable() ? "deletable, object ID " + summary.objectId()
                : "permanent"));
        out().println("slivers:      " + summary.shardsWithSlivers() + " of " + summary.nShards() + " shards on "
                + summary.nodesWithSlivers() + " of " + summary.nodes().size() + " nodes hold both; a read needs "
                + summary.shardsNeededToRead());
        out().println("nodes:");
        for (NodeStatus node : summary.nodes()) {
            out().println("  " + node.nodeId() + "  " + node.url() + "  " + (node.reachable()
                    ? node.status() + ", " + node.shardsWithSlivers() + " of " + node.shards() + " shards with slivers"
                    : "unreachable: " + node.error()));
        }
    }
}
