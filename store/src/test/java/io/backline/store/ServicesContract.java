package io.backline.store;

import static io.backline.store.StoreFixtures.T0;
import static io.backline.store.StoreFixtures.at;
import static io.backline.store.StoreFixtures.service;
import static io.backline.store.StoreFixtures.serviceId;
import static io.backline.store.StoreFixtures.serviceNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.Service;
import io.backline.model.ServiceType;
import org.junit.jupiter.api.Test;

/** Services: insert, read, update, soft delete and lookup by name. */
interface ServicesContract extends StoreContractSupport {

    @Test
    default void insertedServiceReadsBackWithEveryField() {
        var shop = new Service(SHOP, "shop", "the shop", ServiceType.WASM, "customer42", at(0), at(5), null);
        writeAll(tx -> tx.insertService(shop));

        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).contains(shop);
    }

    @Test
    default void unknownServiceIdReadsAsEmpty() {
        assertThat(store().read((StoreTx tx) -> tx.service(serviceId("Nope")))).isEmpty();
    }

    @Test
    default void updateChangesNameCommentAndUpdatedTime() {
        var shop = service("A", "shop");
        writeAll(tx -> tx.insertService(shop));
        var renamed = shop.withNameAndComment("store", "renamed", at(60));
        writeAll(tx -> tx.updateService(renamed));

        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).contains(renamed);
        assertThat(store().read((StoreTx tx) -> tx.serviceByName("shop"))).isEmpty();
    }

    @Test
    default void softDeletedServiceStaysReadableById() {
        var shop = service("A", "shop");
        writeAll(tx -> tx.insertService(shop));
        var deleted = shop.deletedAt(at(60));
        writeAll(tx -> tx.updateService(deleted));

        var read = store().read(tx -> tx.service(SHOP));
        assertThat(read).contains(deleted);
        assertThat(read.orElseThrow().deleted()).isTrue();
    }

    @Test
    default void softDeletedServiceIsLeftOutOfListsCountsAndNameLookups() {
        var kept = service("A", "kept");
        var gone = service("B", "gone");
        writeAll(tx -> {
            tx.insertService(kept);
            tx.insertService(gone);
        });
        writeAll(tx -> tx.updateService(gone.deletedAt(at(60))));

        assertThat(store().read((StoreTx tx) -> serviceNames(tx.services(new ServicePage(1, 100, ServicePage.Sort.NAME, false)))))
                .containsExactly("kept");
        assertThat(store().read(StoreTx::countServices)).isEqualTo(1);
        assertThat(store().read((StoreTx tx) -> tx.serviceByName("gone"))).isEmpty();
    }

    @Test
    default void serviceByNamePicksTheOldestLiveService() {
        var first = service("A", "shop", at(0));
        var second = service("B", "shop", at(1));
        var third = service("C", "shop", at(2));
        writeAll(tx -> {
            tx.insertService(first);
            tx.insertService(second);
            tx.insertService(third);
        });
        assertThat(store().read((StoreTx tx) -> tx.serviceByName("shop"))).contains(first);

        writeAll(tx -> tx.updateService(first.deletedAt(at(60))));
        assertThat(store().read((StoreTx tx) -> tx.serviceByName("shop"))).contains(second);
    }

    @Test
    default void serviceByNameMatchesTheExactNameOnly() {
        writeAll(tx -> {
            tx.insertService(service("A", "Shop"));
            tx.insertService(service("B", "shop "));
        });

        assertThat(store().read((StoreTx tx) -> tx.serviceByName("shop"))).isEmpty();
        assertThat(store().read((StoreTx tx) -> tx.serviceByName("Shop")).map(Service::id)).contains(SHOP);
    }

    @Test
    default void namesOfFullLengthInAnyScriptRoundTrip() {
        var name = ("Ünïcødé ☃ 服务 " + "x".repeat(255)).substring(0, 255);
        var shop = new Service(SHOP, name, "line one\nline \"two\" \\ ☃", ServiceType.VCL, "c", T0, T0, null);
        writeAll(tx -> tx.insertService(shop));

        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).contains(shop);
        assertThat(store().read((StoreTx tx) -> tx.serviceByName(name))).contains(shop);
    }

    @Test
    default void timesAreKeptToTheSecond() {
        var precise = T0.plusMillis(999).plusNanos(123);
        var shop = new Service(SHOP, "shop", "", ServiceType.VCL, "c", precise, precise, null);
        writeAll(tx -> tx.insertService(shop));

        var read = store().read(tx -> tx.service(SHOP)).orElseThrow();
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.updatedAt()).isEqualTo(T0);
    }
}
