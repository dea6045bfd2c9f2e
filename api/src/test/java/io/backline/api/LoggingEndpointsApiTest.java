package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fastly's syslog and HTTPS logging endpoints through the API, on the store the build selects
 * (SQLite, then PostgreSQL): create as go-fastly and the CLI send it (a form), Fastly's defaults
 * and types, list, get, partial update, rename, delete, clone, diff, validation and the edge feed;
 * every bad field is a 400 whose detail names the field and the rule.
 */
class LoggingEndpointsApiTest {
    private static final String PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static String path(String sid, int version, String kind) {
        return "/service/" + sid + "/version/" + version + "/logging/" + kind;
    }

    @Test
    void aSyslogEndpointAnswersFastlysDefaultsAndTypes() {
        var sid = api.createService("syslog defaults");

        var created = api.post(path(sid, 1, "syslog"), ApiHarness.form("name", "sys", "address", "logs.example.com")).ok().json();

        assertThat(created.path("name").asText()).isEqualTo("sys");
        assertThat(created.path("address").asText()).isEqualTo("logs.example.com");
        assertThat(created.path("hostname").asText()).isEqualTo("logs.example.com");
        assertThat(created.path("ipv4").isNull()).isTrue();
        assertThat(created.path("port").isTextual()).isTrue();
        assertThat(created.path("port").asText()).isEqualTo("514");
        assertThat(created.path("use_tls").asText()).isEqualTo("0");
        assertThat(created.path("message_type").asText()).isEqualTo("classic");
        assertThat(created.path("format").asText()).isEqualTo("%h %l %u %t \"%r\" %>s %b");
        assertThat(created.path("format_version").asText()).isEqualTo("2");
        assertThat(created.path("placement").isNull()).isTrue();
        assertThat(created.path("response_condition").asText()).isEmpty();
        assertThat(created.path("token").isNull()).isTrue();
        assertThat(created.path("tls_ca_cert").isNull()).isTrue();
        assertThat(created.path("log_processing_region").asText()).isEqualTo("none");
        assertThat(created.path("service_id").asText()).isEqualTo(sid);
        assertThat(created.path("version").asText()).isEqualTo("1");
        assertThat(created.path("version").isTextual()).isTrue();
        assertThat(created.has("created_at")).isTrue();
        assertThat(created.path("deleted_at").isNull()).isTrue();
    }

    @Test
    void anHttpsEndpointAnswersFastlysDefaultsAndTypes() {
        var sid = api.createService("https defaults");

        var created = api.post(path(sid, 1, "https"), ApiHarness.form("name", "web", "url", "https://logs.example.com/in")).ok().json();

        assertThat(created.path("url").asText()).isEqualTo("https://logs.example.com/in");
        assertThat(created.path("request_max_entries").isInt()).isTrue();
        assertThat(created.path("request_max_entries").asInt()).isZero();
        assertThat(created.path("request_max_bytes").asInt()).isZero();
        assertThat(created.path("content_type").isNull()).isTrue();
        assertThat(created.path("header_name").isNull()).isTrue();
        assertThat(created.path("header_value").isNull()).isTrue();
        assertThat(created.path("method").asText()).isEqualTo("POST");
        assertThat(created.path("json_format").asText()).isEqualTo("0");
        assertThat(created.path("message_type").asText()).isEqualTo("blank");
        assertThat(created.path("format_version").asText()).isEqualTo("2");
        assertThat(created.path("period").asInt()).isEqualTo(5);
        assertThat(created.path("gzip_level").asInt()).isZero();
        assertThat(created.path("compression_codec").isNull()).isTrue();
        assertThat(created.path("add_batch_size_header").asBoolean()).isFalse();
        assertThat(created.path("version").asText()).isEqualTo("1");
    }

    @Test
    void listGetUpdateRenameAndDeleteASyslogEndpoint() {
        var sid = api.createService("syslog crud");
        var base = path(sid, 1, "syslog");
        api.post(base, ApiHarness.form("name", "a", "address", "192.0.2.10", "port", "6514", "use_tls", "1", "tls_hostname", "logs.example.com",
                "tls_ca_cert", PEM_CERT, "token", "tok-1", "message_type", "loggly", "format", "%{req.url}V %>s", "placement", "none"))
                .ok();
        api.post(base, ApiHarness.form("name", "b", "address", "b.example.com")).ok();
        assertThat(api.post(base, ApiHarness.form("name", "b", "address", "c.example.com")).status(409).json().path("detail").asText())
                .isEqualTo("Duplicate logging_syslog: 'b'");

        var list = api.get(base).ok().json();
        assertThat(names(list)).containsExactly("a", "b");
        var a = api.get(base + "/a").ok().json();
        assertThat(a.path("ipv4").asText()).isEqualTo("192.0.2.10");
        assertThat(a.path("hostname").isNull()).isTrue();
        assertThat(a.path("port").asText()).isEqualTo("6514");
        assertThat(a.path("use_tls").asText()).isEqualTo("1");
        assertThat(a.path("tls_ca_cert").asText()).isEqualTo(PEM_CERT);
        assertThat(a.path("token").asText()).isEqualTo("tok-1");
        assertThat(a.path("message_type").asText()).isEqualTo("loggly");
        assertThat(a.path("placement").asText()).isEqualTo("none");

        var updated = api.put(base + "/a", ApiHarness.form("port", "1514", "placement", "null")).ok().json();
        assertThat(updated.path("port").asText()).isEqualTo("1514");
        assertThat(updated.path("placement").isNull()).isTrue();
        assertThat(updated.path("token").asText()).as("fields not sent stay").isEqualTo("tok-1");

        api.put(base + "/a", ApiHarness.form("name", "renamed")).ok();
        api.get(base + "/a").status(404);
        assertThat(api.get(base + "/renamed").ok().json().path("port").asText()).isEqualTo("1514");
        api.put(base + "/renamed", ApiHarness.form("name", "b")).status(409);

        api.delete(base + "/renamed").ok();
        assertThat(names(api.get(base).ok().json())).containsExactly("b");
        api.delete(base + "/renamed").status(404);
    }

    @Test
    void anHttpsEndpointUpdatesPartiallyAndAcceptsJsonAsGoFastly16SendsIt() {
        var sid = api.createService("https update");
        var base = path(sid, 1, "https");
        api.post(base, ApiHarness.form("name", "web", "url", "https://logs.example.com/", "gzip_level", "6")).ok();

        var updated = api.call("PUT", base + "/web").json("{\"method\":\"PUT\",\"json_format\":\"2\",\"request_max_entries\":500,"
                + "\"header_name\":\"Authorization\",\"header_value\":\"Bearer x\",\"compression_codec\":\"zstd\"}").send().ok().json();

        assertThat(updated.path("method").asText()).isEqualTo("PUT");
        assertThat(updated.path("json_format").asText()).isEqualTo("2");
        assertThat(updated.path("request_max_entries").asInt()).isEqualTo(500);
        assertThat(updated.path("header_value").asText()).isEqualTo("Bearer x");
        assertThat(updated.path("compression_codec").asText()).isEqualTo("zstd");
        assertThat(updated.path("gzip_level").isNull()).as("a codec brings its own level").isTrue();
        var relevelled = api.put(base + "/web", ApiHarness.form("gzip_level", "3")).ok().json();
        assertThat(relevelled.path("compression_codec").isNull()).isTrue();
        assertThat(relevelled.path("gzip_level").asInt()).isEqualTo(3);
    }

    @Test
    void responseConditionMustNameAResponseConditionOfTheSameVersion() {
        var sid = api.createService("syslog condition");
        api.post("/service/" + sid + "/version/1/condition", ApiHarness.form("name", "errors", "statement", "resp.status >= 500",
                "type", "RESPONSE")).ok();
        api.post("/service/" + sid + "/version/1/condition", ApiHarness.form("name", "api", "statement", "req.url ~ \"^/api\"",
                "type", "REQUEST")).ok();
        var base = path(sid, 1, "syslog");

        var missing = api.post(base, ApiHarness.form("name", "s", "address", "x.example.com", "response_condition", "nope")).status(400);
        assertThat(missing.json().path("detail").asText())
                .isEqualTo("response_condition: 'nope' names no condition in version 1 (expected: the name of a RESPONSE condition of the"
                        + " version)");
        var wrongType = api.post(base, ApiHarness.form("name", "s", "address", "x.example.com", "response_condition", "api")).status(400);
        assertThat(wrongType.json().path("detail").asText())
                .isEqualTo("response_condition: 'api' is a REQUEST condition (expected: a RESPONSE condition)");

        api.post(base, ApiHarness.form("name", "s", "address", "x.example.com", "response_condition", "errors")).ok();
        api.put(base + "/s", ApiHarness.form("response_condition", "api")).status(400);
        assertThat(api.get("/service/" + sid + "/version/1/validate").ok().json().path("status").asText()).isEqualTo("ok");

        api.delete("/service/" + sid + "/version/1/condition/errors").ok();
        var report = api.get("/service/" + sid + "/version/1/validate").ok().json();
        assertThat(report.path("status").asText()).isEqualTo("error");
        assertThat(report.path("errors").toString()).contains("Syslog 's': response_condition 'errors' names no condition in version 1");
    }

    @Test
    void cloneCarriesTheEndpointsAndTheDiffShowsTheirChanges() {
        var sid = api.createService("logging clone");
        api.post(path(sid, 1, "syslog"), ApiHarness.form("name", "sys", "address", "logs.example.com")).ok();
        api.post(path(sid, 1, "https"), ApiHarness.form("name", "web", "url", "https://logs.example.com/")).ok();

        api.put("/service/" + sid + "/version/1/clone").ok();
        assertThat(api.get(path(sid, 2, "syslog") + "/sys").ok().json().path("version").asText()).isEqualTo("2");
        assertThat(api.get(path(sid, 2, "https") + "/web").ok().json().path("url").asText()).isEqualTo("https://logs.example.com/");

        api.put(path(sid, 2, "syslog") + "/sys", ApiHarness.form("use_tls", "true", "port", "6514")).ok();
        api.delete(path(sid, 2, "https") + "/web").ok();
        var changes = api.get("/service/" + sid + "/diff/from/1/to/2").ok().json().path("changes");

        var byKind = new ArrayList<String>();
        changes.forEach(change -> byKind.add(change.path("kind").asText() + " " + change.path("name").asText() + " "
                + change.path("change").asText()));
        assertThat(byKind).containsExactly("logging/syslog sys changed", "logging/https web removed");
        var fields = changes.get(0).path("fields");
        assertThat(fields.toString()).contains("{\"field\":\"port\",\"from\":\"514\",\"to\":\"6514\"}",
                "{\"field\":\"use_tls\",\"from\":\"0\",\"to\":\"1\"}");
    }

    @Test
    void theActiveVersionsEndpointsReachTheEdgeFeed() {
        var sid = api.createService("logging feed");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.post(path(sid, 1, "syslog"), ApiHarness.form("name", "sys", "address", "192.0.2.5", "format", "%{req.url}V")).ok();
        api.post(path(sid, 1, "https"), ApiHarness.form("name", "web", "url", "https://logs.example.com/", "json_format", "2")).ok();
        api.put("/service/" + sid + "/version/1/activate").ok();

        var answer = api.post("/_backline/edge/sync", ApiHarness.form("edge_id", "logging-edge", "wait_seconds", "0")).ok().json();
        JsonNode fed = null;
        for (var service : answer.path("changed")) {
            if (service.path("service_id").asText().equals(sid)) {
                fed = service;
            }
        }

        assertThat(fed).as("the service in the edge feed: %s", answer).isNotNull();
        assertThat(names(fed.path("logging/syslog"))).containsExactly("sys");
        assertThat(fed.path("logging/syslog").get(0).path("format").asText()).isEqualTo("%{req.url}V");
        assertThat(fed.path("logging/syslog").get(0).path("ipv4").asText()).isEqualTo("192.0.2.5");
        assertThat(names(fed.path("logging/https"))).containsExactly("web");
        assertThat(fed.path("logging/https").get(0).path("json_format").asText()).isEqualTo("2");
    }

    @Test
    void theOtherLoggingKindsStillAnswerAnEmptyList() {
        var sid = api.createService("logging others");

        assertThat(api.get(path(sid, 1, "s3")).ok().json().isArray()).isTrue();
        assertThat(api.get(path(sid, 1, "syslog")).ok().json()).isEmpty();
        assertThat(api.get(path(sid, 1, "https")).ok().json()).isEmpty();
    }

    static Stream<Bad> badSyslogFields() {
        return Stream.of(
                bad("address", "address: missing", "name", "s"),
                bad("address", "address: Address 'not a host!'", "name", "s", "address", "not a host!"),
                bad("port", "port: 70000 is out of range", "name", "s", "address", "x.example.com", "port", "70000"),
                bad("port", "port: 0 is out of range", "name", "s", "address", "x.example.com", "port", "0"),
                bad("port", "port: 'abc' is not an integer", "name", "s", "address", "x.example.com", "port", "abc"),
                bad("use_tls", "use_tls: 'maybe' is not a boolean", "name", "s", "address", "x.example.com", "use_tls", "maybe"),
                bad("message_type", "message_type: 'json' (expected: classic, loggly, logplex or blank)", "name", "s", "address",
                    "x.example.com", "message_type", "json"),
                bad("format_version", "format_version: 3 is out of range (expected: an integer from 1 to 2)", "name", "s",
                    "address", "x.example.com", "format_version", "3"),
                bad("placement", "placement: 'vcl_recv' (expected: none, waf_debug, null or empty)", "name", "s", "address",
                    "x.example.com", "placement", "vcl_recv"),
                bad("format", "format: unknown directive %Q at position 12 (expected: one of %a", "name", "s", "address",
                    "x.example.com", "format", "%h %l %u %t%Q"),
                bad("format", "format: unknown variable req.nope at position 3", "name", "s", "address", "x.example.com", "format",
                    "%{req.nope}V"),
                bad("format", "format: %{...}V in format_version 1 at position 1", "name", "s", "address", "x.example.com",
                    "format", "%{req.url}V", "format_version", "1"),
                bad("tls_ca_cert", "tls_ca_cert: not PEM", "name", "s", "address", "x.example.com", "tls_ca_cert", "hello"),
                bad("tls_client_key", "tls_client_key: missing (expected: tls_client_cert and tls_client_key together)", "name",
                    "s", "address", "x.example.com", "tls_client_cert", PEM_CERT),
                bad("tls_hostname", "tls_hostname: 'a b'", "name", "s", "address", "x.example.com", "tls_hostname", "a b"),
                bad("log_processing_region", "log_processing_region: 'mars'", "name", "s", "address", "x.example.com",
                    "log_processing_region", "mars"),
                bad("name", "name: missing", "address", "x.example.com"));
    }

    static Stream<Bad> badHttpsFields() {
        return Stream.of(
                bad("url", "url: missing", "name", "h"),
                bad("url", "url: 'http://logs.example.com/' (expected: an https:// URL with a host", "name", "h", "url",
                    "http://logs.example.com/"),
                bad("url", "url: 'https:///nohost' (expected: an https:// URL with a host", "name", "h", "url", "https:///nohost"),
                bad("url", "url: 'https://exa mple.com/'", "name", "h", "url", "https://exa mple.com/"),
                bad("method", "method: 'GET' (expected: POST or PUT)", "name", "h", "url", "https://x.example.com/", "method",
                    "GET"),
                bad("json_format", "json_format: '3' (expected: 0, 1 or 2)", "name", "h", "url", "https://x.example.com/",
                    "json_format", "3"),
                bad("request_max_entries", "request_max_entries: -1 is out of range", "name", "h", "url", "https://x.example.com/",
                    "request_max_entries", "-1"),
                bad("request_max_bytes", "request_max_bytes: 'lots' is not an integer", "name", "h", "url",
                    "https://x.example.com/", "request_max_bytes", "lots"),
                bad("content_type", "content_type: 'json' (expected: a media type", "name", "h", "url", "https://x.example.com/",
                    "content_type", "json"),
                bad("header_name", "header_name: 'Bad Header' (expected: an HTTP header name", "name", "h", "url",
                    "https://x.example.com/", "header_name", "Bad Header"),
                bad("header_value", "header_value: 'a\nb' (expected: a header value without control characters)", "name", "h",
                    "url", "https://x.example.com/", "header_value", "a\nb"),
                bad("compression_codec", "compression_codec: 'brotli' (expected: zstd, snappy or gzip)", "name", "h", "url",
                    "https://x.example.com/", "compression_codec", "brotli"),
                bad("compression_codec", "compression_codec: sent with gzip_level", "name", "h", "url", "https://x.example.com/",
                    "compression_codec", "gzip", "gzip_level", "4"),
                bad("gzip_level", "gzip_level: 10 is out of range (expected: an integer from 0 to 9)", "name", "h", "url",
                    "https://x.example.com/", "gzip_level", "10"),
                bad("period", "period: -5 is out of range", "name", "h", "url", "https://x.example.com/", "period", "-5"),
                bad("format", "format: lone % at the end at position 4", "name", "h", "url", "https://x.example.com/", "format",
                    "%h %"));
    }

    /** One bad field: the detail the 400 must start with, and the form that carries it. */
    record Bad(String field, String detail, String[] form) {
        @Override
        public String toString() {
            return field + ": " + detail;
        }
    }

    private static Bad bad(String field, String detail, String... form) {
        return new Bad(field, detail, form);
    }

    @ParameterizedTest(name = "syslog {0}")
    @MethodSource("badSyslogFields")
    void aBadSyslogFieldIsA400NamingTheField(Bad bad) {
        refused(bad, "syslog");
    }

    @ParameterizedTest(name = "https {0}")
    @MethodSource("badHttpsFields")
    void aBadHttpsFieldIsA400NamingTheField(Bad bad) {
        refused(bad, "https");
    }

    private static void refused(Bad bad, String kind) {
        var sid = api.createService("bad " + kind + " " + bad.field());
        var reply = api.post(path(sid, 1, kind), ApiHarness.form(bad.form())).status(400);
        assertThat(reply.json().path("msg").asText()).isNotEmpty();
        assertThat(reply.json().path("detail").asText()).startsWith(bad.detail());
        assertThat(api.get(path(sid, 1, kind)).ok().json()).as("nothing stored").isEmpty();
    }

    private static List<String> names(JsonNode list) {
        var names = new ArrayList<String>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
