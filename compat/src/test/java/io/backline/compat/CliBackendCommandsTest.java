package io.backline.compat;

import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliVersionCommandsTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code fastly service backend create|list|describe|update|delete} with every flag, names with '/', versions. */
class CliBackendCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    /** Every key of a backend as the real API returns it (spec §3.3: always all 44). */
    static final List<String> BACKEND_KEYS = List.of("address", "auto_loadbalance", "between_bytes_timeout",
            "client_cert", "comment", "connect_timeout", "created_at", "deleted_at", "error_threshold",
            "first_byte_timeout", "healthcheck", "hostname", "ipv4", "ipv6", "keepalive_time", "max_conn",
            "max_lifetime", "max_tls_version", "max_use", "min_tls_version", "name", "override_host", "port",
            "prefer_ipv6", "request_condition", "service_id", "share_key", "shield", "ssl_ca_cert",
            "ssl_cert_hostname", "ssl_check_cert", "ssl_ciphers", "ssl_client_cert", "ssl_client_key", "ssl_hostname",
            "ssl_sni_hostname", "tcp_keepalive_enable", "tcp_keepalive_interval", "tcp_keepalive_probes",
            "tcp_keepalive_time", "updated_at", "use_ssl", "version", "weight");

    // PEM values start with '-', so the tests pass them as --flag=VALUE (the CLI reads "--flag -----BEGIN" as two flags).
    static final String CA_CERT = "-----BEGIN CERTIFICATE-----\nMIIBcompatCAcert\n-----END CERTIFICATE-----\n";
    static final String CLIENT_CERT = "-----BEGIN CERTIFICATE-----\nMIIBcompatClientCert\n-----END CERTIFICATE-----\n";
    static final String CLIENT_KEY = "-----BEGIN PRIVATE KEY-----\nMIIBcompatClientKey\n-----END PRIVATE KEY-----\n";

    @Test
    void backendCreateSendsEveryFlagAndApiStoresIt() {
        String sid = backline.api().createService(unique("every flag"));
        backline.api().createCondition(sid, 1, "is_api");
        backline.api().createHealthcheck(sid, 1, "hc1");

        ProcessResult created = backline.cli().run("service", "backend", "create", "--service-id", sid,
                "--version", "1", "--name", "origin_a", "--address", "origin.example.com", "--port", "443",
                "--use-ssl", "--connect-timeout", "1500", "--first-byte-timeout", "20000",
                "--between-bytes-timeout", "9000", "--max-conn", "150", "--weight", "50", "--auto-loadbalance",
                "--comment", "primary origin", "--shield", "iad-va-us", "--min-tls-version", "1.2",
                "--max-tls-version", "1.3", "--ssl-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:HIGH",
                "--prefer-ipv6", "true", "--tcp-ka-enabled", "true", "--tcp-ka-interval", "10",
                "--tcp-ka-probes", "3", "--tcp-ka-time", "300", "--http-ka-time", "60", "--max-use", "100",
                "--max-lifetime", "60000", "--no-ssl-check-cert", "--request-condition", "is_api",
                "--healthcheck", "hc1", "--override-host", "host.example.com",
                "--ssl-cert-hostname", "cert.example.com", "--ssl-sni-hostname", "sni.example.com",
                "--ssl-ca-cert=" + CA_CERT, "--ssl-client-cert=" + CLIENT_CERT,
                "--ssl-client-key=" + CLIENT_KEY);

        assertSucceeded(created, "Created backend origin_a (service " + sid + " version 1)");
        JsonNode backend = BacklineApi.ok(backline.api().backend(sid, 1, "origin_a"));
        assertThat(backend.fieldNames()).toIterable().as("%s", backend).containsAll(BACKEND_KEYS);
        assertFields(backend, Map.ofEntries(
                Map.entry("name", "origin_a"), Map.entry("service_id", sid), Map.entry("version", 1),
                Map.entry("address", "origin.example.com"), Map.entry("hostname", "origin.example.com"),
                Map.entry("port", 443), Map.entry("use_ssl", true),
                Map.entry("connect_timeout", 1500), Map.entry("first_byte_timeout", 20000),
                Map.entry("between_bytes_timeout", 9000), Map.entry("max_conn", 150), Map.entry("weight", 50),
                Map.entry("auto_loadbalance", true), Map.entry("comment", "primary origin"),
                Map.entry("shield", "iad-va-us"), Map.entry("min_tls_version", "1.2"),
                Map.entry("max_tls_version", "1.3"), Map.entry("ssl_ciphers", "ECDHE-RSA-AES128-GCM-SHA256:HIGH"),
                Map.entry("prefer_ipv6", true), Map.entry("tcp_keepalive_enable", true),
                Map.entry("tcp_keepalive_interval", 10), Map.entry("tcp_keepalive_probes", 3),
                Map.entry("tcp_keepalive_time", 300), Map.entry("keepalive_time", 60), Map.entry("max_use", 100),
                Map.entry("max_lifetime", 60000), Map.entry("ssl_check_cert", false),
                Map.entry("request_condition", "is_api"), Map.entry("healthcheck", "hc1"),
                Map.entry("override_host", "host.example.com"), Map.entry("ssl_cert_hostname", "cert.example.com"),
                Map.entry("ssl_sni_hostname", "sni.example.com"), Map.entry("ssl_ca_cert", CA_CERT),
                Map.entry("ssl_client_cert", CLIENT_CERT), Map.entry("ssl_client_key", CLIENT_KEY)));
        assertThat(backend.path("ipv4").isNull()).as("ipv4 of a hostname backend: %s", backend).isTrue();
        assertThat(backend.path("ipv6").isNull()).as("ipv6 of a hostname backend: %s", backend).isTrue();
        assertThat(backend.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(backend.path("deleted_at").isNull()).isTrue();

        ProcessResult described = backline.cli().run("service", "backend", "describe", "-s", sid, "--version", "1",
                "--name", "origin_a");
        assertThat(described.exitCode()).as(described.describe()).isZero();
        assertThat(described.stdout()).as(described.describe()).contains("Name: origin_a",
                "Address: origin.example.com", "Port: 443", "Use SSL: true", "SSL check cert: false",
                "Connect timeout: 1500", "First byte timeout: 20000", "Between bytes timeout: 9000",
                "Max connections: 150", "Weight: 50", "Auto loadbalance: true", "Comment: primary origin",
                "Shield: iad-va-us", "Healthcheck: hc1", "Override host: host.example.com",
                "SSL cert hostname: cert.example.com", "SSL SNI hostname: sni.example.com", "Min TLS version: 1.2",
                "Max TLS version: 1.3", "Prefer IPv6: true", "HTTP KeepAlive Timeout: 60",
                "TCP KeepAlive Enabled: true", "TCP KeepAlive Interval: 10", "TCP KeepAlive Probes: 3",
                "TCP KeepAlive Timeout: 300", "Max connection use: 100", "Max connection lifetime: 60000");
        CliVersionCommandsTest.assertSucceeded(backline.cli().run("service", "version", "validate", "-s", sid,
                "--version", "1"), "Service " + sid + " version 1 is valid");
    }

    @Test
    void backendCreateWithUseSslButNoPortGetsPort443AndTheCheckedCertHostFromTheAddress() {
        String name = unique("use ssl");
        String sid = backline.api().createService(name);
        backline.api().createBackend(sid, 1, "first", "first.example.com");
        backline.api().activate(sid, 1);

        ProcessResult created = backline.cli().run("service", "backend", "create", "--service-name", name,
                "--version", "active", "--autoclone", "--name", "secure", "--address", "secure.example.com",
                "--use-ssl", "--ssl-check-cert");

        assertSucceeded(created, "Created backend secure (service " + sid + " version 2)");
        assertThat(created.output()).as("--ssl-check-cert is deprecated").contains("DEPRECATED");
        JsonNode backend = BacklineApi.ok(backline.api().backend(sid, 2, "secure"));
        assertFields(backend, Map.of("port", 443, "use_ssl", true, "ssl_check_cert", true,
                "override_host", "secure.example.com", "ssl_cert_hostname", "secure.example.com",
                "ssl_sni_hostname", "secure.example.com", "version", 2));
        assertThat(backline.api().backend(sid, 1, "secure").status()).as("the active version is untouched")
                .isEqualTo(404);
    }

    @Test
    void backendCreateWithOnlyAnAddressGetsTheDocumentedDefaults() {
        String sid = backline.api().createService(unique("defaults"));

        // 127.0.0.1 resolves back to localhost, so the CLI sends ssl_cert_hostname= and ssl_sni_hostname= empty.
        ProcessResult created = backline.cli().run("service", "backend", "create", "-s", sid, "--version", "1",
                "--name", "plain", "--address", "127.0.0.1");

        assertSucceeded(created, "Created backend plain (service " + sid + " version 1)");
        JsonNode backend = BacklineApi.ok(backline.api().backend(sid, 1, "plain"));
        assertThat(backend.fieldNames()).toIterable().as("%s", backend).containsAll(BACKEND_KEYS);
        assertFields(backend, Map.ofEntries(Map.entry("address", "127.0.0.1"), Map.entry("ipv4", "127.0.0.1"),
                Map.entry("port", 80), Map.entry("use_ssl", false), Map.entry("connect_timeout", 1000),
                Map.entry("first_byte_timeout", 15000), Map.entry("between_bytes_timeout", 10000),
                Map.entry("max_conn", 200), Map.entry("weight", 100), Map.entry("error_threshold", 0),
                Map.entry("auto_loadbalance", false), Map.entry("ssl_check_cert", true),
                Map.entry("prefer_ipv6", false), Map.entry("request_condition", ""), Map.entry("comment", "")));
        for (String unset : List.of("hostname", "ipv6", "healthcheck", "shield", "override_host", "ssl_cert_hostname",
                "ssl_sni_hostname", "ssl_ca_cert", "ssl_client_cert", "ssl_client_key", "ssl_hostname", "ssl_ciphers",
                "min_tls_version", "max_tls_version", "keepalive_time", "tcp_keepalive_enable",
                "tcp_keepalive_interval", "tcp_keepalive_probes", "tcp_keepalive_time", "max_use", "max_lifetime",
                "share_key", "client_cert")) {
            assertThat(backend.path(unset).isNull()).as("%s is null when unset (an empty value means unset): %s",
                    unset, backend).isTrue();
        }
    }

    @Test
    void backendListShowsEveryBackendOfTheVersion() throws JsonProcessingException {
        String sid = backline.api().createService(unique("list"));
        BacklineApi api = backline.api();
        api.createBackend(sid, 1, "alpha", "alpha.example.com");
        api.createBackend(sid, 1, "a/b", "192.0.2.20");
        api.createBackend(sid, 1, "with space", "2001:db8::1");

        ProcessResult table = backline.cli().run("service", "backend", "list", "-s", sid, "--version", "latest");
        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(table.stdout()).as(table.describe())
                .containsPattern(sid + "\\s+1\\s+alpha\\s+alpha\\.example\\.com\\s+80")
                .containsPattern(sid + "\\s+1\\s+a/b\\s+192\\.0\\.2\\.20\\s+80")
                .containsPattern(sid + "\\s+1\\s+with space\\s+2001:db8::1\\s+80");

        ProcessResult json = backline.cli().run("service", "backend", "list", "-s", sid, "--version", "1", "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        List<String> names = new ArrayList<>();
        for (JsonNode backend : BacklineApi.JSON.readTree(json.stdout())) {
            names.add(backend.path("Name").asText());
        }
        assertThat(names).as(json.describe()).containsExactlyInAnyOrder("alpha", "a/b", "with space");
        JsonNode ipv6 = BacklineApi.ok(api.backend(sid, 1, "with space"));
        assertFields(ipv6, Map.of("ipv6", "2001:db8::1"));
        assertThat(ipv6.path("ipv4").isNull() && ipv6.path("hostname").isNull()).as("%s", ipv6).isTrue();
    }

    @Test
    void backendNamesWithSlashesAndSpacesWorkInEveryCommand() {
        String sid = backline.api().createService(unique("odd names"));
        for (String name : List.of("a/b", "with space", "x/y z")) {
            assertSucceeded(backline.cli().run("service", "backend", "create", "-s", sid, "--version", "1",
                    "--name", name, "--address", "odd.example.com"),
                    "Created backend " + name + " (service " + sid + " version 1)");
            assertThat(BacklineApi.ok(backline.api().backend(sid, 1, name)).path("name").asText()).isEqualTo(name);

            ProcessResult described = backline.cli().run("service", "backend", "describe", "-s", sid, "--version", "1",
                    "--name", name);
            assertThat(described.exitCode()).as(described.describe()).isZero();
            assertThat(described.stdout()).contains("Name: " + name, "Address: odd.example.com");

            assertSucceeded(backline.cli().run("service", "backend", "update", "-s", sid, "--version", "1",
                    "--name", name, "--comment", "odd"), "Updated backend " + name);
            assertThat(BacklineApi.ok(backline.api().backend(sid, 1, name)).path("comment").asText()).isEqualTo("odd");
        }
        assertSucceeded(backline.cli().run("service", "backend", "delete", "-s", sid, "--version", "1",
                "--name", "x/y z"), "Deleted backend x/y z (service " + sid + " version 1)");
        assertThat(backline.api().backend(sid, 1, "x/y z").status()).isEqualTo(404);
        assertThat(backline.api().backend(sid, 1, "a/b").status()).as("a sibling stays").isEqualTo(200);
    }

    @Test
    void backendUpdateChangesOnlyTheGivenFields() {
        String sid = backline.api().createService(unique("partial"));
        backline.api().createBackend(sid, 1, "origin", "origin.example.com");
        JsonNode before = BacklineApi.ok(backline.api().backend(sid, 1, "origin"));

        ProcessResult updated = backline.cli().run("service", "backend", "update", "-s", sid, "--version", "1",
                "--name", "origin", "--port", "8080", "--comment", "changed", "--weight", "7");

        assertSucceeded(updated, "Updated backend origin (service " + sid + " version 1)");
        JsonNode after = BacklineApi.ok(backline.api().backend(sid, 1, "origin"));
        assertFields(after, Map.of("port", 8080, "comment", "changed", "weight", 7));
        for (String unchanged : List.of("address", "hostname", "use_ssl", "connect_timeout", "first_byte_timeout",
                "between_bytes_timeout", "max_conn", "auto_loadbalance", "ssl_check_cert", "override_host",
                "ssl_cert_hostname", "ssl_sni_hostname", "created_at", "prefer_ipv6", "request_condition")) {
            assertThat(after.path(unchanged)).as("%s is unchanged: before %s after %s", unchanged, before, after)
                    .isEqualTo(before.path(unchanged));
        }
    }

    @Test
    void backendUpdateSendsEveryFlagAndApiStoresIt() {
        String sid = backline.api().createService(unique("update every flag"));
        backline.api().createCondition(sid, 1, "is_admin");
        backline.api().createHealthcheck(sid, 1, "hc2");
        assertSucceeded(backline.cli().run("service", "backend", "create", "-s", sid, "--version", "1",
                "--name", "origin", "--address", "origin.example.com", "--prefer-ipv6", "true",
                "--tcp-ka-enabled", "true", "--no-ssl-check-cert"), "Created backend origin");

        ProcessResult updated = backline.cli().run("service", "backend", "update", "-s", sid, "--version", "1",
                "--name", "origin", "--address", "other.example.com", "--port", "8443", "--use-ssl",
                "--connect-timeout", "2500", "--first-byte-timeout", "30000", "--between-bytes-timeout", "12000",
                "--max-conn", "75", "--weight", "20", "--auto-loadbalance", "--comment", "updated everything",
                "--shield", "lhr-uk", "--min-tls-version", "1.1", "--max-tls-version", "1.2",
                "--ssl-ciphers", "HIGH:!aNULL", "--prefer-ipv6", "false", "--tcp-ka-enabled", "false",
                "--tcp-ka-interval", "20", "--tcp-ka-probes", "5", "--tcp-ka-time", "600", "--http-ka-time", "90",
                "--max-use", "50", "--max-lifetime", "30000", "--ssl-check-cert", "--request-condition", "is_admin",
                "--healthcheck", "hc2", "--override-host", "override.example.com",
                "--ssl-cert-hostname", "cert2.example.com", "--ssl-sni-hostname", "sni2.example.com",
                "--ssl-ca-cert=" + CA_CERT, "--ssl-client-cert=" + CLIENT_CERT,
                "--ssl-client-key=" + CLIENT_KEY);

        assertSucceeded(updated, "Updated backend origin (service " + sid + " version 1)");
        JsonNode backend = BacklineApi.ok(backline.api().backend(sid, 1, "origin"));
        assertFields(backend, Map.ofEntries(Map.entry("address", "other.example.com"),
                Map.entry("hostname", "other.example.com"), Map.entry("port", 8443), Map.entry("use_ssl", true),
                Map.entry("connect_timeout", 2500), Map.entry("first_byte_timeout", 30000),
                Map.entry("between_bytes_timeout", 12000), Map.entry("max_conn", 75), Map.entry("weight", 20),
                Map.entry("auto_loadbalance", true), Map.entry("comment", "updated everything"),
                Map.entry("shield", "lhr-uk"), Map.entry("min_tls_version", "1.1"),
                Map.entry("max_tls_version", "1.2"), Map.entry("ssl_ciphers", "HIGH:!aNULL"),
                Map.entry("prefer_ipv6", false), Map.entry("tcp_keepalive_enable", false),
                Map.entry("tcp_keepalive_interval", 20), Map.entry("tcp_keepalive_probes", 5),
                Map.entry("tcp_keepalive_time", 600), Map.entry("keepalive_time", 90), Map.entry("max_use", 50),
                Map.entry("max_lifetime", 30000), Map.entry("ssl_check_cert", true),
                Map.entry("request_condition", "is_admin"), Map.entry("healthcheck", "hc2"),
                Map.entry("override_host", "override.example.com"),
                Map.entry("ssl_cert_hostname", "cert2.example.com"), Map.entry("ssl_sni_hostname", "sni2.example.com"),
                Map.entry("ssl_ca_cert", CA_CERT), Map.entry("ssl_client_cert", CLIENT_CERT),
                Map.entry("ssl_client_key", CLIENT_KEY)));
        CliVersionCommandsTest.assertSucceeded(backline.cli().run("service", "version", "validate", "-s", sid,
                "--version", "1"), "Service " + sid + " version 1 is valid");
    }

    @Test
    void backendUpdateWithNewNameRenamesIt() {
        String sid = backline.api().createService(unique("rename"));
        backline.api().createBackend(sid, 1, "a/b", "rename.example.com");

        ProcessResult renamed = backline.cli().run("service", "backend", "update", "-s", sid, "--version", "1",
                "--name", "a/b", "--new-name", "c/d");

        assertSucceeded(renamed, "Updated backend c/d (service " + sid + " version 1)");
        ApiResponse old = backline.api().backend(sid, 1, "a/b");
        assertThat(old.status()).as(old.describe()).isEqualTo(404);
        JsonNode moved = BacklineApi.ok(backline.api().backend(sid, 1, "c/d"));
        assertFields(moved, Map.of("name", "c/d", "address", "rename.example.com"));
        ProcessResult list = backline.cli().run("service", "backend", "list", "-s", sid, "--version", "1");
        assertThat(list.stdout()).as(list.describe()).contains("c/d").doesNotContain("a/b");
    }

    @Test
    void backendDeleteRemovesIt() {
        String sid = backline.api().createService(unique("delete"));
        backline.api().createBackend(sid, 1, "keep", "keep.example.com");
        backline.api().createBackend(sid, 1, "a/b", "gone.example.com");

        ProcessResult deleted = backline.cli().run("service", "backend", "delete", "-s", sid, "--version", "1",
                "--name", "a/b");

        assertSucceeded(deleted, "Deleted backend a/b (service " + sid + " version 1)");
        assertThat(backline.api().backend(sid, 1, "a/b").status()).isEqualTo(404);
        assertThat(names(sid, 1)).containsExactly("keep");
    }

    @Test
    void backendCommandsResolveLatestAndActiveVersions() {
        String sid = backline.api().createService(unique("latest and active"));
        BacklineApi.ok(backline.api().put("/service/" + sid + "/version/1/clone"));

        assertSucceeded(backline.cli().run("service", "backend", "create", "-s", sid, "--version", "latest",
                "--name", "on-latest", "--address", "latest.example.com"),
                "Created backend on-latest (service " + sid + " version 2)");
        assertThat(names(sid, 2)).containsExactly("on-latest");
        assertThat(names(sid, 1)).isEmpty();

        backline.api().activate(sid, 2);
        ProcessResult list = backline.cli().run("service", "backend", "list", "-s", sid, "--version", "active");
        assertThat(list.stdout()).as(list.describe()).containsPattern(sid + "\\s+2\\s+on-latest");
        ProcessResult described = backline.cli().run("service", "backend", "describe", "-s", sid,
                "--version", "active", "--name", "on-latest");
        assertThat(described.stdout()).as(described.describe()).contains("Service Version: 2",
                "Address: latest.example.com");
    }

    @Test
    void backendDescribeUpdateAndDeleteAcceptLatest() {
        String sid = backline.api().createService(unique("latest everywhere"));
        backline.api().createBackend(sid, 1, "a/b", "first.example.com");
        BacklineApi.ok(backline.api().put("/service/" + sid + "/version/1/clone"));

        ProcessResult described = backline.cli().run("service", "backend", "describe", "-s", sid,
                "--version", "latest", "--name", "a/b");
        assertThat(described.stdout()).as(described.describe()).contains("Service Version: 2", "Name: a/b");
        assertSucceeded(backline.cli().run("service", "backend", "update", "-s", sid, "--version", "latest",
                "--name", "a/b", "--address", "second.example.com"),
                "Updated backend a/b (service " + sid + " version 2)");
        assertFields(BacklineApi.ok(backline.api().backend(sid, 2, "a/b")), Map.of("address", "second.example.com"));
        assertFields(BacklineApi.ok(backline.api().backend(sid, 1, "a/b")), Map.of("address", "first.example.com"));
        assertSucceeded(backline.cli().run("service", "backend", "delete", "-s", sid, "--version", "latest",
                "--name", "a/b"), "Deleted backend a/b (service " + sid + " version 2)");
        assertThat(names(sid, 2)).isEmpty();
        assertThat(names(sid, 1)).containsExactly("a/b");
    }

    @Test
    void versionActiveWithNothingActiveFallsBackToTheLatestVersionInTheCli() {
        String sid = backline.api().createService(unique("nothing active"));
        backline.api().createBackend(sid, 1, "origin", "origin.example.com");
        BacklineApi.ok(backline.api().put("/service/" + sid + "/version/1/clone"));
        JsonNode details = backline.api().getOk("/service/" + sid + "/details?filter%5Bversions.active%5D=true");
        assertThat(details.has("active_version") && details.path("active_version").isNull())
                .as("details say that nothing is active: %s", details).isTrue();

        // CLI 16.1.0 then lists the versions and takes the latest (see docs/compatibility.md).
        ProcessResult list = backline.cli().run("service", "backend", "list", "-s", sid, "--version", "active");

        assertThat(list.exitCode()).as(list.describe()).isZero();
        assertThat(list.stdout()).as(list.describe()).containsPattern(sid + "\\s+2\\s+origin");
        ProcessResult deactivate = backline.cli().run("service", "version", "deactivate", "-s", sid,
                "--version", "active");
        assertThat(deactivate.exitCode()).as(deactivate.describe()).isNotZero();
        assertThat(deactivate.stderr()).contains("service version 2 is not active");
    }

    @Test
    void backendWritesOnTheActiveVersionWithAutocloneGoToAClone() {
        String sid = backline.api().createService(unique("autoclone"));
        backline.api().createBackend(sid, 1, "origin", "origin.example.com");
        backline.api().createBackend(sid, 1, "spare", "spare.example.com");
        backline.api().activate(sid, 1);

        assertSucceeded(backline.cli().run("service", "backend", "update", "-s", sid, "--version", "active",
                "--autoclone", "--name", "origin", "--comment", "in the clone"),
                "Updated backend origin (service " + sid + " version 2)");
        assertThat(BacklineApi.ok(backline.api().backend(sid, 2, "origin")).path("comment").asText())
                .isEqualTo("in the clone");
        assertThat(BacklineApi.ok(backline.api().backend(sid, 1, "origin")).path("comment").asText())
                .as("the active version is untouched").isEmpty();

        backline.api().activate(sid, 2);
        assertSucceeded(backline.cli().run("service", "backend", "delete", "-s", sid, "--version", "active",
                "--autoclone", "--name", "spare"), "Deleted backend spare (service " + sid + " version 3)");
        assertThat(names(sid, 3)).containsExactly("origin");
        assertThat(names(sid, 2)).containsExactlyInAnyOrder("origin", "spare");
        assertThat(backline.api().version(sid, 2).path("active").asBoolean()).isTrue();
    }

    static List<String> names(String sid, int version) {
        List<String> names = new ArrayList<>();
        backline.api().getOk("/service/" + sid + "/version/" + version + "/backend")
                .forEach(backend -> names.add(backend.path("name").asText()));
        return names;
    }

    /** Each expected value must be stored with its JSON type: numbers as numbers, booleans as booleans. */
    static void assertFields(JsonNode object, Map<String, ?> expected) {
        expected.forEach((field, value) -> {
            JsonNode actual = object.path(field);
            switch (value) {
                case Boolean b -> assertThat(actual.isBoolean() ? actual.asBoolean() : actual)
                        .as("%s (a JSON boolean) in %s", field, object).isEqualTo(b);
                case Integer i -> assertThat(actual.isIntegralNumber() ? actual.asInt() : actual)
                        .as("%s (a JSON number) in %s", field, object).isEqualTo(i);
                case String s -> assertThat(actual.isTextual() ? actual.asText() : actual)
                        .as("%s (a JSON string) in %s", field, object).isEqualTo(s);
                default -> throw new IllegalArgumentException(field + ": " + value);
            }
        });
    }
}
