package io.backline.store;

import static io.backline.store.StoreFixtures.T0;
import static io.backline.store.StoreFixtures.at;
import static io.backline.store.StoreFixtures.backend;
import static io.backline.store.StoreFixtures.draft;
import static io.backline.store.StoreFixtures.names;
import static io.backline.store.StoreFixtures.service;
import static io.backline.store.StoreFixtures.serviceId;
import static io.backline.store.StoreFixtures.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.model.BackendSchema;
import io.backline.model.ConfigObject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-version objects: creation order, rename in place, delete, kinds apart, and the clone copy. */
interface ObjectsContract extends StoreContractSupport {

    private void insert(ConfigObject... objects) {
        writeAll(tx -> Arrays.stream(objects).forEach(tx::insertObject));
    }

    private List<String> backends(int version) {
        return store().read(tx -> names(tx.objects(SHOP, version, BackendSchema.SCHEMA)));
    }

    private List<List<ConfigObject>> everyKind(int version) {
        return store().read(tx -> List.of(
                tx.objects(SHOP, version, BackendSchema.SCHEMA), tx.objects(SHOP, version, WidgetSchema.SCHEMA)));
    }

    @Test
    default void objectsListInCreationOrderNotByName() {
        givenShopWithVersionOne();
        insert(backend(SHOP, 1, "c"), backend(SHOP, 1, "a"));
        insert(backend(SHOP, 1, "b"));

        assertThat(backends(1)).containsExactly("c", "a", "b");
    }

    @Test
    default void objectIsFoundByItsExactNameInItsVersion() {
        givenShopWithVersionOne();
        var origin = backend(SHOP, 1, "origin");
        insert(origin);

        assertThat(store().read((StoreTx tx) -> tx.object(SHOP, 1, BackendSchema.SCHEMA, "origin"))).contains(origin);
        assertThat(store().read((StoreTx tx) -> tx.object(SHOP, 1, BackendSchema.SCHEMA, "Origin"))).isEmpty();
        assertThat(store().read((StoreTx tx) -> tx.object(SHOP, 2, BackendSchema.SCHEMA, "origin"))).isEmpty();
        assertThat(store().read((StoreTx tx) -> tx.object(SHOP, 1, WidgetSchema.SCHEMA, "origin"))).isEmpty();
    }

    @Test
    default void updateWithRenameKeepsThePosition() {
        givenShopWithVersionOne();
        insert(backend(SHOP, 1, "c"), backend(SHOP, 1, "a"), backend(SHOP, 1, "b"));
        var z = backend(SHOP, 1, "z");
        writeAll(tx -> tx.updateObject("a", z.withValues(z.values().with(BackendSchema.PORT, 8080), at(60))));

        assertThat(backends(1)).containsExactly("c", "z", "b");
        assertThat(store().read((StoreTx tx) -> tx.object(SHOP, 1, BackendSchema.SCHEMA, "a"))).isEmpty();
        var read = store().read(tx -> tx.object(SHOP, 1, BackendSchema.SCHEMA, "z")).orElseThrow();
        assertThat(read.values().get(BackendSchema.PORT)).isEqualTo(8080);
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.updatedAt()).isEqualTo(at(60));
    }

    @Test
    default void updateWithoutRenameReplacesTheValues() {
        givenShopWithVersionOne();
        var origin = backend(SHOP, 1, "origin");
        insert(origin);
        var changed = origin.withValues(origin.values().with(BackendSchema.HOSTNAME, "changed.example"), at(5));
        writeAll(tx -> tx.updateObject("origin", changed));

        assertThat(store().read((StoreTx tx) -> tx.object(SHOP, 1, BackendSchema.SCHEMA, "origin"))).contains(changed);
    }

    @Test
    default void deleteRemovesOnlyThatObject() {
        givenShopWithVersionOne();
        insert(backend(SHOP, 1, "a"), backend(SHOP, 1, "b"), backend(SHOP, 1, "c"));
        writeAll(tx -> tx.deleteObject(SHOP, 1, BackendSchema.SCHEMA, "b"));

        assertThat(backends(1)).containsExactly("a", "c");
        assertThat(store().read((StoreTx tx) -> tx.object(SHOP, 1, BackendSchema.SCHEMA, "b"))).isEmpty();
    }

    @Test
    default void anObjectInsertedAfterADeleteGoesLast() {
        givenShopWithVersionOne();
        insert(backend(SHOP, 1, "a"), backend(SHOP, 1, "b"), backend(SHOP, 1, "c"));
        writeAll(tx -> tx.deleteObject(SHOP, 1, BackendSchema.SCHEMA, "c"));
        insert(backend(SHOP, 1, "d"));
        writeAll(tx -> tx.deleteObject(SHOP, 1, BackendSchema.SCHEMA, "a"));
        insert(backend(SHOP, 1, "e"));

        assertThat(backends(1)).containsExactly("b", "d", "e");
    }

    @Test
    default void kindsVersionsAndServicesKeepTheirObjectsApart() {
        givenShopWithVersionOne();
        var other = serviceId("B");
        writeAll(tx -> {
            tx.insertService(service("B", "other"));
            tx.insertVersion(draft(SHOP, 2));
            tx.insertVersion(draft(other, 1));
        });
        insert(backend(SHOP, 1, "x"), widget(SHOP, 1, "x"), backend(SHOP, 2, "x"), backend(other, 1, "x"));

        writeAll(tx -> tx.deleteObject(SHOP, 1, BackendSchema.SCHEMA, "x"));

        assertThat(backends(1)).isEmpty();
        assertThat(store().read((StoreTx tx) -> names(tx.objects(SHOP, 1, WidgetSchema.SCHEMA)))).containsExactly("x");
        assertThat(backends(2)).containsExactly("x");
        assertThat(store().read((StoreTx tx) -> names(tx.objects(other, 1, BackendSchema.SCHEMA)))).containsExactly("x");
    }

    @Test
    default void aSecondObjectWithTheSameNameIsRefused() {
        givenShopWithVersionOne();
        insert(backend(SHOP, 1, "origin"));

        assertThatThrownBy(() -> insert(backend(SHOP, 1, "origin"))).isInstanceOf(StoreException.class);
        assertThat(backends(1)).containsExactly("origin");
    }

    @Test
    default void copyObjectsCopiesEveryObjectOfEveryKindIntoTheNewVersion() {
        givenShopWithVersionOne();
        insert(backend(SHOP, 1, "b2"), widget(SHOP, 1, "w1"), backend(SHOP, 1, "b3"), backend(SHOP, 1, "b1"),
                widget(SHOP, 1, "w0"));
        var source = everyKind(1);

        int copied = store().write(tx -> {
            tx.insertVersion(draft(SHOP, 2));
            return tx.copyObjects(SHOP, 1, 2);
        });

        assertThat(copied).isEqualTo(5);
        var copies = everyKind(2);
        assertThat(names(copies.get(0))).containsExactly("b2", "b3", "b1");
        assertThat(names(copies.get(1))).containsExactly("w1", "w0");
        assertThat(copies).allSatisfy(kind -> assertThat(kind).allSatisfy(o -> assertThat(o.version()).isEqualTo(2)));
        for (int kind = 0; kind < 2; kind++) {
            assertThat(copies.get(kind).stream().map(ConfigObject::values).toList())
                    .isEqualTo(source.get(kind).stream().map(ConfigObject::values).toList());
        }
        assertThat(everyKind(1)).as("the source version").isEqualTo(source);
    }

    @Test
    default void copyObjectsLeavesOtherServicesAlone() {
        givenShopWithVersionOne();
        var other = serviceId("B");
        writeAll(tx -> {
            tx.insertService(service("B", "other"));
            tx.insertVersion(draft(other, 1));
            tx.insertObject(backend(other, 1, "theirs"));
            tx.insertObject(backend(SHOP, 1, "ours"));
        });

        assertThat(store().write((StoreTx tx) -> tx.copyObjects(SHOP, 1, 2))).isEqualTo(1);

        assertThat(store().read((StoreTx tx) -> names(tx.objects(other, 2, BackendSchema.SCHEMA)))).isEmpty();
        assertThat(store().read((StoreTx tx) -> names(tx.objects(other, 1, BackendSchema.SCHEMA)))).containsExactly("theirs");
        assertThat(backends(2)).containsExactly("ours");
    }

    @Test
    default void copyingAnEmptyVersionCopiesNothing() {
        givenShopWithVersionOne();

        assertThat(store().write((StoreTx tx) -> tx.copyObjects(SHOP, 1, 2))).isZero();
    }

    @Test
    default void editingTheCopyLeavesTheSourceAloneAndNewObjectsGoLast() {
        givenShopWithVersionOne();
        insert(backend(SHOP, 1, "a"), backend(SHOP, 1, "b"));
        store().write(tx -> tx.copyObjects(SHOP, 1, 2));

        var original = store().read(tx -> tx.object(SHOP, 1, BackendSchema.SCHEMA, "a")).orElseThrow();
        writeAll(tx -> {
            tx.deleteObject(SHOP, 2, BackendSchema.SCHEMA, "b");
            tx.updateObject("a", backend(SHOP, 2, "a").withValues(original.values().with(BackendSchema.PORT, 1), at(9)));
            tx.insertObject(backend(SHOP, 2, "c"));
        });

        assertThat(backends(2)).containsExactly("a", "c");
        assertThat(backends(1)).containsExactly("a", "b");
        assertThat(store().read((StoreTx tx) -> tx.object(SHOP, 1, BackendSchema.SCHEMA, "a"))).contains(original);
    }
}
