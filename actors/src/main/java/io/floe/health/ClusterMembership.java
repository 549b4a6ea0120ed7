package io.floe.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.client.NodeApiJson;
import io.floe.metrics.FloeMetrics;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A node's view of its Pekko cluster (members by status, unreachable members) for {@code /v1/status} and the
 * {@code floe_cluster_members} gauge; {@link #NONE} for a node outside a cluster (test harnesses).
 */
public interface ClusterMembership {
    /** No cluster: no report, no gauges. */
    ClusterMembership NONE = new ClusterMembership() {
        @Override
        public Optional<ObjectNode> report() {
            return Optional.empty();
        }

        @Override
        public void registerGauges(FloeMetrics metrics) {
        }
    };

    /** {@code {selfAddress, selfStatus, members: {status: count}, unreachable: [address]}}, if in a cluster. */
    Optional<ObjectNode> report();

    /** Registers {@code floe_cluster_members{status}} and {@code floe_cluster_unreachable_members}. */
    void registerGauges(FloeMetrics metrics);

    /** The membership of the cluster {@code system} belongs to. */
    static ClusterMembership of(ActorSystem<?> system) {
        return new ClusterMembership() {
            @Override
            public Optional<ObjectNode> report() {
                Cluster cluster = Cluster.get(system);
                ClusterEvent.CurrentClusterState state = cluster.state();
                ObjectNode report = NodeApiJson.object();
                report.put("selfAddress", cluster.selfMember().address().toString());
                report.put("selfStatus", cluster.selfMember().status().toString());
                ObjectNode members = report.putObject("members");
                countByStatus(state).forEach(members::put);
                ArrayNode unreachable = report.putArray("unreachable");
                state.getUnreachable().forEach(member -> unreachable.add(member.address().toString()));
                return Optional.of(report);
            }

            @Override
            public void registerGauges(FloeMetrics metrics) {
                MultiGauge members = MultiGauge.builder("floe.cluster.members")
                        .description("Members of the Pekko cluster as this node sees them, by status")
                        .register(metrics.registry());
                metrics.gauge("floe.cluster.unreachable.members", "Cluster members this node sees unreachable",
                        null, system, s -> Cluster.get(s).state().getUnreachable().size());
                metrics.beforeScrape(() -> {
                    List<MultiGauge.Row<?>> rows = new ArrayList<>();
                    countByStatus(Cluster.get(system).state()).forEach((status, count) ->
                            rows.add(MultiGauge.Row.of(Tags.of("status", status), count)));
                    members.register(rows, true);
                });
            }
        };
    }

    private static Map<String, Integer> countByStatus(ClusterEvent.CurrentClusterState state) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Member member : state.getMembers()) {
            counts.merge(member.status().toString(), 1, Integer::sum);
        }
        return counts;
    }
}
