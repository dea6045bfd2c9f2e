package io.backline.store;

import static io.backline.store.StoreContractSupport.inBackground;
import static io.backline.store.StoreContractSupport.result;
import static io.backline.store.StoreFixtures.backend;
import static io.backline.store.StoreFixtures.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.BackendSchema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Writers on several virtual threads at once: every write commits, none is lost or torn. Some
 * writers work through a second store on the same database, as a second API node does.
 */
interface ConcurrencyContract extends StoreContractSupport {
    int THREADS = 8;

    /** Runs {@code work(thread)} on {@link #THREADS} virtual threads released at the same moment. */
    private <T> List<T> onEveryThread(IntFunction<T> work) {
        return TwoNodeRaces.atOnce(IntStream.range(0, THREADS).<Callable<T>>mapToObj(thread -> () -> work.apply(thread)).toList());
    }

    @Test
    default void concurrentWritersEachGetTheirWritesCommittedAndNoneIsLost() {
        givenShopWithVersionOne();
        int perThread = 200;
        onEveryThread(thread -> {
            for (int i = 0; i < perThread; i++) {
                var object = backend(SHOP, 1, "t%d-%03d".formatted(thread, i));
                writeAll(tx -> tx.insertObject(object));
            }
            return true;
        });

        var stored = store().read(tx -> names(tx.objects(SHOP, 1, BackendSchema.SCHEMA)));
        assertThat(stored).hasSize(THREADS * perThread).doesNotHaveDuplicates();
        for (int thread = 0; thread < THREADS; thread++) {
            var prefix = "t" + thread + "-";
            assertThat(stored.stream().filter(name -> name.startsWith(prefix)).toList())
                    .as("thread %d's objects, in the order it wrote them", thread)
                    .isEqualTo(IntStream.range(0, perThread).mapToObj(i -> "%s%03d".formatted(prefix, i)).toList());
        }
        assertThat(distinctPositions()).as("distinct positions in the version").isEqualTo(THREADS * perThread);
    }

    /** How many positions SHOP's version 1 backends hold, each counted once: one per object when none is torn. */
    private long distinctPositions() {
        try (var connection = connectDirectly();
                var query = connection.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT position) FROM objects"
                        + " WHERE service_id = ? AND version = ? AND kind = ?")) {
            query.setString(1, SHOP.value());
            query.setInt(2, 1);
            query.setString(3, BackendSchema.SCHEMA.kind());
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(2)).as("distinct positions beside %d rows", rows.getLong(1)).isEqualTo(rows.getLong(1));
                return rows.getLong(2);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot count positions", e);
        }
    }

    @Test
    default void concurrentCounterAndRevisionBumpsAreNeverLost() {
        int perThread = 50;
        var values = new ConcurrentLinkedQueue<Long>();
        onEveryThread(thread -> {
            for (int i = 0; i < perThread; i++) {
                values.add(store().write(tx -> {
                    tx.bumpRevision();
                    return tx.nextCounter("unnamed_service");
                }));
            }
            return true;
        });

        assertThat(values).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, THREADS * perThread).mapToObj(i -> (long) i).toList());
        assertThat(store().read(StoreTx::revision)).isEqualTo((long) THREADS * perThread);
    }

    @Test
    default void readersBesideWritersOnlyEverSeeWholeWritesInOrder() {
        givenShopWithVersionOne();
        var writing = new AtomicBoolean(true);
        var readers = IntStream.range(0, 3)
                .mapToObj(reader -> inBackground(() -> {
                    var counts = new ArrayList<Integer>();
                    while (writing.get()) {
                        counts.add(store().read(tx -> tx.objects(SHOP, 1, BackendSchema.SCHEMA).size()));
                        Thread.sleep(1); // leave the carrier threads to the writers now and then
                    }
                    return counts;
                }))
                .toList();
        try {
            onEveryThread(thread -> {
                for (int i = 0; i < 15; i++) {
                    var name = "t%d-%d".formatted(thread, i);
                    writeAll(tx -> {
                        tx.insertObject(backend(SHOP, 1, name + "a"));
                        tx.insertObject(backend(SHOP, 1, name + "b"));
                    });
                }
                return true;
            });
        } finally {
            writing.set(false);
        }

        for (var reader : readers) {
            var counts = result(reader);
            assertThat(counts).as("object counts one reader saw").allSatisfy(n -> assertThat(n % 2).isZero()).isSorted();
        }
        assertThat(store().read((StoreTx tx) -> tx.objects(SHOP, 1, BackendSchema.SCHEMA).size())).isEqualTo(THREADS * 15 * 2);
    }

    @Test
    default void twoNodesActivatingDifferentVersionsAtOnceLeaveOneActiveVersionAndAnUnbrokenHistory() {
        TwoNodeRaces.activations(store(), anotherStore());
    }

    @Test
    default void twoNodesCloningOneVersionAtOnceGetDistinctNumbersAndWholeCopies() {
        TwoNodeRaces.clones(store(), anotherStore());
    }

    @Test
    default void everyWriteAcknowledgedByEitherOfTwoNodesIsThereAfterARestart() {
        givenShopWithVersionOne();
        var nodes = List.of(store(), anotherStore());
        int perThread = 25;
        var acknowledged = new ConcurrentLinkedQueue<String>();
        var counted = new ConcurrentLinkedQueue<Long>();
        onEveryThread(thread -> {
            // Half the threads on each node.
            var node = nodes.get(thread % nodes.size());
            for (int i = 0; i < perThread; i++) {
                var name = "n%d-t%d-%02d".formatted(thread % nodes.size(), thread, i);
                counted.add(node.write(tx -> {
                    tx.insertObject(backend(SHOP, 1, name));
                    tx.bumpRevision();
                    return tx.nextCounter("acknowledged");
                }));
                acknowledged.add(name);
            }
            return true;
        });

        restartStore();

        int writes = THREADS * perThread;
        assertThat(acknowledged).hasSize(writes);
        var stored = store().read((StoreTx tx) -> names(tx.objects(SHOP, 1, BackendSchema.SCHEMA)));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
        for (int thread = 0; thread < THREADS; thread++) {
            var infix = "-t" + thread + "-";
            assertThat(stored.stream().filter(name -> name.contains(infix)).toList())
                    .as("thread %d's objects, in the order it wrote them", thread)
                    .isSorted();
        }
        assertThat(distinctPositions()).as("distinct positions in the version").isEqualTo(writes);
        assertThat(counted).as("the counter values the writes answered")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, writes).boxed().toList());
        assertThat(store().read(StoreTx::revision)).isEqualTo((long) writes);
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("acknowledged"))).isEqualTo(writes + 1L);
    }
}
