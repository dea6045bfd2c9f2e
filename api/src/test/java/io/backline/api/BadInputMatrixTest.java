package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input, one row each: every row gets its 4xx (never a 5xx), Fastly's {@code {"msg","detail"}}
 * body with a detail that names the field and the rule, and leaves the stored state as it was.
 * {@code {sid}} in a path is the fixture service; version 1 is a draft holding backend {@code origin}.
 */
class BadInputMatrixTest {
    private static final String UNKNOWN_SID = "NoSuchService0000000000";
    private static final String BACKENDS = "/service/{sid}/version/1/backend";
    private static final String ORIGIN = BACKENDS + "/origin";

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static String sid = "";

    @BeforeAll
    static void fixture() {
        sid = api.createService("matrix");
        api.createBackend(sid, 1, "origin", "origin.example.com", "override_host", "host.example.com");
        api.createBackend(sid, 1, "other", "other.example.com");
        api.post("/service/" + sid + "/version", "").ok();
    }

    /**
     * One bad request and what it must get.
     *
     * @param transport how the request travels: the HTTP client, the client with a chunked body, or a plain
     *     socket for targets {@link java.net.URI} refuses to build
     * @param mentions what the detail must contain: the field, then words of the rule
     */
    enum Transport { CLIENT, CHUNKED, SOCKET }

    record Case(String label, String method, String path, @Nullable String contentType, String body, Transport transport,
            Set<Integer> statuses, List<String> mentions) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static Case form(String label, String method, String path, String body, int status, String... mentions) {
        return new Case(label, method, path, ApiHarness.FORM, body, Transport.CLIENT, Set.of(status), List.of(mentions));
    }

    private static Case json(String label, String method, String path, String body, int status, String... mentions) {
        return new Case(label, method, path, ApiHarness.JSON, body, Transport.CLIENT, Set.of(status), List.of(mentions));
    }

    private static Case get(String label, String path, Set<Integer> statuses, String... mentions) {
        return new Case(label, "GET", path, null, "", Transport.CLIENT, statuses, List.of(mentions));
    }

    private static Case raw(String label, String method, String path, String body, int status, String... mentions) {
        return new Case(label, method, path, body.isEmpty() ? null : ApiHarness.FORM, body, Transport.SOCKET, Set.of(status), List.of(mentions));
    }

    static Stream<Case> cases() {
        var big = "name=big&address=big.example.com&comment=" + "a".repeat(1 << 20);
        return Stream.of(
                form("non-numeric port on create", "POST", BACKENDS, "name=p&address=p.example.com&port=abc", 400, "port", "abc", "integer"),
                form("non-numeric port on update", "PUT", ORIGIN, "port=eighty", 400, "port", "eighty", "integer"),
                form("port 70000", "POST", BACKENDS, "name=p&address=p.example.com&port=70000", 400, "port", "70000", "65535"),
                form("port 70000 on update", "PUT", ORIGIN, "port=70000", 400, "port", "70000", "65535"),
                form("port with eleven digits", "POST", BACKENDS, "name=p&address=p.example.com&port=99999999999", 400, "port", "integer"),
                form("negative connect_timeout", "POST", BACKENDS, "name=p&address=p.example.com&connect_timeout=-1", 400,
                        "connect_timeout", "-1", "integer"),
                form("non-numeric weight", "PUT", ORIGIN, "weight=heavy", 400, "weight", "heavy", "integer"),
                form("use_ssl=yes", "POST", BACKENDS, "name=p&address=p.example.com&use_ssl=yes", 400, "use_ssl", "yes", "boolean"),
                form("tcp_keepalive_enable=on", "PUT", ORIGIN, "tcp_keepalive_enable=on", 400, "tcp_keepalive_enable", "boolean"),
                form("address=host:80", "POST", BACKENDS, "name=p&address=host:80", 400, "address", "host:80",
                        "not a valid IPv4, IPv6 or hostname"),
                form("address=host:80 on update", "PUT", ORIGIN, "address=origin.example.com:8080", 400, "address",
                        "not a valid IPv4, IPv6 or hostname"),
                form("address with a scheme", "POST", BACKENDS, "name=p&address=https%3A%2F%2Fp.example.com", 400, "address",
                        "not a valid IPv4, IPv6 or hostname"),
                form("cleared address on update", "PUT", ORIGIN, "address=", 400, "address", "expected"),
                form("missing address on create", "POST", BACKENDS, "name=p", 400, "address", "required"),
                form("missing name on create", "POST", BACKENDS, "address=p.example.com", 400, "name", "required"),
                form("empty name on create", "POST", BACKENDS, "name=&address=p.example.com", 400, "name", "required"),
                form("empty name on rename", "PUT", ORIGIN, "name=", 400, "name", "required"),
                form("name of 256 characters", "POST", BACKENDS, "address=p.example.com&name=" + "n".repeat(256), 400, "name", "255"),
                form("min_tls_version=2.0", "PUT", ORIGIN, "min_tls_version=2.0", 400, "min_tls_version", "1.3"),
                form("min_tls_version above max_tls_version", "PUT", ORIGIN, "min_tls_version=1.3&max_tls_version=1.2", 400,
                        "min_tls_version", "max_tls_version"),
                form("override_host with a space", "PUT", ORIGIN, "override_host=bad+host", 400, "override_host", "Host"),
                form("unknown service", "POST", "/service/" + UNKNOWN_SID + "/version/1/backend",
                        "name=p&address=p.example.com", 404, UNKNOWN_SID),
                form("unknown version", "POST", "/service/{sid}/version/99/backend", "name=p&address=p.example.com", 404,
                        "Version", "99"),
                form("unknown backend on update", "PUT", BACKENDS + "/nope", "weight=1", 404, "Backend", "nope"),
                new Case("unknown backend on delete", "DELETE", BACKENDS + "/nope", null, "", Transport.CLIENT, Set.of(404),
                        List.of("Backend", "nope")),
                get("unknown backend on get", BACKENDS + "/nope", Set.of(404), "Backend", "nope"),
                get("unknown service on get", "/service/" + UNKNOWN_SID, Set.of(404), UNKNOWN_SID),
                // NUL can be in no name, and PostgreSQL cannot compare text holding one: refused before the store.
                get("NUL in a backend name on get", BACKENDS + "/a%00b", Set.of(400), "path", "NUL"),
                get("NUL alone as a domain name", "/service/{sid}/version/1/domain/%00", Set.of(400), "path", "NUL"),
                get("NUL in a service id", "/service/ab%00cd", Set.of(400), "path", "NUL"),
                get("NUL in a search query", "/service/search?name=a%00b", Set.of(400), "query: name", "NUL"),
                form("NUL in a backend name on update", "PUT", BACKENDS + "/%00", "port=81", 400, "path", "NUL"),
                form("duplicate name", "POST", BACKENDS, "name=origin&address=p.example.com", 409, "Duplicate backend: 'origin'"),
                form("rename onto an existing name", "PUT", ORIGIN, "name=other", 409, "Duplicate backend: 'other'"),
                json("invalid JSON body", "POST", BACKENDS, "{\"name\": \"p\",", 400, "body", "JSON"),
                json("JSON body with trailing content", "POST", BACKENDS,
                        "{\"name\":\"p\",\"address\":\"p.example.com\"} {\"name\":\"q\"}", 400, "body", "JSON"),
                json("JSON array body", "POST", BACKENDS, "[\"name\", \"p\"]", 400, "body", "JSON object"),
                json("JSON body with a nested object", "POST", BACKENDS,
                        "{\"name\":\"p\",\"address\":{\"host\":\"p.example.com\"}}", 400, "address", "not a string"),
                json("JSON port as text", "PUT", ORIGIN, "{\"port\":\"abc\"}", 400, "port", "integer"),
                form("body over 1 MiB", "POST", BACKENDS, big, 413, "body", "1048576"),
                new Case("body over 1 MiB without Content-Length", "POST", BACKENDS, ApiHarness.FORM, big, Transport.CHUNKED,
                        Set.of(413), List.of("body", "1048576")),
                get("version abc in the path", "/service/{sid}/version/abc", Set.of(400, 404), "version", "abc"),
                get("version 0 in the path", "/service/{sid}/version/0", Set.of(400, 404), "version", "0"),
                new Case("version abc on backend create", "POST", "/service/{sid}/version/abc/backend", ApiHarness.FORM,
                        "name=p&address=p.example.com", Transport.CLIENT, Set.of(400, 404), List.of("version", "abc")),
                get("version abc in details", "/service/{sid}/details?version=abc", Set.of(400, 404), "version", "abc"),
                form("broken percent escape in a form value", "POST", BACKENDS, "name=%zz&address=p.example.com", 400,
                        "body", "percent-escape", "%XX"),
                form("truncated percent escape in a form", "POST", BACKENDS, "name=p&address=p.example.com&comment=50%", 400,
                        "body", "percent-escape"),
                form("invalid UTF-8 in a form", "POST", BACKENDS, "name=%FF%FE&address=p.example.com", 400, "UTF-8"),
                raw("broken percent escape in the path", "GET", BACKENDS + "/%zz", "", 400, "path", "percent-escape"),
                raw("broken percent escape in the path of an update", "PUT", BACKENDS + "/or%g1", "weight=1", 400, "path",
                        "percent-escape"),
                raw("broken percent escape in the query", "GET", "/service?per_page=%zz", "", 400, "query", "percent-escape"),
                raw("a request line over 8 KiB", "GET", "/service/" + "x".repeat(9_000), "", 414, "request line", "8192"),
                raw("a query over 8 KiB", "GET", "/service?name=" + "x".repeat(9_000), "", 414, "request line", "8192"),
                get("per_page=0", "/service?per_page=0", Set.of(400), "per_page", "0", "integer"),
                get("page=abc", "/service?page=abc", Set.of(400), "page", "abc", "integer"),
                get("sort=bogus", "/service?sort=bogus", Set.of(400), "sort", "bogus", "created"),
                get("direction=sideways", "/service?direction=sideways", Set.of(400), "direction", "sideways", "ascend"),
                get("search without a name", "/service/search", Set.of(400), "name"),
                form("unknown service type", "POST", "/service", "name=typed&type=edge", 400, "type", "edge", "vcl"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersBadInputWithA4xxAndItsDetailAndWritesNothing(Case bad) {
        var before = state();
        var path = bad.path().replace("{sid}", sid);

        var bytes = bad.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var reply = switch (bad.transport()) {
            case CLIENT -> api.call(bad.method(), path).body(bad.contentType(), bytes).send();
            case CHUNKED -> api.call(bad.method(), path).body(bad.contentType(), bytes).chunked().send();
            case SOCKET -> api.raw(bad.method(), path, bad.contentType(), bad.body());
        };

        var what = bad.label() + ": " + reply;
        assertThat(reply.status()).as(what).isIn(bad.statuses());
        assertThat(reply.header("content-type")).as("Content-Type of %s", what).startsWith("application/json");
        var body = reply.json();
        assertThat(body.path("msg").isTextual()).as("msg of %s", what).isTrue();
        assertThat(body.path("msg").asText()).as(what).isEqualTo(expectedMsg(reply.status()));
        assertThat(body.path("detail").isTextual()).as("detail of %s", what).isTrue();
        assertThat(body.path("detail").asText()).as(what).contains(bad.mentions());
        assertThat(state()).as("state after %s", bad.label()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void answersHeadersOverTheLimitInFastlysShape() {
        var reply = api.raw("GET", "/service", java.util.Map.of("Fastly-Key", api.adminToken(), "X-Big", "x".repeat(20_000)), new byte[0]);

        // Helidon refuses them with a plain 400 before routing; the detail names both things it may be.
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().path("msg").asText()).isEqualTo("Bad request");
        assertThat(reply.json().path("detail").asText()).contains("headers", "16384");
    }

    private static String expectedMsg(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Record not found";
            case 409 -> "Duplicate record";
            case 413 -> "Request entity too large";
            case 414 -> "Request-URI Too Long";
            default -> throw new AssertionError("no expected msg for " + status);
        };
    }

    /** Everything a bad request could have written: every service, and the fixture's versions and backends. */
    private static JsonNode state() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.set("services", api.get("/service?per_page=1000").ok().json());
        state.set("versions", api.get("/service/" + sid + "/version").ok().json());
        for (var version : List.of(1, 2)) {
            state.set("backends" + version, api.get("/service/" + sid + "/version/" + version + "/backend").ok().json());
        }
        return state;
    }
}
