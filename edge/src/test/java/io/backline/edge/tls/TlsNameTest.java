package io.backline.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a verification name is matched against a certificate ({@link CertificateNames}). */
class TlsNameTest {
    private static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.newCa();
    }

    @Test
    void aWildcardMatchesExactlyOneLeftMostLabel() {
        var certificate = pki.server("*.example.test").certificate();

        assertThat(CertificateNames.matches(certificate, "www.example.test")).isTrue();
        assertThat(CertificateNames.matches(certificate, "a.b.example.test")).isFalse();
        assertThat(CertificateNames.matches(certificate, "example.test")).isFalse();
        assertThat(CertificateNames.matches(certificate, "wwwexample.test")).isFalse();
    }

    @Test
    void refusesWildcardsThatAreTooBroadOrPartial() {
        assertThat(CertificateNames.matches(pki.server("*.test").certificate(), "example.test")).isFalse();
        assertThat(CertificateNames.matches(pki.server("w*.example.test").certificate(), "www.example.test")).isFalse();
        assertThat(CertificateNames.matches(pki.server("www.*.test").certificate(), "www.example.test")).isFalse();
    }

    @Test
    void comparesHostNamesIgnoringCaseTrailingDotsAndUnicodeForm() {
        var certificate = pki.server("Origin.Example.TEST", "xn--bcher-kva.example").certificate();

        assertThat(CertificateNames.matches(certificate, "origin.example.test.")).isTrue();
        assertThat(CertificateNames.matches(certificate, "bücher.example")).isTrue();
    }

    @Test
    void matchesIpAddressesAsAddresses() {
        var certificate = pki.server("::1", "192.0.2.7").certificate();

        assertThat(CertificateNames.matches(certificate, "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(CertificateNames.matches(certificate, "[::1]")).isTrue();
        assertThat(CertificateNames.matches(certificate, "192.0.2.7")).isTrue();
        assertThat(CertificateNames.matches(certificate, "192.0.2.8")).isFalse();
    }

    @Test
    void fallsBackToTheCommonNameOnlyWithoutDnsEntries() {
        assertThat(CertificateNames.matches(pki.leaf().commonName("cn.test").issue().certificate(), "cn.test")).isTrue();
        assertThat(CertificateNames.matches(pki.leaf("other.test").commonName("cn.test").issue().certificate(), "cn.test")).isFalse();
        assertThat(CertificateNames.matches(pki.leaf().commonName("127.0.0.1").issue().certificate(), "127.0.0.1")).isFalse();
    }

    @Test
    void describesTheNamesACertificateOffers() {
        assertThat(CertificateNames.describe(pki.server("a.test", "127.0.0.1").certificate())).isEqualTo("DNS:a.test, IP:127.0.0.1");
        assertThat(CertificateNames.describe(pki.leaf().commonName("cn.test").issue().certificate())).isEqualTo("CN:cn.test");
    }
}
