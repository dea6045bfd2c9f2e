package io.backline.store;

import static io.backline.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The purge log edge nodes follow: sequenced in commit order, read after a sequence, pruned by age. */
interface PurgesContract extends StoreContractSupport {

    @Test
    default void loggedPurgesComeBackInSequenceWithEveryField() {
        var logged = store().write(tx -> List.of(
                tx.logPurge(PurgeRecord.all("svcA", T0)),
                tx.logPurge(PurgeRecord.keys("svcA", List.of("k1", "k2"), true, T0)),
                tx.logPurge(PurgeRecord.url("svcB", "www.example.com", "/a?b=1", false, T0.plusSeconds(1)))));

        assertThat(logged).extracting(PurgeRecord::seq).containsExactly(1L, 2L, 3L);
        assertThat(store().read((StoreTx tx) -> tx.purgesAfter(0, 10))).containsExactlyElementsOf(logged);
        assertThat(store().read((StoreTx tx) -> tx.purgesAfter(1, 1))).containsExactly(logged.get(1));
        assertThat(store().read((StoreTx tx) -> tx.lastPurge())).isEqualTo(3);
    }

    @Test
    default void pruningDropsOldRowsButTheLastSequenceStays() {
        writeAll(tx -> {
            tx.logPurge(PurgeRecord.all("svcA", T0));
            tx.logPurge(PurgeRecord.all("svcA", T0.plusSeconds(100)));
        });

        int pruned = store().write(tx -> tx.prunePurges(T0.plusSeconds(50)));

        assertThat(pruned).isEqualTo(1);
        assertThat(store().read((StoreTx tx) -> tx.purgesAfter(0, 10))).extracting(PurgeRecord::seq).containsExactly(2L);
        assertThat(store().read((StoreTx tx) -> tx.lastPurge())).isEqualTo(2);
    }

    @Test
    default void twoNodesLoggingPurgesAtOnceGetDistinctSequencesWithNoGap() {
        var other = anotherStore();
        var purges = new ArrayList<Callable<Long>>();
        for (int i = 0; i < 8; i++) {
            var by = i % 2 == 0 ? store() : other;
            purges.add(() -> by.write(tx -> tx.logPurge(PurgeRecord.all("svcA", T0)).seq()));
        }

        assertThat(TwoNodeRaces.atOnce(purges)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(store().read((StoreTx tx) -> tx.purgesAfter(0, 100))).hasSize(8);
    }

    @Test
    default void anEdgesAppliedPurgeIsKeptAndReplaced() {
        assertThat(store().read((StoreTx tx) -> tx.edgePurged("edge-a"))).isEmpty();
        writeAll(tx -> tx.recordEdgePurged("edge-a", 4, T0));
        writeAll(tx -> tx.recordEdgePurged("edge-a", 9, T0.plusSeconds(5)));

        assertThat(store().read((StoreTx tx) -> tx.edgePurged("edge-a"))).contains(9L);
    }
}
