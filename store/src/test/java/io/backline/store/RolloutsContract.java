package io.backline.store;

import static io.backline.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.ServiceId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Staged rollouts (issue 19): kept whole, moved by compare-and-set, and counted from edges' cumulative reports. */
interface RolloutsContract extends StoreContractSupport {

    private static Rollout rollout(String id, String service) {
        return new Rollout(id, new ServiceId(service), 2, 1, List.of(5, 25, 50, 100), 60, 100, 0.01, 0.005, 0, T0,
                RolloutState.RUNNING, null, T0, T0);
    }

    @Test
    default void aRolloutComesBackWithEveryFieldAndRunningOnesAreListed() {
        var first = rollout("r1", "svcA");
        var second = rollout("r2", "svcB");
        writeAll(tx -> {
            tx.insertRollout(first);
            tx.insertRollout(second);
        });

        assertThat(store().read((StoreTx tx) -> tx.rollout("r1"))).contains(first);
        assertThat(store().read((StoreTx tx) -> tx.runningRollouts())).containsExactly(first, second);
        assertThat(store().read((StoreTx tx) -> tx.rollouts(new ServiceId("svcA")))).containsExactly(first);
    }

    @Test
    default void aTransitionAppliesOnlyToTheStepAndStateItExpects() {
        var started = rollout("r1", "svcA");
        writeAll(tx -> tx.insertRollout(started));
        var advanced = started.advanced(T0.plusSeconds(60));

        assertThat((boolean) store().write((StoreTx tx) -> tx.updateRollout(started, advanced))).isTrue();
        // A second node that decided from the old step finds it moved.
        assertThat((boolean) store().write((StoreTx tx) -> tx.updateRollout(started, started.ended(RolloutState.ROLLED_BACK, "late", T0.plusSeconds(61)))))
                .isFalse();
        assertThat(store().read((StoreTx tx) -> tx.rollout("r1"))).contains(advanced);
        var ended = advanced.ended(RolloutState.ROLLED_BACK, "step 2: too many errors", T0.plusSeconds(62));
        assertThat((boolean) store().write((StoreTx tx) -> tx.updateRollout(advanced, ended))).isTrue();
        assertThat(store().read((StoreTx tx) -> tx.runningRollouts())).isEmpty();
        assertThat(store().read((StoreTx tx) -> tx.rollouts(new ServiceId("svcA")))).containsExactly(ended);
    }

    @Test
    default void twoNodesMovingOneRolloutAtOnceOnlyOneWins() {
        var started = rollout("r1", "svcA");
        writeAll(tx -> tx.insertRollout(started));
        var other = anotherStore();
        var moves = new ArrayList<Callable<Boolean>>();
        for (int i = 0; i < 6; i++) {
            var by = i % 2 == 0 ? store() : other;
            moves.add(() -> by.write(tx -> tx.updateRollout(started, started.advanced(T0.plusSeconds(60)))));
        }

        assertThat(TwoNodeRaces.atOnce(moves)).containsOnlyOnce(true);
    }

    @Test
    default void cumulativeReportsCountTheirIncreaseOnceAndAnEdgeRestartWhole() {
        writeAll(tx -> tx.insertRollout(rollout("r1", "svcA")));
        writeAll(tx -> tx.countRollout("r1", 0, "edge-a", 2, 10, 1));
        writeAll(tx -> tx.countRollout("r1", 0, "edge-a", 2, 10, 1)); // the same report again
        writeAll(tx -> tx.countRollout("r1", 0, "edge-a", 2, 25, 3));
        writeAll(tx -> tx.countRollout("r1", 0, "edge-b", 2, 7, 0));
        writeAll(tx -> tx.countRollout("r1", 1, "edge-a", 2, 30, 3)); // the step moved on: the increase counts there
        writeAll(tx -> tx.countRollout("r1", 1, "edge-a", 2, 4, 1)); // restarted: back near zero, counted whole

        assertThat(store().read((StoreTx tx) -> tx.rolloutTallies("r1"))).containsExactly(
                new RolloutTally(0, "edge-a", 2, 25, 3),
                new RolloutTally(0, "edge-b", 2, 7, 0),
                new RolloutTally(1, "edge-a", 2, 9, 1));
    }
}
