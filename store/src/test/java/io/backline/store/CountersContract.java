package io.backline.store;

import static io.backline.store.StoreFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Named counters and the revision that activations bump for the change feed. */
interface CountersContract extends StoreContractSupport {

    @Test
    default void countersStartAtOneAndIncreaseByOne() {
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("unnamed_service"))).isEqualTo(1);
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("unnamed_service"))).isEqualTo(2);
        assertThat(store().write((StoreTx tx) -> List.of(tx.nextCounter("unnamed_service"), tx.nextCounter("unnamed_service"))))
                .containsExactly(3L, 4L);
    }

    @Test
    default void countersAreIndependentByName() {
        store().write(tx -> tx.nextCounter("a"));
        store().write(tx -> tx.nextCounter("a"));

        assertThat(store().write((StoreTx tx) -> tx.nextCounter("b"))).isEqualTo(1);
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("a"))).isEqualTo(3);
    }

    @Test
    default void insertingServicesLeavesNamedCountersAlone() {
        writeAll(tx -> {
            tx.insertService(service("A", "a"));
            tx.insertService(service("B", "b"));
        });

        assertThat(store().write((StoreTx tx) -> tx.nextCounter("unnamed_service"))).isEqualTo(1);
    }

    @Test
    default void aCounterAdvancedInARolledBackWriteIsNotConsumed() {
        store().write(tx -> tx.nextCounter("a"));
        assertThatThrownBy(() -> store().write(tx -> {
            tx.nextCounter("a");
            tx.nextCounter("fresh");
            throw new Boom();
        })).isInstanceOf(Boom.class);

        assertThat(store().write((StoreTx tx) -> tx.nextCounter("a"))).isEqualTo(2);
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("fresh"))).isEqualTo(1);
    }

    @Test
    default void revisionStartsAtZero() {
        assertThat(store().read(StoreTx::revision)).isZero();
    }

    @Test
    default void everyBumpIncreasesTheRevisionByOne() {
        writeAll(StoreTx::bumpRevision);
        assertThat(store().read(StoreTx::revision)).isEqualTo(1);

        writeAll(tx -> {
            tx.bumpRevision();
            tx.bumpRevision();
        });
        assertThat(store().read(StoreTx::revision)).isEqualTo(3);
    }

    @Test
    default void aRevisionBumpInARolledBackWriteIsUndone() {
        writeAll(StoreTx::bumpRevision);
        assertThatThrownBy(() -> writeAll(tx -> {
            tx.bumpRevision();
            throw new Boom();
        })).isInstanceOf(Boom.class);

        assertThat(store().read(StoreTx::revision)).isEqualTo(1);
    }

    @Test
    default void aWindowCountsItsUsesPerKeyAndStart() {
        assertThat(store().write((StoreTx tx) -> tx.chargeWindow("tok1", 3600))).isEqualTo(1);
        assertThat(store().write((StoreTx tx) -> tx.chargeWindow("tok1", 3600))).isEqualTo(2);
        assertThat(store().write((StoreTx tx) -> tx.chargeWindow("tok2", 3600))).as("another key").isEqualTo(1);
        assertThat(store().write((StoreTx tx) -> tx.chargeWindow("tok1", 7200))).as("the next window").isEqualTo(1);
    }

    @Test
    default void pruningForgetsTheWindowsThatStartedBeforeAndKeepsTheRest() {
        writeAll(tx -> {
            tx.chargeWindow("tok1", 3600);
            tx.chargeWindow("tok2", 3600);
            tx.chargeWindow("tok1", 7200);
        });

        assertThat(store().write((StoreTx tx) -> tx.pruneWindows(7200))).isEqualTo(2);
        assertThat(store().write((StoreTx tx) -> tx.pruneWindows(7200))).as("nothing left to prune").isZero();
        assertThat(store().write((StoreTx tx) -> tx.chargeWindow("tok1", 7200))).as("the current window stays").isEqualTo(2);
        assertThat(store().write((StoreTx tx) -> tx.chargeWindow("tok1", 3600))).as("a pruned one starts over").isEqualTo(1);
    }
}
