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
import static io.backline.store.StoreFixtures.serviceNames;
import static io.backline.store.StoreFixtures.token;
import static io.backline.store.StoreFixtures.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.model.BackendSchema;
import io.backline.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * One call, one transaction: a write commits whole or not at all, whatever it throws, and a read
 * sees one consistent state.
 */
interface TransactionsContract extends StoreContractSupport {

    /** Everything the port can read about services A and B, for before-and-after comparisons. */
    private List<Object> everything() {
        return store().read(tx -> {
            var seen = new ArrayList<Object>();
            for (var id : List.of(SHOP, serviceId("B"))) {
                seen.add(tx.service(id));
                seen.add(tx.versions(id));
                seen.add(tx.activeVersion(id));
                for (var version : List.of(1, 2)) {
                    seen.add(tx.objects(id, version, BackendSchema.SCHEMA));
                    seen.add(tx.objects(id, version, WidgetSchema.SCHEMA));
                }
            }
            seen.add(tx.services(new ServicePage(1, 100, ServicePage.Sort.CREATED, false)));
            seen.add(tx.countServices());
            seen.add(tx.tokens());
            seen.add(tx.revision());
            return seen;
        });
    }

    @Test
    default void aWriteAnswersWhatItsWorkReturns() {
        assertThat(store().write((StoreTx tx) -> "answer")).isEqualTo("answer");
        assertThat(store().read((StoreTx tx) -> 42)).isEqualTo(42);
    }

    @Test
    default void aWriteThatThrowsLeavesNothingBehindAndRethrowsTheSameException() {
        var boom = new Boom();
        assertThatThrownBy(() -> writeAll(tx -> {
            tx.insertService(service("A", "shop"));
            throw boom;
        })).isSameAs(boom);

        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).isEmpty();
        assertThat(store().read(StoreTx::countServices)).isZero();
    }

    @Test
    default void aWriteThatThrowsUndoesEveryKindOfChange() {
        var kept = service("A", "shop");
        writeAll(tx -> {
            tx.insertService(kept);
            tx.insertVersion(draft(SHOP, 1));
            tx.insertObject(backend(SHOP, 1, "origin"));
            tx.insertToken(token("tok1", "h1"));
        });
        var before = everything();

        assertThatThrownBy(() -> writeAll(tx -> {
            tx.insertService(service("B", "other"));
            tx.updateService(kept.withNameAndComment("renamed", "x", at(60)).deletedAt(at(60)));
            tx.insertVersion(draft(SHOP, 2));
            tx.updateVersion(draft(SHOP, 1).activated(at(60)));
            tx.copyObjects(SHOP, 1, 2);
            tx.insertObject(widget(SHOP, 1, "w"));
            tx.updateObject("origin", backend(SHOP, 1, "moved"));
            tx.deleteObject(SHOP, 2, BackendSchema.SCHEMA, "origin");
            tx.insertToken(token("tok2", "h2"));
            tx.deleteToken("tok1");
            tx.nextCounter("unnamed_service");
            tx.bumpRevision();
            throw new Boom();
        })).isInstanceOf(Boom.class);

        assertThat(everything()).isEqualTo(before);
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("unnamed_service"))).isEqualTo(1);
    }

    @Test
    default void aFailedStatementUndoesTheWritesBeforeIt() {
        writeAll(tx -> tx.insertService(service("A", "shop")));

        assertThatThrownBy(() -> writeAll(tx -> {
            tx.insertService(service("B", "other"));
            tx.insertService(service("A", "duplicate id"));
        })).isInstanceOf(StoreException.class);

        assertThat(store().read((StoreTx tx) -> tx.service(serviceId("B")))).isEmpty();
        assertThat(store().read(StoreTx::countServices)).isEqualTo(1);
    }

    @Test
    default void theStoreKeepsWorkingAfterAFailedWrite() {
        assertThatThrownBy(() -> writeAll(tx -> {
            tx.insertService(service("A", "shop"));
            throw new Boom();
        })).isInstanceOf(Boom.class);

        writeAll(tx -> tx.insertService(service("B", "other")));

        assertThat(store().read((StoreTx tx) -> serviceNames(tx.services(new ServicePage(1, 10, ServicePage.Sort.NAME, false)))))
                .containsExactly("other");
    }

    @Test
    default void aReadThatThrowsLeavesTheStoreReadable() {
        writeAll(tx -> tx.insertService(service("A", "shop")));
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> store().read(tx -> {
                tx.countServices();
                throw new Boom();
            })).isInstanceOf(Boom.class);
        }

        assertThat(store().read(StoreTx::countServices)).isEqualTo(1);
    }

    @Test
    default void aReadThatTriesToWriteIsRefusedAndChangesNothing() {
        writeAll(tx -> tx.nextCounter("unnamed_service"));

        assertThatThrownBy(() -> store().read(tx -> {
            tx.insertService(service("A", "shop"));
            return true;
        })).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store().read(tx -> tx.nextCounter("unnamed_service"))).isInstanceOf(StoreException.class);

        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).isEmpty();
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("unnamed_service"))).isEqualTo(2);
    }

    @Test
    default void aWriteThatThrowsAnErrorLeavesNothingBehind() {
        assertThatThrownBy(() -> writeAll(tx -> {
            tx.insertService(service("A", "shop"));
            throw new StackOverflowError("deep");
        })).isInstanceOf(StackOverflowError.class);
        writeAll(tx -> tx.insertService(service("B", "the next call")));

        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).as("the service written by the call that failed").isEmpty();
    }

    @Test
    default void aNestedWriteDoesNotCommitTheOuterWorkEarly() {
        assertThatThrownBy(() -> writeAll(tx -> {
            tx.insertService(service("A", "outer"));
            try {
                writeAll(inner -> inner.nextCounter("inner"));
            } catch (RuntimeException refused) {
                // A store may refuse a nested write; it must not commit the outer work either way.
            }
            throw new Boom();
        })).isInstanceOf(Boom.class);

        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).as("the service written by the outer call that failed").isEmpty();
    }

    @Test
    default void cloneAndActivateCommitWholeOrNotAtAll() {
        writeAll(tx -> {
            tx.insertService(service("A", "shop"));
            tx.insertVersion(draft(SHOP, 1).activated(T0));
            tx.insertObject(backend(SHOP, 1, "a"));
            tx.insertObject(widget(SHOP, 1, "w"));
        });
        var before = everything();

        assertThatThrownBy(() -> writeAll(tx -> {
            cloneAndActivate(tx);
            throw new Boom();
        })).isInstanceOf(Boom.class);
        assertThat(everything()).isEqualTo(before);

        writeAll(this::cloneAndActivate);
        assertThat(store().read((StoreTx tx) -> tx.activeVersion(SHOP)).map(Version::number)).contains(2);
        assertThat(store().read((StoreTx tx) -> tx.version(SHOP, 1)).map(Version::active)).contains(false);
        assertThat(store().read((StoreTx tx) -> names(tx.objects(SHOP, 2, BackendSchema.SCHEMA)))).containsExactly("a");
        assertThat(store().read((StoreTx tx) -> names(tx.objects(SHOP, 2, WidgetSchema.SCHEMA)))).containsExactly("w");
        assertThat(store().read(StoreTx::revision)).isEqualTo(1);
    }

    /** What the API's clone-then-activate does to the store, in one transaction. */
    private void cloneAndActivate(StoreTx tx) {
        int next = tx.maxVersion(SHOP) + 1;
        tx.insertVersion(draft(SHOP, next));
        tx.copyObjects(SHOP, 1, next);
        tx.updateVersion(tx.version(SHOP, 1).orElseThrow().deactivated(at(60)));
        tx.updateVersion(draft(SHOP, next).activated(at(60)));
        tx.bumpRevision();
    }

    @Test
    default void aReadSeesOneSnapshotWhileOtherCallsCommit() {
        writeAll(tx -> tx.insertService(service("A", "shop")));

        var seen = store().read(tx -> {
            var before = List.<Object>of(tx.countServices(), tx.versions(SHOP), tx.revision(), tx.service(serviceId("B")));
            var write = inBackground(() -> store().write(w -> {
                w.insertService(service("B", "other"));
                w.insertVersion(draft(SHOP, 1));
                w.bumpRevision();
                return "committed";
            }));
            assertThat(result(write)).isEqualTo("committed");
            var after = List.<Object>of(tx.countServices(), tx.versions(SHOP), tx.revision(), tx.service(serviceId("B")));
            return List.of(before, after);
        });

        assertThat(seen.get(1)).as("what one read saw after another call committed").isEqualTo(seen.get(0));
        assertThat(store().read((StoreTx tx) -> List.of(tx.countServices(), tx.versions(SHOP).size(), tx.revision())))
                .containsExactly(2, 1, 1L);
    }

    @Test
    default void aReadNeverSeesAWriteBeforeItCommits() {
        var written = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var write = inBackground(() -> store().write(tx -> {
            tx.insertService(service("A", "shop"));
            written.countDown();
            await(release);
            return true;
        }));
        await(written);

        try {
            assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).isEmpty();
            assertThat(store().read(StoreTx::countServices)).isZero();
        } finally {
            release.countDown();
        }
        assertThat(result(write)).isTrue();
        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).isPresent();
    }
}
