package io.backline.store;

import static io.backline.store.StoreContractSupport.await;
import static io.backline.store.StoreContractSupport.inBackground;
import static io.backline.store.StoreContractSupport.result;
import static io.backline.store.StoreFixtures.T0;
import static io.backline.store.StoreFixtures.at;
import static io.backline.store.StoreFixtures.backend;
import static io.backline.store.StoreFixtures.draft;
import static io.backline.store.StoreFixtures.names;
import static io.backline.store.StoreFixtures.service;
import static io.backline.store.StoreFixtures.serviceId;
import static io.backline.store.StoreFixtures.widget;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.BackendSchema;
import io.backline.model.ServiceId;
import io.backline.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Races of two API nodes, each with its own store on one database, doing at the same moment what
 * the API does in one transaction, many rounds over. Each round checks the outcome against the
 * only ones a serial order of the two calls allows. The work pauses for up to half a millisecond
 * between what it reads and what it writes, so that a store that let the two interleave would
 * show it within a few rounds; a store may run the work twice (see {@link ConfigStore#write}).
 */
final class TwoNodeRaces {
    static final int ROUNDS = 50;

    private TwoNodeRaces() {}

    /** Runs the calls on virtual threads released at the same moment; answers their results in order. */
    static <T> List<T> atOnce(List<Callable<T>> calls) {
        var start = new CountDownLatch(1);
        var futures = calls.stream()
                .map(call -> inBackground(() -> {
                    await(start);
                    return call.call();
                }))
                .toList();
        start.countDown();
        var results = new ArrayList<T>();
        for (var future : futures) {
            results.add(result(future));
        }
        return results;
    }

    private static void pause() {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(500_000));
    }

    /**
     * What the API's activate does to the store: deactivate the active version, activate the
     * target, bump the revision. Answers the number of the version it deactivated, 0 for none.
     */
    static int activate(StoreTx tx, ServiceId id, int number) {
        var target = tx.version(id, number).orElseThrow();
        var previous = tx.activeVersion(id);
        pause();
        previous.ifPresent(p -> tx.updateVersion(p.deactivated(at(number))));
        tx.updateVersion(target.activated(at(number)));
        tx.bumpRevision();
        return previous.map(Version::number).orElse(0);
    }

    /** What the API's clone does to the store; answers the new version's number. */
    static int cloneVersion(StoreTx tx, ServiceId id, int from) {
        // Only the check matters: the API refuses to clone a version that does not exist.
        var _ = tx.version(id, from).orElseThrow();
        int next = tx.maxVersion(id) + 1;
        pause();
        tx.insertVersion(draft(id, next));
        tx.copyObjects(id, from, next);
        return next;
    }

    /**
     * Node a activates version 2 while node b activates version 3 of a service whose version 1 is
     * active: whichever commits second must have deactivated the other's version, so exactly one
     * version ends active and the history is 1, then one of them, then the other.
     */
    static void activations(ConfigStore a, ConfigStore b) {
        long revisionBefore = a.read(StoreTx::revision);
        for (int round = 0; round < ROUNDS; round++) {
            var suffix = "Act" + round;
            var id = serviceId(suffix);
            a.write(tx -> {
                tx.insertService(service(suffix, "race"));
                tx.insertVersion(draft(id, 1).activated(T0));
                tx.insertVersion(draft(id, 2));
                tx.insertVersion(draft(id, 3));
                return null;
            });

            var deactivated = atOnce(List.<Callable<Integer>>of(
                    () -> a.write(tx -> activate(tx, id, 2)),
                    () -> b.write(tx -> activate(tx, id, 3))));

            for (var node : List.of(a, b)) {
                var versions = node.read(tx -> tx.versions(id));
                var active = versions.stream().filter(Version::active).map(Version::number).toList();
                assertThat(active).as("round %d: the active versions", round).hasSize(1);
                int last = active.getFirst();
                int first = last == 2 ? 3 : 2;
                assertThat(deactivated)
                        .as("round %d: what the activations of 2 and 3 deactivated, %d having committed last", round, last)
                        .containsExactly(last == 2 ? first : 1, last == 3 ? first : 1);
                assertThat(node.read(tx -> tx.activeVersion(id)).map(Version::number)).contains(last);
            }
        }
        assertThat(b.read(StoreTx::revision)).as("revision bumps, one per activation").isEqualTo(revisionBefore + 2L * ROUNDS);
    }

    /** Both nodes clone version 1 of one service at once: two new numbers, each a whole copy. */
    static void clones(ConfigStore a, ConfigStore b) {
        for (int round = 0; round < ROUNDS; round++) {
            var suffix = "Clone" + round;
            var id = serviceId(suffix);
            a.write(tx -> {
                tx.insertService(service(suffix, "race"));
                tx.insertVersion(draft(id, 1));
                tx.insertObject(backend(id, 1, "b"));
                tx.insertObject(widget(id, 1, "w"));
                tx.insertObject(backend(id, 1, "a"));
                return null;
            });

            var numbers = atOnce(List.<Callable<Integer>>of(
                    () -> a.write(tx -> cloneVersion(tx, id, 1)),
                    () -> b.write(tx -> cloneVersion(tx, id, 1))));

            assertThat(numbers).as("round %d: the clones' numbers", round).containsExactlyInAnyOrder(2, 3);
            for (var node : List.of(a, b)) {
                assertThat(node.read(tx -> tx.versions(id)).stream().map(Version::number)).containsExactly(1, 2, 3);
                for (int number : numbers) {
                    assertThat(node.read((StoreTx tx) -> names(tx.objects(id, number, BackendSchema.SCHEMA))))
                            .as("round %d: backends of clone %d", round, number)
                            .containsExactly("b", "a");
                    assertThat(node.read((StoreTx tx) -> names(tx.objects(id, number, WidgetSchema.SCHEMA)))).containsExactly("w");
                }
            }
        }
    }
}
