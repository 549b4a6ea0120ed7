package io.floe.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.floe.tls.ClusterTlsStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery over TLS: nodes with key stores of the cluster's CA form a cluster and a committee; a node whose key store
 * another CA signed never becomes a member, even though it trusts the cluster's CA (mutual authentication).
 */
class TlsClusterTest {
    private static final Duration FORMATION = Duration.ofSeconds(90);
    private static final Duration KEPT_OUT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private LocalCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodesOfTheClusterCaFormAClusterAndANodeOfAnotherCaCannotJoin() throws Exception {
        ClusterTlsStores stores = new ClusterTlsStores(dir.resolve("tls"));
        stores.create(List.of("node-1", "node-2"), Duration.ofDays(1));
        ClusterTlsStores otherCa = new ClusterTlsStores(dir.resolve("other-tls"));
        otherCa.create(List.of("node-3"), Duration.ofDays(1));
        cluster = new LocalCluster(dir, 2, 4)
                .configure(1, tls(stores.keyStore("node-1"), stores.password(), stores))
                .configure(2, tls(stores.keyStore("node-2"), stores.password(), stores))
                .configure(3, tls(otherCa.keyStore("node-3"), otherCa.password(), stores));

        cluster.startAll();
        assertEquals("tls-tcp", cluster.system(1).settings().config().getString("pekko.remote.artery.transport"));
        await().atMost(FORMATION).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertEquals(Set.of(LocalCluster.host(1), LocalCluster.host(2)), upHosts(1));
            assertEquals(upHosts(1), upHosts(2));
        });
        await().atMost(FORMATION).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            var committee = cluster.runtime(1).committeeView().orElseThrow().committee();
            assertTrue(committee.isPresent(), "node-1 knows no committee yet");
            assertEquals(committee, cluster.runtime(2).committeeView().orElseThrow().committee());
        });

        cluster.start(3);
        await().during(KEPT_OUT).atMost(KEPT_OUT.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertEquals(Set.of(LocalCluster.host(1), LocalCluster.host(2)), memberHosts(1));
                    assertNotEquals(MemberStatus.up(), Cluster.get(cluster.system(3)).selfMember().status());
                });
    }

    /** Node {@code node}'s TLS settings: its key store and password, and the trust store of the cluster's CA. */
    private static Config tls(Path keyStore, String keyStorePassword, ClusterTlsStores cluster) throws IOException {
        return ConfigFactory.parseMap(Map.of(
                "floe.tls.enabled", "on",
                "floe.tls.key-store", keyStore.toString(),
                "floe.tls.key-store-password", keyStorePassword,
                "floe.tls.trust-store", cluster.trustStore().toString(),
                "floe.tls.trust-store-password", cluster.password()));
    }

    private Set<String> upHosts(int node) {
        return hosts(node, true);
    }

    private Set<String> memberHosts(int node) {
        return hosts(node, false);
    }

    private Set<String> hosts(int node, boolean upOnly) {
        Iterable<Member> members = Cluster.get(cluster.system(node)).state().getMembers();
        return StreamSupport.stream(members.spliterator(), false)
                .filter(member -> !upOnly || member.status() == MemberStatus.up())
                .map(member -> member.address().getHost().orElse("?"))
                .collect(Collectors.toSet());
    }
}
