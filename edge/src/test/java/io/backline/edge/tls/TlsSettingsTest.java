package io.backline.edge.tls;

import static io.backline.edge.tls.TlsHandshakeTest.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.edge.EdgeException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** TLS versions, SNI and what {@code configure} puts into {@link SSLParameters}. */
class TlsSettingsTest {

    @Test
    void anUnsetRangeIsTls12To13() {
        assertThat(OriginTls.forBackend(backend("origin.test").settings()).protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void boundsTheRangeWithMinAndMax() {
        assertThat(OriginTls.forBackend(backend("origin.test").maxTls("1.2").settings()).protocols()).containsExactly("TLSv1.2");
        assertThat(OriginTls.forBackend(backend("origin.test").minTls("1.3").settings()).protocols()).containsExactly("TLSv1.3");
    }

    @Test
    void dropsVersionsTheJdkDisables() {
        // Stock JDK 25 disables TLS 1.0 and 1.1 in jdk.tls.disabledAlgorithms.
        assertThat(OriginTls.forBackend(backend("origin.test").minTls("1.0").settings()).protocols())
                .containsExactly("TLSv1.3", "TLSv1.2");
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test").minTls("1.0").maxTls("1.1").settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessageContaining("max_tls_version: 1.1 leaves no TLS version this edge permits");
    }

    @Test
    void refusesAMaximumBelowTheMinimum() {
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test").minTls("1.3").maxTls("1.2").settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessage("backend 'origin': max_tls_version: 1.2 is below min_tls_version 1.3 "
                        + "(expected: max_tls_version >= min_tls_version)");
    }

    @Test
    void refusesAnUnknownVersion() {
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test").minTls("1.4").settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessageContaining("min_tls_version: 1.4 (expected: 1.0, 1.1, 1.2 or 1.3)");
    }

    @Test
    void configureSetsSniProtocolsAndLeavesNameChecksToTheContext() {
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").sniHostname("sni.test").settings());
        var parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"http/1.1"});

        tls.configure(parameters);

        assertThat(parameters.getServerNames()).containsExactly(new SNIHostName("sni.test"));
        assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(parameters.getEndpointIdentificationAlgorithm()).isNull();
        assertThat(parameters.getApplicationProtocols()).containsExactly("http/1.1");
        assertThat(tls.verifyName()).isEqualTo("origin.test");
    }

    @Test
    void anEngineHasTheVerificationNameAsPeerHostAndTheSniAsServerName() {
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").sniHostname("sni.test").settings());

        var engine = tls.newEngine(8443);

        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getPeerHost()).isEqualTo("origin.test");
        assertThat(engine.getPeerPort()).isEqualTo(8443);
        assertThat(engine.getSSLParameters().getServerNames()).containsExactly(new SNIHostName("sni.test"));
    }

    @Test
    void sendsNoSniForIpLiterals() {
        assertThat(OriginTls.forBackend(backend("127.0.0.1").settings()).sni()).isNull();
        assertThat(OriginTls.forBackend(backend("::1").settings()).sni()).isNull();
        assertThat(OriginTls.forBackend(backend("origin.test").sniHostname("10.0.0.1").settings()).sni()).isNull();
        assertThat(OriginTls.forBackend(backend("origin.test").settings()).sni()).isEqualTo("origin.test");
        assertThat(OriginTls.forBackend(backend("origin.test").sniHostname("sni.test.").settings()).sni()).isEqualTo("sni.test");
    }

    @Test
    void refusesAnSniHostnameJsseCannotSend() {
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test").sniHostname("bad name!").settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessage("backend 'origin': ssl_sni_hostname: bad name! cannot be sent as SNI (expected: a DNS host name)");
    }

    @Test
    void eachBackendGetsItsOwnContext() {
        var settings = backend("origin.test").settings();

        assertThat(OriginTls.forBackend(settings).context()).isNotSameAs(OriginTls.forBackend(settings).context());
    }
}
