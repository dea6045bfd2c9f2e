package io.backline.store;

import static io.backline.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The custom TLS tables: keys, certificates, the default configuration and activations; every write bumps the revision. */
interface TlsContract extends StoreContractSupport {

    @Test
    default void theDefaultConfigurationComesWithTheSchema() {
        assertThat(store().read(StoreTx::tlsConfigurations)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("backlinedefaulttlscfg");
            assertThat(c.isDefault()).isTrue();
        });
    }

    @Test
    default void keysCertificatesAndActivationsRoundTripAndEachWriteBumpsTheRevision() {
        long before = store().read(StoreTx::revision);
        var key = new TlsKeyRecord("k1", "key", "RSA", 2048, "sha1", "sealed", T0);
        var certificate = new TlsCertificateRecord("c1", "cert", "k1", "-----BEGIN CERTIFICATE-----", T0, T0);
        var activation = new TlsActivationRecord("a1", "c1", "backlinedefaulttlscfg", "www.example.com", T0);
        writeAll(tx -> {
            tx.insertTlsKey(key);
            tx.insertTlsCertificate(certificate);
            tx.insertTlsActivation(activation);
        });

        assertThat(store().read((StoreTx tx) -> tx.tlsKey("k1"))).contains(key);
        assertThat(store().read(StoreTx::tlsCertificates)).containsExactly(certificate);
        assertThat(store().read(StoreTx::tlsActivations)).containsExactly(activation);
        assertThat(store().read(StoreTx::revision)).isEqualTo(before + 3);

        var renewed = new TlsCertificateRecord("c1", "cert", "k1", "renewed", T0, T0.plusSeconds(5));
        writeAll(tx -> tx.updateTlsCertificate(renewed));
        assertThat(store().read((StoreTx tx) -> tx.tlsCertificate("c1"))).contains(renewed);

        boolean deleted = store().write(tx -> tx.deleteTlsActivation("a1") && tx.deleteTlsCertificate("c1") && tx.deleteTlsKey("k1"));
        assertThat(deleted).isTrue();
        assertThat(store().read(StoreTx::tlsKeys)).isEmpty();
        assertThat(store().read(StoreTx::revision)).isEqualTo(before + 7);
    }
}
