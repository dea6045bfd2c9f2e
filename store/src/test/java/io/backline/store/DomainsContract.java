package io.backline.store;

import static io.backline.store.StoreFixtures.T0;
import static io.backline.store.StoreFixtures.backend;
import static io.backline.store.StoreFixtures.draft;
import static io.backline.store.StoreFixtures.object;
import static io.backline.store.StoreFixtures.service;
import static io.backline.store.StoreFixtures.serviceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.ConfigObject;
import io.backline.model.Field;
import io.backline.model.Schema;
import io.backline.model.ServiceId;
import io.backline.model.ServiceType;
import org.junit.jupiter.api.Test;

/** Which services serve a domain: those whose active version holds it, whatever its letter case. */
interface DomainsContract extends StoreContractSupport {

    /** The two fields a domain needs here; the model's own domain schema may grow without this test. */
    final class Domains {
        private static final Schema.Builder B = Schema.builder("domain", "Domain");
        static final Field<String> NAME = B.add(Field.text("name").required());
        static final Schema SCHEMA = B.build();

        private Domains() {}

        static ConfigObject domain(ServiceId serviceId, int version, String name) {
            return object(serviceId, version, SCHEMA.defaults(ServiceType.VCL).with(NAME, name));
        }
    }

    private void givenActiveVersionOneWithDomain(String id, String domain) {
        var serviceId = serviceId(id);
        writeAll(tx -> {
            tx.insertService(service(id, "service " + id));
            tx.insertVersion(draft(serviceId, 1).activated(T0));
            tx.insertObject(Domains.domain(serviceId, 1, domain));
        });
    }

    @Test
    default void findsTheServiceWhoseActiveVersionHoldsTheDomain() {
        givenActiveVersionOneWithDomain("A", "www.example.com");
        givenActiveVersionOneWithDomain("B", "api.example.com");

        assertThat(store().read((StoreTx tx) -> tx.activeServicesWithDomain("www.example.com"))).containsExactly(SHOP);
        assertThat(store().read((StoreTx tx) -> tx.activeServicesWithDomain("example.com"))).isEmpty();
    }

    @Test
    default void comparesDomainNamesWithoutRegardToLetterCase() {
        givenActiveVersionOneWithDomain("A", "WWW.Example.com");

        assertThat(store().read((StoreTx tx) -> tx.activeServicesWithDomain("www.example.COM"))).containsExactly(SHOP);
    }

    @Test
    default void findsEveryServiceThatClaimsTheDomain() {
        givenActiveVersionOneWithDomain("A", "www.example.com");
        givenActiveVersionOneWithDomain("B", "www.example.com");

        assertThat(store().read((StoreTx tx) -> tx.activeServicesWithDomain("www.example.com")))
                .containsExactlyInAnyOrder(SHOP, serviceId("B"));
    }

    @Test
    default void domainsOfDraftAndDeactivatedVersionsDoNotCount() {
        givenShopWithVersionOne();
        writeAll(tx -> tx.insertObject(Domains.domain(SHOP, 1, "www.example.com")));
        assertThat(store().read((StoreTx tx) -> tx.activeServicesWithDomain("www.example.com"))).isEmpty();

        writeAll(tx -> {
            tx.insertVersion(draft(SHOP, 2).activated(T0));
            tx.insertObject(Domains.domain(SHOP, 2, "new.example.com"));
        });
        assertThat(store().read((StoreTx tx) -> tx.activeServicesWithDomain("www.example.com"))).isEmpty();
        assertThat(store().read((StoreTx tx) -> tx.activeServicesWithDomain("new.example.com"))).containsExactly(SHOP);

        writeAll(tx -> tx.updateVersion(draft(SHOP, 2).activated(T0).deactivated(T0)));
        assertThat(store().read((StoreTx tx) -> tx.activeServicesWithDomain("new.example.com"))).isEmpty();
    }

    @Test
    default void objectsOfOtherKindsWithTheSameNameDoNotCount() {
        writeAll(tx -> {
            tx.insertService(service("A", "shop"));
            tx.insertVersion(draft(SHOP, 1).activated(T0));
            tx.insertObject(backend(SHOP, 1, "www.example.com"));
            tx.insertObject(StoreFixtures.widget(SHOP, 1, "www.example.com"));
        });

        assertThat(store().read((StoreTx tx) -> tx.activeServicesWithDomain("www.example.com"))).isEmpty();
    }
}
