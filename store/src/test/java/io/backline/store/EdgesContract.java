package io.backline.store;

import static io.backline.store.StoreFixtures.T0;
import static io.backline.store.StoreFixtures.serviceId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What edge nodes report serving: one row per edge and service, acknowledgement kept while the version stays. */
interface EdgesContract extends StoreContractSupport {

    @Test
    default void anEdgeReportListsEachServiceItServesWithWhenItFirstReportedThatVersion() {
        writeAll(tx -> {
            tx.recordEdge("edge-b", Map.of("svcA", 3), T0);
            tx.recordEdge("edge-a", Map.of("svcA", 3, "svcB", 1), T0);
        });
        writeAll(tx -> tx.recordEdge("edge-a", Map.of("svcA", 3, "svcB", 1), T0.plusSeconds(30))); // the same versions, later

        var reports = store().read((StoreTx tx) -> tx.edges(serviceId("A")));
        assertThat(reports).extracting(EdgeReport::edgeId).containsExactly("edge-a", "edge-b");
        assertThat(reports.getFirst().version()).isEqualTo(3);
        assertThat(reports.getFirst().acknowledgedAt()).isEqualTo(T0);
        assertThat(reports.getFirst().lastSeen()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    default void aNewVersionRestartsTheAcknowledgementAndADroppedServiceIsForgotten() {
        writeAll(tx -> tx.recordEdge("edge-a", Map.of("svcA", 3, "svcB", 1), T0));
        writeAll(tx -> tx.recordEdge("edge-a", Map.of("svcA", 4), T0.plusSeconds(60)));

        var a = store().read((StoreTx tx) -> tx.edges(serviceId("A")));
        assertThat(a).singleElement().satisfies(report -> {
            assertThat(report.version()).isEqualTo(4);
            assertThat(report.acknowledgedAt()).isEqualTo(T0.plusSeconds(60));
        });
        assertThat(store().read((StoreTx tx) -> tx.edges(serviceId("B")))).isEmpty();
    }

    @Test
    default void twoNodesRecordingOneEdgesReportsAtOnceBothSucceedAndOneRowRemains() {
        var other = anotherStore();
        var reports = new java.util.ArrayList<java.util.concurrent.Callable<Boolean>>();
        for (int i = 0; i < 8; i++) {
            var by = i % 2 == 0 ? store() : other;
            reports.add(() -> by.write(tx -> {
                tx.recordEdge("edge-a", Map.of("svcA", 3, "svcB", 1), T0);
                return true;
            }));
        }

        assertThat(TwoNodeRaces.atOnce(reports)).containsOnly(true);
        assertThat(store().read((StoreTx tx) -> tx.edges(serviceId("A")))).singleElement().satisfies(report -> {
            assertThat(report.version()).isEqualTo(3);
            assertThat(report.acknowledgedAt()).isEqualTo(T0);
        });
    }

    @Test
    default void stagedVersionsAreReportedBesideTheActiveOnesAndForgottenOnTheirOwn() {
        writeAll(tx -> {
            tx.recordEdge("edge-a", Map.of("svcA", 3), T0);
            tx.recordStagedEdge("edge-a", Map.of("svcA", 4, "svcB", 2), T0);
        });
        writeAll(tx -> {
            tx.recordEdge("edge-a", Map.of("svcA", 3), T0.plusSeconds(30));
            tx.recordStagedEdge("edge-a", Map.of("svcA", 4), T0.plusSeconds(30));
        });

        assertThat(store().read((StoreTx tx) -> tx.edges(serviceId("A")))).singleElement()
                .satisfies(report -> assertThat(report.version()).isEqualTo(3));
        assertThat(store().read((StoreTx tx) -> tx.stagedEdges(serviceId("A")))).singleElement().satisfies(report -> {
            assertThat(report.version()).isEqualTo(4);
            assertThat(report.acknowledgedAt()).isEqualTo(T0);
            assertThat(report.lastSeen()).isEqualTo(T0.plusSeconds(30));
        });
        assertThat(store().read((StoreTx tx) -> tx.stagedEdges(serviceId("B")))).as("unstaged since").isEmpty();
    }

    @Test
    default void anEdgesPopAndAddressAreReplacedByEachReportAndOnlyEdgesHeardFromSinceAreListed() {
        writeAll(tx -> {
            tx.recordEdgePop("edge-b", "s", "127.0.0.1:9002", T0);
            tx.recordEdgePop("edge-a", "a", null, T0);
            tx.recordEdgePop("edge-c", "a", "127.0.0.1:9003", T0);
        });
        writeAll(tx -> {
            tx.recordEdgePop("edge-a", "a", "127.0.0.1:9001", T0.plusSeconds(30));
            tx.recordEdgePop("edge-b", "s", "127.0.0.1:9002", T0.plusSeconds(30));
        });

        assertThat(store().read((StoreTx tx) -> tx.edgePops(T0.plusSeconds(30)))).containsExactly(
                new EdgePop("edge-a", "a", "127.0.0.1:9001", T0.plusSeconds(30)),
                new EdgePop("edge-b", "s", "127.0.0.1:9002", T0.plusSeconds(30)));
        assertThat(store().read((StoreTx tx) -> tx.edgePops(T0))).extracting(EdgePop::edgeId)
                .containsExactly("edge-a", "edge-b", "edge-c");
        writeAll(tx -> tx.recordEdgePop("edge-c", "a", null, T0.plusSeconds(40)));
        assertThat(store().read((StoreTx tx) -> tx.edgePops(T0.plusSeconds(40)))).singleElement()
                .satisfies(pop -> assertThat(pop.address()).as("an edge that lost its address says so").isNull());
    }
}
