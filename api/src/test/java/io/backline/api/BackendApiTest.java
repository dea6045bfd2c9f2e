package io.backline.api;

import static io.backline.api.ApiHarness.backendPath;
import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Backends over HTTP (spec §3.3, §4, §5.1, §5.6): fields, defaults, encodings, partial updates, renames. */
class BackendApiTest {

    /** The 44 keys of the recorded May 2026 backend response (spec §3.3). */
    static final List<String> BACKEND_KEYS = List.of("address", "auto_loadbalance", "between_bytes_timeout", "client_cert",
            "comment", "connect_timeout", "created_at", "deleted_at", "error_threshold", "first_byte_timeout", "healthcheck",
            "hostname", "ipv4", "ipv6", "keepalive_time", "max_conn", "max_lifetime", "max_tls_version", "max_use",
            "min_tls_version", "name", "override_host", "port", "prefer_ipv6", "request_condition", "service_id",
            "share_key", "shield", "ssl_ca_cert", "ssl_cert_hostname", "ssl_check_cert", "ssl_ciphers", "ssl_client_cert",
            "ssl_client_key", "ssl_hostname", "ssl_sni_hostname", "tcp_keepalive_enable", "tcp_keepalive_interval",
            "tcp_keepalive_probes", "tcp_keepalive_time", "updated_at", "use_ssl", "version", "weight");

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static String backends(String sid) {
        return "/service/" + sid + "/version/1/backend";
    }

    @Test
    void answersAll44KeysWithTheSpecDefaults() {
        var sid = api.createService("defaults");

        var backend = api.post(backends(sid), form("name", "origin", "address", "origin.example.com")).ok().json();

        assertThat(VersionApiTest.fieldNames(backend)).hasSize(44).containsExactlyInAnyOrderElementsOf(BACKEND_KEYS);
        var expected = new LinkedHashMap<String, Object>();
        expected.put("address", "origin.example.com");
        expected.put("hostname", "origin.example.com");
        expected.put("name", "origin");
        expected.put("service_id", sid);
        expected.put("version", 1);
        expected.put("port", 80);
        expected.put("use_ssl", false);
        expected.put("connect_timeout", 1000);
        expected.put("first_byte_timeout", 15000);
        expected.put("between_bytes_timeout", 10000);
        expected.put("error_threshold", 0);
        expected.put("max_conn", 200);
        expected.put("weight", 100);
        expected.put("auto_loadbalance", false);
        expected.put("request_condition", "");
        expected.put("comment", "");
        expected.put("ssl_check_cert", true);
        expected.put("prefer_ipv6", false);
        expected.forEach((key, value) -> assertThat(scalar(backend.path(key))).as(key).isEqualTo(value));
        for (var key : List.of("ipv4", "ipv6", "healthcheck", "shield", "override_host", "ssl_ca_cert", "ssl_client_cert",
                "ssl_client_key", "ssl_cert_hostname", "ssl_sni_hostname", "ssl_hostname", "ssl_ciphers", "min_tls_version",
                "max_tls_version", "client_cert", "keepalive_time", "tcp_keepalive_enable", "tcp_keepalive_interval",
                "tcp_keepalive_probes", "tcp_keepalive_time", "max_use", "max_lifetime", "share_key", "deleted_at")) {
            assertThat(backend.path(key).isNull()).as("%s is null, got %s", key, backend.path(key)).isTrue();
        }
    }

    @Test
    void replaysTheRecordedCreateAndGetsTheRecordedValues() {
        var sid = api.createService("recorded");
        var request = "address=integ-test.go-fastly.com&connect_timeout=1500&max_lifetime=60000&max_use=100"
                + "&name=test-backend&override_host=origin.example.com&ssl_check_cert=0"
                + "&ssl_ciphers=DHE-RSA-AES256-SHA%3ADHE-RSA-CAMELLIA256-SHA%3AAES256-GCM-SHA384"
                + "&ssl_sni_hostname=ssl-hostname.com";
        // The recorded response of spec §3.3 (May 2026), without ids and timestamps.
        var recorded = "{\"address\":\"integ-test.go-fastly.com\",\"auto_loadbalance\":false,\"between_bytes_timeout\":10000,"
                + "\"client_cert\":null,\"comment\":\"\",\"connect_timeout\":1500,\"deleted_at\":null,\"error_threshold\":0,"
                + "\"first_byte_timeout\":15000,\"healthcheck\":null,\"hostname\":\"integ-test.go-fastly.com\",\"ipv4\":null,"
                + "\"ipv6\":null,\"keepalive_time\":null,\"max_conn\":200,\"max_lifetime\":60000,\"max_tls_version\":null,"
                + "\"max_use\":100,\"min_tls_version\":null,\"name\":\"test-backend\",\"override_host\":\"origin.example.com\","
                + "\"port\":80,\"prefer_ipv6\":false,\"request_condition\":\"\",\"share_key\":null,\"shield\":null,"
                + "\"ssl_ca_cert\":null,\"ssl_cert_hostname\":null,\"ssl_check_cert\":false,"
                + "\"ssl_ciphers\":\"DHE-RSA-AES256-SHA:DHE-RSA-CAMELLIA256-SHA:AES256-GCM-SHA384\",\"ssl_client_cert\":null,"
                + "\"ssl_client_key\":null,\"ssl_hostname\":null,\"ssl_sni_hostname\":\"ssl-hostname.com\","
                + "\"tcp_keepalive_enable\":null,\"tcp_keepalive_interval\":null,\"tcp_keepalive_probes\":null,"
                + "\"tcp_keepalive_time\":null,\"use_ssl\":false,\"weight\":100}";

        var backend = (ObjectNode) api.post(backends(sid), request).ok().json();

        var expected = (ObjectNode) parse(recorded);
        expected.put("service_id", sid);
        expected.put("version", 1);
        backend.remove(List.of("created_at", "updated_at"));
        assertThat(backend).isEqualTo(expected);
    }

    @Test
    void defaultsPreferIpv6ToTrueForWasmServices() {
        var sid = api.createService("compute", "wasm");

        var backend = api.post(backends(sid), form("name", "origin", "address", "origin.example.com")).ok().json();

        assertThat(backend.path("prefer_ipv6").isBoolean()).isTrue();
        assertThat(backend.path("prefer_ipv6").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0} fills {1}")
    @CsvSource({"origin.example.com, hostname", "192.0.2.10, ipv4", "2001:db8::1, ipv6"})
    void derivesHostnameIpv4OrIpv6FromAddress(String address, String filled) {
        var sid = api.createService("address " + filled);

        var backend = api.post(backends(sid), form("name", "origin", "address", address)).ok().json();

        assertThat(backend.path("address").asText()).isEqualTo(address);
        for (var key : List.of("hostname", "ipv4", "ipv6")) {
            if (key.equals(filled)) {
                assertThat(backend.path(key).asText()).as(key).isEqualTo(address);
            } else {
                assertThat(backend.path(key).isNull()).as("%s is null, got %s", key, backend.path(key)).isTrue();
            }
        }
    }

    @Test
    void movesDerivedFieldsWhenTheAddressChanges() {
        var sid = api.createService("address moves");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        var updated = api.put(backendPath(sid, 1, "origin"), form("address", "198.51.100.7")).ok().json();

        assertThat(updated.path("address").asText()).isEqualTo("198.51.100.7");
        assertThat(updated.path("ipv4").asText()).isEqualTo("198.51.100.7");
        assertThat(updated.path("hostname").isNull()).isTrue();
        assertThat(updated.path("ipv6").isNull()).isTrue();
    }

    @Test
    void takesTheAddressFromIpv4WhenNoAddressIsSent() {
        var sid = api.createService("magic address");

        var backend = api.post(backends(sid), form("name", "origin", "ipv4", "192.0.2.55")).ok().json();

        assertThat(backend.path("address").asText()).isEqualTo("192.0.2.55");
        assertThat(backend.path("ipv4").asText()).isEqualTo("192.0.2.55");
    }

    @Test
    void setsUseSslWhenPortIs443() {
        var sid = api.createService("port 443");

        var backend = api.post(backends(sid), form("name", "tls", "address", "origin.example.com", "port", "443")).ok().json();

        assertThat(backend.path("port").asInt()).isEqualTo(443);
        assertThat(backend.path("use_ssl").asBoolean()).isTrue();
    }

    @Test
    void clearsUseSslWhenAnUpdateSetsPort80() {
        var sid = api.createService("port 80");
        api.createBackend(sid, 1, "tls", "origin.example.com", "port", "443");

        var updated = api.put(backendPath(sid, 1, "tls"), form("port", "80")).ok().json();

        assertThat(updated.path("port").asInt()).isEqualTo(80);
        assertThat(updated.path("use_ssl").asBoolean(true)).isFalse();
    }

    @Test
    void setsUseSslWhenAnUpdateSetsPort443() {
        var sid = api.createService("update 443");
        api.createBackend(sid, 1, "plain", "origin.example.com");

        var updated = api.put(backendPath(sid, 1, "plain"), form("port", "443")).ok().json();

        assertThat(updated.path("use_ssl").asBoolean()).isTrue();
    }

    @Test
    void keepsAnExplicitUseSslOverThePortRule() {
        var sid = api.createService("explicit use_ssl");

        var off = api.post(backends(sid), form("name", "off", "address", "a.example.com", "port", "443", "use_ssl", "0")).ok().json();
        var on = api.post(backends(sid), form("name", "on", "address", "b.example.com", "port", "80", "use_ssl", "1")).ok().json();

        assertThat(off.path("port").asInt()).isEqualTo(443);
        assertThat(off.path("use_ssl").asBoolean(true)).isFalse();
        assertThat(on.path("port").asInt()).isEqualTo(80);
        assertThat(on.path("use_ssl").asBoolean()).isTrue();
    }

    @Test
    void doesNotChangeThePortWhenOnlyUseSslIsSent() {
        var sid = api.createService("use_ssl alone");

        var created = api.post(backends(sid), form("name", "a", "address", "a.example.com", "use_ssl", "true")).ok().json();
        api.createBackend(sid, 1, "b", "b.example.com", "port", "8443");
        var updated = api.put(backendPath(sid, 1, "b"), form("use_ssl", "1")).ok().json();

        assertThat(created.path("port").asInt()).isEqualTo(80);
        assertThat(created.path("use_ssl").asBoolean()).isTrue();
        assertThat(updated.path("port").asInt()).isEqualTo(8443);
        assertThat(updated.path("use_ssl").asBoolean()).isTrue();
    }

    @Test
    void leavesUseSslAloneForOtherPorts() {
        var sid = api.createService("other port");
        api.createBackend(sid, 1, "tls", "origin.example.com", "port", "443");

        var updated = api.put(backendPath(sid, 1, "tls"), form("port", "8443")).ok().json();

        assertThat(updated.path("port").asInt()).isEqualTo(8443);
        assertThat(updated.path("use_ssl").asBoolean()).isTrue();
    }

    @Test
    void partialUpdateChangesOnlyTheFieldsSent() {
        var sid = api.createService("partial");
        var before = api.createBackend(sid, 1, "origin", "origin.example.com", "port", "443", "comment", "keep me",
                "override_host", "host.example.com", "max_conn", "50");

        var after = api.put(backendPath(sid, 1, "origin"), form("weight", "42", "first_byte_timeout", "20000")).ok().json();

        var changed = new ArrayList<String>();
        for (var key : BACKEND_KEYS) {
            if (!key.equals("updated_at") && !before.path(key).equals(after.path(key))) {
                changed.add(key);
            }
        }
        assertThat(changed).containsExactlyInAnyOrder("weight", "first_byte_timeout");
        assertThat(after.path("updated_at").asText()).isGreaterThanOrEqualTo(before.path("updated_at").asText());
        assertThat(after.path("weight").asInt()).isEqualTo(42);
        assertThat(after.path("first_byte_timeout").asInt()).isEqualTo(20000);
        assertThat(api.get(backendPath(sid, 1, "origin")).ok().json()).isEqualTo(after);
    }

    @Test
    void updateWithEmptyBodyReturnsTheBackendUnchanged() {
        var sid = api.createService("empty update");
        var before = api.createBackend(sid, 1, "origin", "origin.example.com", "weight", "9");

        var form = api.call("PUT", backendPath(sid, 1, "origin")).body(ApiHarness.FORM, new byte[0]).send().ok().json();
        var bare = api.put(backendPath(sid, 1, "origin")).ok().json();

        assertThat(form).isEqualTo(before);
        assertThat(bare).isEqualTo(before);
        assertThat(api.get(backendPath(sid, 1, "origin")).ok().json()).isEqualTo(before);
    }

    @Test
    void renamesThroughNameSoTheOldNameIs404AndTheNewOne200() {
        var sid = api.createService("rename");
        api.createBackend(sid, 1, "test-backend", "origin.example.com", "weight", "3");

        var renamed = api.put(backendPath(sid, 1, "test-backend"), form("name", "new-test-backend")).ok().json();

        assertThat(renamed.path("name").asText()).isEqualTo("new-test-backend");
        assertThat(api.get(backendPath(sid, 1, "test-backend")).status(404).json().path("msg").asText())
                .isEqualTo("Record not found");
        var fetched = api.get(backendPath(sid, 1, "new-test-backend")).ok().json();
        assertThat(fetched.path("weight").asInt()).isEqualTo(3);
        assertThat(api.get(backends(sid)).ok().json()).hasSize(1);
    }

    @Test
    void refusesRenameOntoAnExistingNameWith409AndKeepsBoth() {
        var sid = api.createService("rename clash");
        var a = api.createBackend(sid, 1, "a", "a.example.com");
        var b = api.createBackend(sid, 1, "b", "b.example.com");

        var reply = api.put(backendPath(sid, 1, "a"), form("name", "b", "weight", "1")).status(409);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Duplicate record");
        assertThat(reply.json().path("detail").asText()).isEqualTo("Duplicate backend: 'b'");
        assertThat(api.get(backendPath(sid, 1, "a")).ok().json()).isEqualTo(a);
        assertThat(api.get(backendPath(sid, 1, "b")).ok().json()).isEqualTo(b);
    }

    @Test
    void renamingToTheSameNameIsNotADuplicate() {
        var sid = api.createService("same name");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        var reply = api.put(backendPath(sid, 1, "origin"), form("name", "origin", "weight", "2")).ok().json();

        assertThat(reply.path("name").asText()).isEqualTo("origin");
        assertThat(reply.path("weight").asInt()).isEqualTo(2);
    }

    @Test
    void matchesBackendNamesCaseSensitively() {
        var sid = api.createService("case names");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        api.get(backendPath(sid, 1, "ORIGIN")).status(404);
        api.createBackend(sid, 1, "Origin", "other.example.com");

        assertThat(api.get(backendPath(sid, 1, "Origin")).ok().json().path("address").asText()).isEqualTo("other.example.com");
        assertThat(api.get(backendPath(sid, 1, "origin")).ok().json().path("address").asText()).isEqualTo("origin.example.com");
    }

    @Test
    void letsExactlyOneOfConcurrentDuplicateCreatesWin() throws Exception {
        var sid = api.createService("concurrent duplicates");
        var statuses = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var start = new java.util.concurrent.CountDownLatch(1);
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 8; i++) {
                var address = "host" + i + ".example.com";
                futures.add(pool.submit(() -> {
                    start.await();
                    statuses.add(api.post(backends(sid), form("name", "same", "address", address)).status());
                    return null;
                }));
            }
            start.countDown();
            for (var future : futures) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }

        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        assertThat(api.get(backends(sid)).ok().json()).hasSize(1);
    }

    @Test
    void bumpsUpdatedAtOnUpdateAndKeepsCreatedAt() throws InterruptedException {
        var sid = api.createService("timestamps");
        var before = api.createBackend(sid, 1, "origin", "origin.example.com");
        api.moveClockPast(before.path("updated_at").asText());

        var after = api.put(backendPath(sid, 1, "origin"), form("weight", "2")).ok().json();

        assertThat(after.path("created_at").asText()).isEqualTo(before.path("created_at").asText());
        assertThat(after.path("updated_at").asText()).isGreaterThan(before.path("updated_at").asText());
    }

    @Test
    void acceptsABodyOfExactlyOneMebibyte() {
        var sid = api.createService("exact limit");
        var head = "name=exact&address=origin.example.com&junk=";
        var body = head + "x".repeat((1 << 20) - head.length());

        var reply = api.call("POST", backends(sid)).body(ApiHarness.FORM, body.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .send();

        assertThat(body).hasSize(1 << 20);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("name").asText()).isEqualTo("exact");
    }

    @Test
    void acceptsAFormContentTypeWithCharset() {
        var sid = api.createService("form charset");

        var backend = api.call("POST", backends(sid)).body("application/x-www-form-urlencoded; charset=UTF-8",
                "name=caf%C3%A9&address=origin.example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8)).send().ok().json();

        assertThat(backend.path("name").asText()).isEqualTo("caf\u00e9");
    }

    @Test
    void refusesDuplicateCreateWith409NamingTheBackend() {
        var sid = api.createService("duplicate");
        var first = api.createBackend(sid, 1, "origin_a", "a.example.com");

        var reply = api.post(backends(sid), form("name", "origin_a", "address", "other.example.com")).status(409);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Duplicate record");
        assertThat(reply.json().path("detail").asText()).isEqualTo("Duplicate backend: 'origin_a'");
        assertThat(api.get(backendPath(sid, 1, "origin_a")).ok().json()).isEqualTo(first);
    }

    @Test
    void clearsOverrideHostToNullWithAnEmptyValueOnPut() {
        var sid = api.createService("clear override");
        api.createBackend(sid, 1, "origin", "origin.example.com", "override_host", "host.example.com");

        var updated = api.put(backendPath(sid, 1, "origin"), "override_host=&port=0").ok().json();

        assertThat(updated.path("override_host").isNull()).as("override_host: %s", updated.path("override_host")).isTrue();
        assertThat(updated.path("port").asInt()).isEqualTo(0);
        assertThat(api.get(backendPath(sid, 1, "origin")).ok().json().path("override_host").isNull()).isTrue();
    }

    @Test
    void treatsEmptyOptionalValuesOnCreateAsUnset() {
        var sid = api.createService("empty on create");

        // What the CLI sends for an IP address, and what Terraform always sends.
        var backend = api.post(backends(sid), "address=192.0.2.1&name=ip&ssl_cert_hostname=&ssl_sni_hostname="
                + "&healthcheck=&shield=&request_condition=&override_host=&keepalive_time=").ok().json();

        for (var key : List.of("ssl_cert_hostname", "ssl_sni_hostname", "healthcheck", "shield", "override_host", "keepalive_time")) {
            assertThat(backend.path(key).isNull()).as("%s: %s", key, backend.path(key)).isTrue();
        }
        assertThat(backend.path("request_condition").isTextual()).isTrue();
        assertThat(backend.path("request_condition").asText()).isEqualTo("");
    }

    @Test
    void clearsCommentToEmptyStringNotNull() {
        var sid = api.createService("clear comment");
        api.createBackend(sid, 1, "origin", "origin.example.com", "comment", "something");

        var updated = api.put(backendPath(sid, 1, "origin"), "comment=").ok().json();

        assertThat(updated.path("comment").isTextual()).isTrue();
        assertThat(updated.path("comment").asText()).isEqualTo("");
    }

    @Test
    void servesNamesWithSlashThroughPercent2F() {
        var sid = api.createService("slash names");
        api.createBackend(sid, 1, "test/backend", "origin.example.com");

        var fetched = api.get("/service/" + sid + "/version/1/backend/test%2Fbackend").ok().json();
        var updated = api.put("/service/" + sid + "/version/1/backend/test%2Fbackend", form("weight", "5")).ok().json();
        var lower = api.get("/service/" + sid + "/version/1/backend/test%2fbackend").ok().json();
        var deleted = api.delete("/service/" + sid + "/version/1/backend/test%2Fbackend").ok().json();

        assertThat(fetched.path("name").asText()).isEqualTo("test/backend");
        assertThat(updated.path("weight").asInt()).isEqualTo(5);
        assertThat(lower.path("name").asText()).isEqualTo("test/backend");
        assertThat(deleted.path("status").asText()).isEqualTo("ok");
        api.get("/service/" + sid + "/version/1/backend/test%2Fbackend").status(404);
    }

    @Test
    void showsSlashNamesDecodedInTheNotFoundDetail() {
        var sid = api.createService("slash 404");

        var reply = api.get("/service/" + sid + "/version/1/backend/no%2Fsuch").status(404);

        assertThat(reply.json().path("detail").asText())
                .isEqualTo("Couldn't find Backend '{ deleted => 0000-00-00 00:00:00, name => no/such, service => " + sid
                        + ", version => 1 }'");
    }

    @ParameterizedTest(name = "form name {0}")
    @ValueSource(strings = {"backend+0", "backend%200"})
    void decodesPlusAndPercent20AsSpacesInFormNames(String encodedName) {
        var sid = api.createService("space " + encodedName);

        var backend = api.post(backends(sid), "name=" + encodedName + "&address=origin.example.com&comment=a+b%20c").ok().json();

        assertThat(backend.path("name").asText()).isEqualTo("backend 0");
        assertThat(backend.path("comment").asText()).isEqualTo("a b c");
        assertThat(api.get("/service/" + sid + "/version/1/backend/backend%200").ok().json().path("name").asText())
                .isEqualTo("backend 0");
    }

    @Test
    void keepsPlusInAPathSegmentAsAPlusSign() {
        var sid = api.createService("plus name");
        api.post(backends(sid), "name=a%2Bb&address=origin.example.com").ok();

        var fetched = api.get("/service/" + sid + "/version/1/backend/a+b").ok().json();

        assertThat(fetched.path("name").asText()).isEqualTo("a+b");
        api.get("/service/" + sid + "/version/1/backend/a%20b").status(404);
    }

    @Test
    void keepsRawNonAsciiFormTextIntactNextToAPlus() {
        var sid = api.createService("raw utf-8");

        var backend = api.post(backends(sid), "name=emoji&address=origin.example.com&comment=caf\u00e9+\ud83d\ude00").ok().json();

        assertThat(backend.path("comment").asText()).isEqualTo("caf\u00e9 \ud83d\ude00");
    }

    @Test
    void acceptsJsonBodiesWithNumbersBooleansAndNulls() {
        var sid = api.createService("json body");

        var created = api.call("POST", backends(sid)).json("{\"name\":\"json\",\"address\":\"origin.example.com\","
                + "\"port\":443,\"use_ssl\":false,\"weight\":25,\"override_host\":null,\"comment\":\"from json\","
                + "\"tcp_keepalive_enable\":true}").send().ok().json();
        var updated = api.call("PUT", backendPath(sid, 1, "json")).json("{\"max_conn\":77,\"ssl_check_cert\":false}")
                .send().ok().json();

        assertThat(created.path("port").asInt()).isEqualTo(443);
        assertThat(created.path("use_ssl").asBoolean(true)).isFalse();
        assertThat(created.path("weight").asInt()).isEqualTo(25);
        assertThat(created.path("override_host").isNull()).isTrue();
        assertThat(created.path("comment").asText()).isEqualTo("from json");
        assertThat(created.path("tcp_keepalive_enable").asBoolean()).isTrue();
        assertThat(updated.path("max_conn").asInt()).isEqualTo(77);
        assertThat(updated.path("ssl_check_cert").asBoolean(true)).isFalse();
        assertThat(updated.path("weight").asInt()).isEqualTo(25);
    }

    @Test
    void acceptsJsonBodyWithCharsetParameter() {
        var sid = api.createService("json charset");

        var created = api.call("POST", backends(sid)).body("application/json; charset=utf-8",
                "{\"name\":\"caf\u00e9\",\"address\":\"origin.example.com\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .send().ok().json();

        assertThat(created.path("name").asText()).isEqualTo("caf\u00e9");
    }

    @ParameterizedTest(name = "{0} means {1}")
    @CsvSource({"1, true", "0, false", "true, true", "false, false", "TRUE, true", "False, false"})
    void acceptsBooleansAsOneZeroTrueFalseInAnyCase(String sent, boolean expected) {
        var sid = api.createService("bool " + sent);

        var backend = api.post(backends(sid), form("name", "b", "address", "origin.example.com", "auto_loadbalance", sent,
                "ssl_check_cert", sent, "tcp_keepalive_enable", sent, "prefer_ipv6", sent, "use_ssl", sent)).ok().json();

        for (var key : List.of("auto_loadbalance", "ssl_check_cert", "tcp_keepalive_enable", "prefer_ipv6", "use_ssl")) {
            assertThat(backend.path(key).isBoolean()).as(key).isTrue();
            assertThat(backend.path(key).asBoolean()).as(key).isEqualTo(expected);
        }
    }

    @Test
    void ignoresUnknownKeysSuchAsServiceId() {
        var sid = api.createService("junk keys");

        var created = api.post(backends(sid), form("ServiceID", sid, "ServiceVersion", "1", "name", "origin", "address",
                "origin.example.com", "fetch_timeout", "5", "locked", "true")).ok().json();
        var updated = api.put(backendPath(sid, 1, "origin"), form("ServiceID", sid, "ServiceVersion", "1", "weight", "3")).ok().json();

        assertThat(VersionApiTest.fieldNames(created)).containsExactlyInAnyOrderElementsOf(BACKEND_KEYS);
        assertThat(updated.path("weight").asInt()).isEqualTo(3);
    }

    @Test
    void acceptsTheCliCreateWithManyFlags() {
        var sid = api.createService("cli flags");
        // Spec §6: what CLI v16.1.0 sent for `backend create` with many flags, minus the
        // references to a condition and a health check that do not exist in this version.
        var sent = "address=origin.example.com&auto_loadbalance=1&between_bytes_timeout=9000&comment=primary"
                + "&connect_timeout=1500&first_byte_timeout=20000&keepalive_time=60&max_conn=150"
                + "&max_lifetime=60000&max_tls_version=1.3&max_use=100&min_tls_version=1.2&name=origin_a"
                + "&override_host=origin.example.com&port=443&prefer_ipv6=1&shield=iad-va-us"
                + "&ssl_cert_hostname=origin.example.com&ssl_check_cert=0&ssl_ciphers=HIGH"
                + "&ssl_sni_hostname=origin.example.com&tcp_keepalive_enable=true&tcp_keepalive_interval=10"
                + "&tcp_keepalive_probes=3&tcp_keepalive_time=300&weight=50";

        var backend = api.post(backends(sid), sent).ok().json();

        var expected = Map.<String, Object>ofEntries(Map.entry("use_ssl", true), Map.entry("port", 443),
                Map.entry("auto_loadbalance", true), Map.entry("between_bytes_timeout", 9000), Map.entry("comment", "primary"),
                Map.entry("connect_timeout", 1500), Map.entry("first_byte_timeout", 20000), Map.entry("keepalive_time", 60),
                Map.entry("max_conn", 150), Map.entry("max_lifetime", 60000), Map.entry("max_tls_version", "1.3"),
                Map.entry("max_use", 100), Map.entry("min_tls_version", "1.2"), Map.entry("prefer_ipv6", true),
                Map.entry("shield", "iad-va-us"), Map.entry("ssl_check_cert", false), Map.entry("ssl_ciphers", "HIGH"),
                Map.entry("tcp_keepalive_enable", true), Map.entry("tcp_keepalive_interval", 10),
                Map.entry("tcp_keepalive_probes", 3), Map.entry("tcp_keepalive_time", 300), Map.entry("weight", 50));
        expected.forEach((key, value) -> assertThat(scalar(backend.path(key))).as(key).isEqualTo(value));
    }

    @Test
    void acceptsReferencesToConditionsAndHealthChecksAtWriteTime() {
        var sid = api.createService("references");

        var backend = api.post(backends(sid), form("name", "ref", "address", "origin.example.com",
                "request_condition", "is_api", "healthcheck", "hc1")).ok().json();

        assertThat(backend.path("request_condition").asText()).isEqualTo("is_api");
        assertThat(backend.path("healthcheck").asText()).isEqualTo("hc1");
    }

    @Test
    void listsBackendsInCreationOrder() {
        var sid = api.createService("list order");
        for (var name : List.of("zeta", "alpha", "mid")) {
            api.createBackend(sid, 1, name, name + ".example.com");
        }

        var names = new ArrayList<String>();
        api.get(backends(sid)).ok().json().forEach(b -> names.add(b.path("name").asText()));

        assertThat(names).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void deletesBackendWithStatusOkThenAnswers404() {
        var sid = api.createService("delete backend");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        var reply = api.delete(backendPath(sid, 1, "origin")).ok();

        assertThat(reply.json().path("status").asText()).isEqualTo("ok");
        api.get(backendPath(sid, 1, "origin")).status(404);
        api.delete(backendPath(sid, 1, "origin")).status(404);
        assertThat(api.get(backends(sid)).ok().json()).isEmpty();
    }

    @Test
    void rejectsBackendCreateOnLockedVersionWith422() {
        var sid = api.createService("locked create");
        api.put("/service/" + sid + "/version/1/lock").ok();

        var reply = api.post(backends(sid), form("name", "origin", "address", "origin.example.com")).status(422);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Version locked");
        assertThat(reply.json().path("detail").asText()).isEqualTo("Version '1' for service '" + sid + "' is locked");
        assertThat(api.get(backends(sid)).ok().json()).isEmpty();
    }

    @Test
    void rejectsBackendUpdateAndDeleteOnActiveVersionWith422() {
        var sid = api.createService("locked update");
        var before = api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/activate").ok();

        var update = api.put(backendPath(sid, 1, "origin"), form("weight", "1")).status(422);
        var delete = api.delete(backendPath(sid, 1, "origin")).status(422);

        assertThat(update.json().path("msg").asText()).isEqualTo("Version locked");
        assertThat(delete.json().path("detail").asText()).isEqualTo("Version '1' for service '" + sid + "' is locked");
        assertThat(api.get(backendPath(sid, 1, "origin")).ok().json()).isEqualTo(before);
    }

    @Test
    void answersUnknownBackendWithTheRecordedNotFoundDetail() {
        var sid = api.createService("unknown backend");

        var reply = api.get(backendPath(sid, 1, "test-backend")).status(404);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Record not found");
        assertThat(reply.json().path("detail").asText()).isEqualTo("Couldn't find Backend '{ deleted => 0000-00-00 00:00:00, "
                + "name => test-backend, service => " + sid + ", version => 1 }'");
    }

    private static JsonNode parse(String json) {
        try {
            return ApiHarness.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static Object scalar(JsonNode node) {
        if (node.isInt()) {
            return node.asInt();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        return node.toString();
    }
}
