package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a GET answers, sent back as the JSON body of the PUT on the same path, is taken as it is and
 * changes nothing: numbers Fastly answers as strings (condition {@code priority}), nulls, arrays
 * ({@code headers}) and the keys no schema knows ({@code service_id}, {@code created_at}, …) all
 * pass the one validation layer. Every PUT route that reads a body is tried, from the route table.
 */
class GetBodyRoundTripTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static final Map<String, String> NAMES = Map.of("backend", "origin", "condition", "cond", "healthcheck", "hc",
            "domain", "www.trip.example", "director", "lb", "logging/syslog", "sys", "logging/https", "web");
    private static String sid = "";

    @BeforeAll
    static void fixture() {
        sid = api.createService("trip");
        var base = "/service/" + sid + "/version/1/";
        api.post(base + "condition", ApiHarness.form("name", "cond", "statement", "req.url ~ \"^/a\"", "type", "REQUEST",
                "priority", "7")).ok();
        api.post(base + "healthcheck", ApiHarness.form("name", "hc", "headers", "[\"X-A: 1\",\"X-B: 2\"]")).ok();
        api.createBackend(sid, 1, "origin", "origin.example.com", "port", "443", "healthcheck", "hc", "request_condition", "cond",
                "override_host", "www.example.com", "keepalive_time", "30");
        api.post(base + "domain", ApiHarness.form("name", "www.trip.example", "comment", "a domain")).ok();
        api.put("/service/" + sid + "/version/1", ApiHarness.form("comment", "a version")).ok();
        api.post(base + "director", ApiHarness.form("name", "lb", "type", "3", "quorum", "50", "shield", "iad-va-us")).ok();
        api.post(base + "director/lb/backend/origin", ApiHarness.form()).ok();
        api.post(base + "condition", ApiHarness.form("name", "errors", "statement", "resp.status >= 500", "type", "RESPONSE")).ok();
        api.post(base + "logging/syslog", ApiHarness.form("name", "sys", "address", "192.0.2.1", "use_tls", "1", "token", "t",
                "placement", "none", "response_condition", "errors", "format", "%{json.escape(req.url)}V %>s")).ok();
        api.post(base + "logging/https", ApiHarness.form("name", "web", "url", "https://logs.example.com/", "compression_codec", "zstd",
                "header_name", "Authorization", "header_value", "Bearer x", "json_format", "2")).ok();
    }

    static Stream<String> paths() {
        return api.routes().stream()
                .filter(route -> route.method().equals("PUT") && route.body() != null)
                .map(route -> "/" + route.pattern().replace("{sid}", sid).replace("{v}", "1")
                        .replace("{name}", ApiHarness.segment(NAMES.getOrDefault(route.body().kind(), "none"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void aGetBodySentBackByPutIsTakenAndChangesNothing(String path) {
        var before = api.get(path).ok().json();

        var reply = api.call("PUT", path).json(before.toString()).send().ok().json();

        assertThat(withoutTimes(reply)).as(path).isEqualTo(withoutTimes(before));
        assertThat(withoutTimes(api.get(path).ok().json())).as(path).isEqualTo(withoutTimes(before));
    }

    private static JsonNode withoutTimes(JsonNode node) {
        var copy = (ObjectNode) node.deepCopy();
        copy.remove("updated_at");
        return copy;
    }
}
