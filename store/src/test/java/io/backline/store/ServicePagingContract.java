package io.backline.store;

import static io.backline.store.StoreFixtures.at;
import static io.backline.store.StoreFixtures.serviceId;
import static io.backline.store.StoreFixtures.serviceNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.Service;
import io.backline.model.ServiceType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The service list: sort keys, directions, offsets and tie-breaks. */
interface ServicePagingContract extends StoreContractSupport {

    /** Five services, created in this order and updated at distinct times in yet another order. */
    private void givenFiveServices() {
        writeAll(tx -> {
            tx.insertService(stamped("1", "delta", 0, 100));
            tx.insertService(stamped("2", "alpha", 10, 140));
            tx.insertService(stamped("3", "echo", 20, 110));
            tx.insertService(stamped("4", "bravo", 30, 130));
            tx.insertService(stamped("5", "charlie", 40, 120));
        });
    }

    private static Service stamped(String id, String name, long created, long updated) {
        return new Service(serviceId(id), name, "", ServiceType.VCL, "c", at(created), at(updated), null);
    }

    private List<String> page(int page, int perPage, ServicePage.Sort sort, boolean descending) {
        return store().read(tx -> serviceNames(tx.services(new ServicePage(page, perPage, sort, descending))));
    }

    private List<String> ids(ServicePage.Sort sort, boolean descending) {
        return store().read(tx -> tx.services(new ServicePage(1, 100, sort, descending))).stream()
                .map(s -> s.id().value())
                .toList();
    }

    @ParameterizedTest(name = "sort {0}, descending {1}")
    @CsvSource({
        "CREATED, false, delta alpha echo bravo charlie",
        "CREATED, true,  charlie bravo echo alpha delta",
        "UPDATED, false, delta echo charlie bravo alpha",
        "UPDATED, true,  alpha bravo charlie echo delta",
        "NAME,    false, alpha bravo charlie delta echo",
        "NAME,    true,  echo delta charlie bravo alpha",
    })
    default void listsEveryLiveServiceInTheOrderAsked(ServicePage.Sort sort, boolean descending, String expected) {
        givenFiveServices();

        assertThat(page(1, 100, sort, descending)).containsExactly(expected.split(" "));
    }

    @Test
    default void pagesSliceTheSortedListAtTheirOffset() {
        givenFiveServices();

        assertThat(page(1, 2, ServicePage.Sort.NAME, false)).containsExactly("alpha", "bravo");
        assertThat(page(2, 2, ServicePage.Sort.NAME, false)).containsExactly("charlie", "delta");
        assertThat(page(3, 2, ServicePage.Sort.NAME, false)).containsExactly("echo");
        assertThat(page(2, 2, ServicePage.Sort.CREATED, true)).containsExactly("echo", "alpha");
    }

    @Test
    default void aPagePastTheEndIsEmpty() {
        givenFiveServices();

        assertThat(page(4, 2, ServicePage.Sort.NAME, false)).isEmpty();
        assertThat(page(2, 100, ServicePage.Sort.CREATED, false)).isEmpty();
    }

    @Test
    default void countCountsEveryLiveServiceWhateverThePage() {
        givenFiveServices();

        assertThat(store().read(StoreTx::countServices)).isEqualTo(5);
    }

    @Test
    default void aPageAsLargeAsAnIntegerListsEverything() {
        givenFiveServices();

        assertThat(page(1, Integer.MAX_VALUE, ServicePage.Sort.NAME, false)).hasSize(5);
    }

    @Test
    default void tiesAreBrokenByCreationOrderInBothDirections() {
        givenFiveServices();
        writeAll(tx -> {
            tx.insertService(stamped("6", "zulu", 50, 100));
            tx.insertService(stamped("7", "zulu", 60, 100));
        });

        assertThat(ids(ServicePage.Sort.UPDATED, false)).startsWith("svc1", "svc6", "svc7");
        assertThat(ids(ServicePage.Sort.NAME, true)).startsWith("svc6", "svc7");
    }

    @Test
    default void sortByNameComparesCodePointsSoCapitalsComeFirst() {
        givenFiveServices();
        writeAll(tx -> {
            tx.insertService(stamped("6", "Bravo", 50, 150));
            tx.insertService(stamped("7", "Ähre", 60, 160));
            tx.insertService(stamped("8", "_under", 70, 170));
            tx.insertService(stamped("9", "Alpha", 80, 180));
        });

        assertThat(page(1, 100, ServicePage.Sort.NAME, false))
                .containsExactly("Alpha", "Bravo", "_under", "alpha", "bravo", "charlie", "delta", "echo", "Ähre");
    }
}
