package io.backline.model;

import static io.backline.model.BackendSchema.ADDRESS;
import static io.backline.model.BackendSchema.HOSTNAME;
import static io.backline.model.BackendSchema.IPV4;
import static io.backline.model.BackendSchema.IPV6;
import static io.backline.model.BackendSchema.NAME;
import static io.backline.model.BackendSchema.OVERRIDE_HOST;
import static io.backline.model.BackendSchema.PORT;
import static io.backline.model.BackendSchema.SSL_CERT_HOSTNAME;
import static io.backline.model.BackendSchema.SSL_SNI_HOSTNAME;
import static io.backline.model.BackendSchema.USE_SSL;
import static io.backline.model.BackendSchema.WEIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backend's cross-field rules (spec §4): defaults, address families, the port and TLS coupling. */
class BackendRulesTest {
    private static final BackendRules RULES = BackendRules.INSTANCE;

    /** Changes from form-style pairs, read by the backend schema as the API reads a body. */
    private static Changes changes(String... pairs) {
        var input = new LinkedHashMap<String, List<String>>();
        for (int i = 0; i < pairs.length; i += 2) {
            input.put(pairs[i], List.of(pairs[i + 1]));
        }
        return BackendSchema.SCHEMA.parse(input);
    }

    private static Values create(String... pairs) {
        return RULES.create(changes(pairs), ServiceType.VCL);
    }

    @Test
    void createsWithTheSpecDefaults() {
        var values = create("name", "origin", "address", "origin.example.com");

        var expected = Map.<String, Object>ofEntries(Map.entry("port", 80), Map.entry("use_ssl", false),
                Map.entry("connect_timeout", 1000), Map.entry("first_byte_timeout", 15000),
                Map.entry("between_bytes_timeout", 10000), Map.entry("error_threshold", 0), Map.entry("max_conn", 200),
                Map.entry("weight", 100), Map.entry("auto_loadbalance", false), Map.entry("request_condition", ""),
                Map.entry("comment", ""), Map.entry("ssl_check_cert", true), Map.entry("prefer_ipv6", false));
        expected.forEach((name, value) -> assertThat(values.raw(BackendSchema.SCHEMA.field(name))).as(name).isEqualTo(value));
        for (var name : List.of("healthcheck", "shield", "override_host", "ssl_ca_cert", "ssl_client_cert", "ssl_client_key",
                "ssl_cert_hostname", "ssl_sni_hostname", "ssl_hostname", "ssl_ciphers", "min_tls_version", "max_tls_version",
                "client_cert", "keepalive_time", "tcp_keepalive_enable", "tcp_keepalive_interval", "tcp_keepalive_probes",
                "tcp_keepalive_time", "max_use", "max_lifetime", "share_key", "ipv4", "ipv6")) {
            assertThat(values.raw(BackendSchema.SCHEMA.field(name))).as(name).isNull();
        }
    }

    @Test
    void prefersIpv6ByDefaultOnlyForWasmServices() {
        var wasm = RULES.create(changes("name", "o", "address", "o.example.com"), ServiceType.WASM);

        assertThat(wasm.get(BackendSchema.PREFER_IPV6)).isTrue();
    }

    @ParameterizedTest(name = "{0} fills {1}")
    @CsvSource({"origin.example.com, hostname", "192.0.2.1, ipv4", "2001:db8::1, ipv6"})
    void fillsExactlyOneDerivedFieldFromTheAddress(String address, String filled) {
        var values = create("name", "o", "address", address);

        for (var field : List.of(HOSTNAME, IPV4, IPV6)) {
            assertThat(values.get(field)).as(field.name()).isEqualTo(field.name().equals(filled) ? address : null);
        }
    }

    @Test
    void takesTheAddressFromADerivedFieldWhenNoAddressIsSent() {
        var values = create("name", "o", "ipv6", "2001:db8::2");

        assertThat(values.get(ADDRESS)).isEqualTo("2001:db8::2");
        assertThat(values.get(IPV6)).isEqualTo("2001:db8::2");
        assertThat(values.get(HOSTNAME)).isNull();
    }

    @Test
    void letsTheAddressWinOverADerivedField() {
        var values = create("name", "o", "address", "origin.example.com", "ipv4", "192.0.2.9");

        assertThat(values.get(ADDRESS)).isEqualTo("origin.example.com");
        assertThat(values.get(HOSTNAME)).isEqualTo("origin.example.com");
        assertThat(values.get(IPV4)).isNull();
    }

    @Test
    void refusesACreateWithoutAddressNamingTheField() {
        assertThatThrownBy(() -> create("name", "o"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                    assertThat(e.detail()).startsWith("address: missing").contains("required");
                });
    }

    @Test
    void refusesACreateWithoutNameNamingTheField() {
        assertThatThrownBy(() -> create("address", "o.example.com"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.detail()).startsWith("name: missing"));
    }

    @Test
    void refusesAnAddressWithAPort() {
        assertThatThrownBy(() -> create("name", "o", "address", "host:80"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.detail()).contains("Address 'host:80' is not a valid IPv4, IPv6 or hostname"));
    }

    @ParameterizedTest(name = "port {0} sets use_ssl {1}")
    @CsvSource({"443, true", "80, false"})
    void couplesUseSslToPorts443And80(String port, boolean tls) {
        var values = create("name", "o", "address", "o.example.com", "port", port);

        assertThat(values.get(USE_SSL)).isEqualTo(tls);
    }

    @ParameterizedTest(name = "port {0} with use_ssl {1}")
    @CsvSource({"443, 0, false", "80, 1, true", "443, false, false", "80, true, true"})
    void keepsAnExplicitUseSslInTheSameRequest(String port, String useSsl, boolean tls) {
        var values = create("name", "o", "address", "o.example.com", "port", port, "use_ssl", useSsl);

        assertThat(values.get(USE_SSL)).isEqualTo(tls);
        assertThat(values.get(PORT)).isEqualTo(Integer.parseInt(port));
    }

    @Test
    void doesNotMoveThePortWhenUseSslIsSet() {
        var values = create("name", "o", "address", "o.example.com", "use_ssl", "1");

        assertThat(values.get(PORT)).isEqualTo(80);
        assertThat(values.get(USE_SSL)).isTrue();
    }

    @Test
    void updatesOnlyTheFieldsNamed() {
        var current = create("name", "o", "address", "o.example.com", "port", "443", "override_host", "h.example.com");

        var updated = RULES.update(current, changes("weight", "7"), ServiceType.VCL);

        for (var field : BackendSchema.SCHEMA.fields()) {
            if (field != WEIGHT) {
                assertThat(updated.raw(field)).as(field.name()).isEqualTo(current.raw(field));
            }
        }
        assertThat(updated.get(WEIGHT)).isEqualTo(7);
    }

    @Test
    void appliesThePortRuleOnUpdateToo() {
        var current = create("name", "o", "address", "o.example.com", "port", "443");

        var plain = RULES.update(current, changes("port", "80"), ServiceType.VCL);
        var other = RULES.update(current, changes("port", "8443"), ServiceType.VCL);

        assertThat(plain.get(USE_SSL)).isFalse();
        assertThat(other.get(USE_SSL)).isTrue();
    }

    @Test
    void clearsAnOptionalFieldToNullOnUpdate() {
        var current = create("name", "o", "address", "o.example.com", "override_host", "h.example.com");

        var updated = RULES.update(current, changes("override_host", ""), ServiceType.VCL);

        assertThat(updated.get(OVERRIDE_HOST)).isNull();
    }

    @Test
    void restoresTheDefaultWhenAFieldWithDefaultIsCleared() {
        var current = create("name", "o", "address", "o.example.com", "weight", "5");

        var updated = RULES.update(current, changes("weight", ""), ServiceType.VCL);

        assertThat(updated.get(WEIGHT)).isEqualTo(100);
    }

    @Test
    void refusesToClearTheAddressOnUpdate() {
        var current = create("name", "o", "address", "o.example.com");

        assertThatThrownBy(() -> RULES.update(current, changes("address", ""), ServiceType.VCL))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.detail()).startsWith("address: ''"));
    }

    @Test
    void refusesToClearTheNameOnUpdate() {
        var current = create("name", "o", "address", "o.example.com");

        assertThatThrownBy(() -> RULES.update(current, changes("name", ""), ServiceType.VCL))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.detail()).startsWith("name: "));
    }

    @Test
    void renamesThroughName() {
        var current = create("name", "old", "address", "o.example.com");

        assertThat(RULES.update(current, changes("name", "new"), ServiceType.VCL).get(NAME)).isEqualTo("new");
    }

    @Test
    void movesTheDerivedFieldsWhenTheAddressChangesFamily() {
        var current = create("name", "o", "address", "o.example.com");

        var updated = RULES.update(current, changes("address", "192.0.2.3"), ServiceType.VCL);

        assertThat(updated.get(HOSTNAME)).isNull();
        assertThat(updated.get(IPV4)).isEqualTo("192.0.2.3");
    }

    @Test
    void fillsBothTlsNamesFromTheDeprecatedSslHostname() {
        var values = create("name", "o", "address", "192.0.2.1", "ssl_hostname", "tls.example.com");

        assertThat(values.get(SSL_CERT_HOSTNAME)).isEqualTo("tls.example.com");
        assertThat(values.get(SSL_SNI_HOSTNAME)).isEqualTo("tls.example.com");
    }

    @Test
    void letsExplicitTlsNamesWinOverTheDeprecatedOne() {
        var values = create("name", "o", "address", "192.0.2.1", "ssl_hostname", "old.example.com",
                "ssl_cert_hostname", "cert.example.com");

        assertThat(values.get(SSL_CERT_HOSTNAME)).isEqualTo("cert.example.com");
        assertThat(values.get(SSL_SNI_HOSTNAME)).isEqualTo("old.example.com");
    }

    @Test
    void refusesAMinimumTlsVersionAboveTheMaximum() {
        assertThatThrownBy(() -> create("name", "o", "address", "o.example.com", "min_tls_version", "1.3",
                "max_tls_version", "1.2"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.detail()).contains("min_tls_version").contains("max_tls_version").contains("expected:"));
    }

    @Test
    void acceptsTheRecordedGoFastlyCreate() {
        var values = create("address", "integ-test.go-fastly.com", "connect_timeout", "1500", "max_lifetime", "60000",
                "max_use", "100", "name", "test-backend", "override_host", "origin.example.com", "ssl_check_cert", "0",
                "ssl_ciphers", "DHE-RSA-AES256-SHA:DHE-RSA-CAMELLIA256-SHA:AES256-GCM-SHA384",
                "ssl_sni_hostname", "ssl-hostname.com");

        assertThat(values.get(BackendSchema.SSL_CHECK_CERT)).isFalse();
        assertThat(values.get(BackendSchema.CONNECT_TIMEOUT)).isEqualTo(1500);
        assertThat(values.get(PORT)).isEqualTo(80);
        assertThat(values.get(SSL_CERT_HOSTNAME)).isNull();
    }
}
