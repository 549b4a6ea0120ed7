package io.floe.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.client.NodeApiJson;
import io.floe.node.CommitteeView;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code GET /v1/cluster} (docs/node-api.md): asks every member of the current committee for its
 * {@code /v1/status} in parallel, with a short timeout, and combines the answers into one view — health, whether
 * the reachable members can still certify writes ({@code > 2f} shards, {@link Committee#isQuorum}) and serve reads
 * ({@code n - 2f} shards, the primary slivers a read needs, which is also more than {@code f}), unreachable nodes,
 * and shards that are not {@code Active}.
 */
public final class ClusterReporter {
    /** How long one member may take to answer before it counts as unreachable. */
    public static final Duration MEMBER_TIMEOUT = Duration.ofSeconds(3);

    private final CommitteeView view;
    private final NodeStatusReporter self;
    private final Function<String, JsonNode> fetchStatus;
    private final Executor executor;

    /**
     * @param fetchStatus asks the node API at a URL for its {@code /v1/status} data; throws when it does not answer
     */
    public ClusterReporter(CommitteeView view, NodeStatusReporter self, Function<String, JsonNode> fetchStatus,
            Executor executor) {
        this.view = view;
        this.self = self;
        this.fetchStatus = fetchStatus;
        this.executor = executor;
    }

    /** The {@code data} of {@code GET /v1/cluster}; 503 {@code NOT_READY} while this node knows no committee. */
    public ObjectNode cluster() {
        Committee committee = view.committee().orElseThrow(() -> NodeApiException.unavailable(ErrorReason.NOT_READY,
                "node " + view.nodeId() + " does not know the committee yet; retry shortly"));
        Map<CommitteeMember, CompletableFuture<JsonNode>> answers = new LinkedHashMap<>();
        for (CommitteeMember member : committee.members()) {
            answers.put(member, member.nodeId().equals(view.nodeId())
                    ? CompletableFuture.completedFuture(self.status())
                    : CompletableFuture.supplyAsync(() -> fetchStatus.apply(member.apiUrl()), executor));
        }
        long deadline = System.nanoTime() + MEMBER_TIMEOUT.toNanos();
        ObjectNode cluster = NodeApiJson.object();
        cluster.put("observedBy", view.nodeId());
        cluster.put("observedAt", Instant.now().toString());
        cluster.put("epoch", committee.epoch());
        cluster.put("nShards", committee.shards());
        cluster.put("faulty", committee.faulty());
        int readThreshold = EncodingConfig.forShards(committee.shards()).primarySourceSymbols();
        cluster.put("writeQuorum", 2 * committee.faulty() + 1);
        cluster.put("readThreshold", readThreshold);
        ArrayNode members = cluster.putArray("members");
        List<String> unreachable = new ArrayList<>();
        ArrayNode notActive = NodeApiJson.MAPPER.createArrayNode();
        int reachableShards = 0;
        boolean epochsAgree = true;
        for (Map.Entry<CommitteeMember, CompletableFuture<JsonNode>> answer : answers.entrySet()) {
            CommitteeMember member = answer.getKey();
            ObjectNode entry = members.addObject();
            entry.put("nodeId", member.nodeId());
            entry.put("apiUrl", member.apiUrl());
            ArrayNode shards = entry.putArray("shards");
            member.shards().forEach(shards::add);
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                JsonNode status = answer.getValue().get(left, TimeUnit.NANOSECONDS);
                entry.put("reachable", true);
                entry.putNull("error");
                entry.set("status", status);
                reachableShards += member.weight();
                if (status.path("epoch").path("epoch").asLong() != committee.epoch()) {
                    epochsAgree = false;
                }
                for (JsonNode shard : status.path("shards")) {
                    if (!"Active".equals(shard.path("status").asText())) {
                        ObjectNode item = notActive.addObject();
                        item.put("shard", shard.path("shard").asInt());
                        item.put("nodeId", member.nodeId());
                        item.put("status", shard.path("status").asText());
                        item.set("syncProgress", shard.path("syncProgress"));
                    }
                }
            } catch (TimeoutException e) {
                answer.getValue().cancel(true);
                markUnreachable(entry, unreachable, member, "no answer within " + MEMBER_TIMEOUT.toSeconds() + " s");
            } catch (ExecutionException e) {
                markUnreachable(entry, unreachable, member, e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                markUnreachable(entry, unreachable, member, "interrupted");
            }
        }
        boolean canCertify = committee.isQuorum(reachableShards);
        boolean canRead = reachableShards >= readThreshold && committee.isValidity(reachableShards);
        cluster.put("reachableShards", reachableShards);
        cluster.put("canCertifyWrites", canCertify);
        cluster.put("canServeReads", canRead);
        cluster.put("epochsAgree", epochsAgree);
        cluster.put("health", !canCertify || !canRead ? "unavailable"
                : unreachable.isEmpty() && notActive.isEmpty() && epochsAgree ? "healthy" : "degraded");
        ArrayNode unreachableNodes = cluster.putArray("unreachableNodes");
        unreachable.forEach(unreachableNodes::add);
        cluster.set("shardsNotActive", notActive);
        return cluster;
    }

    private static void markUnreachable(ObjectNode entry, List<String> unreachable, CommitteeMember member,
            String error) {
        entry.put("reachable", false);
        entry.put("error", error);
        entry.putNull("status");
        unreachable.add(member.nodeId());
    }
}
