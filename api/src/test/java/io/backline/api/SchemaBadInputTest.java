package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.backline.condition.StandardKinds;
import io.backline.model.Field;
import io.backline.model.ObjectKind;
import io.backline.model.Schema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input generated from the server's route table and the schemas its routes read bodies with:
 * every field of every such route (services, versions, backends, conditions, health checks,
 * domains, explain, the edge report), on create and on update, as JSON and as a form, against every
 * class of bad value its kind must refuse. A new field, kind or body route is covered without new
 * test code. Each case must get a 400 with Fastly's {@code {"msg","detail"}} body whose detail names
 * the field, and must leave everything as it was (on create: nothing new exists).
 *
 * <p>Besides the fields, every POST and PUT route gets bodies that are not exactly one JSON object.
 */
class SchemaBadInputTest {
    private static final String JSON = ApiHarness.JSON;
    private static final String FORM = ApiHarness.FORM;

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    /** An object of each kind in version 1 of the fixture service, for the {name} of updates. */
    private static final Map<String, String> EXISTING = Map.of("backend", "origin", "condition", "cond", "healthcheck", "hc",
            "domain", "www.table.example", "director", "lb", "logging/syslog", "sys", "logging/https", "web");

    /** The least a create needs besides the field under test, by schema kind (a kind without one gets none). */
    private static final Map<String, Map<String, String>> BASE = Map.of(
            "backend", Map.of("name", "new-backend", "address", "new.example.com"),
            "condition", Map.of("name", "new-cond", "statement", "req.url ~ \"^/new\"", "type", "REQUEST"),
            "healthcheck", Map.of("name", "new-hc"),
            "domain", Map.of("name", "new.table.example"),
            "director", Map.of("name", "new-director"),
            "logging/syslog", Map.of("name", "new-syslog", "address", "logs.example.com"),
            "logging/https", Map.of("name", "new-https", "url", "https://logs.example.com/"),
            "service", Map.of("name", "new-service"),
            "edge report", Map.of("edge_id", "table-edge"));

    private static String sid = "";
    private static @Nullable JsonNode state;

    @BeforeAll
    static void fixture() {
        sid = api.createService("table");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.post("/service/" + sid + "/version/1/condition", ApiHarness.form("name", "cond", "statement", "req.url ~ \"^/a\"",
                "type", "REQUEST")).ok();
        api.post("/service/" + sid + "/version/1/healthcheck", ApiHarness.form("name", "hc")).ok();
        api.post("/service/" + sid + "/version/1/domain", ApiHarness.form("name", "www.table.example")).ok();
        api.post("/service/" + sid + "/version/1/director", ApiHarness.form("name", "lb")).ok();
        api.post("/service/" + sid + "/version/1/logging/syslog", ApiHarness.form("name", "sys", "address", "logs.example.com")).ok();
        api.post("/service/" + sid + "/version/1/logging/https", ApiHarness.form("name", "web", "url", "https://logs.example.com/")).ok();
        baseBodiesAreValid();
        state = state();
    }

    /** Each create's base body alone is not refused, so a case's 400 comes from its bad value. */
    private static void baseBodiesAreValid() {
        var scratch = api.createService("scratch");
        for (var route : bodyRoutes()) {
            if (route.method().equals("POST")) {
                var reply = api.post(path(route, scratch), form(base(route), List.of()));
                assertThat(reply.status()).as("base body of %s: %s", route.pattern(), reply).isNotEqualTo(400);
            }
        }
    }

    // ---- the cases -------------------------------------------------------------------------------

    /** One bad request: where it goes, its body, and the field its detail must name. */
    record Case(String label, String method, String path, String contentType, byte[] body, String mentions) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static List<Router.Route> bodyRoutes() {
        return api.routes().stream().filter(route -> route.body() != null).toList();
    }

    static Stream<Case> fieldCases() {
        var cases = new ArrayList<Case>();
        for (var route : bodyRoutes()) {
            var schema = java.util.Objects.requireNonNull(route.body());
            for (var field : schema.fields()) {
                if (field.readOnly()) {
                    continue; // never read from a body, so nothing in one is refused (DirectorApiTest sends one)
                }
                for (var bad : FieldValues.bad(field)) {
                    var base = base(route);
                    base.remove(field.name());
                    var label = route.method() + " " + route.pattern() + " " + field.name() + ": " + bad.label();
                    if (bad.json() != null) {
                        cases.add(new Case(label + " (JSON)", route.method(), path(route, sid), JSON,
                                json(base, List.of(Map.entry(field.name(), bad.json()))), field.name()));
                    }
                    if (bad.form() != null) {
                        cases.add(new Case(label + " (form)", route.method(), path(route, sid), FORM,
                                form(base, List.of(Map.entry(field.name(), bad.form()))).getBytes(StandardCharsets.UTF_8), field.name()));
                    }
                }
                cases.addAll(encodingCases(route, field));
                cases.addAll(duplicateCases(route, field));
            }
        }
        return cases.stream();
    }

    /** Bytes that are not UTF-8 inside the field's value, percent-escaped and raw in a form, raw in JSON. */
    private static List<Case> encodingCases(Router.Route route, Field<?> field) {
        var label = route.method() + " " + route.pattern() + " " + field.name() + ": not UTF-8";
        var base = base(route);
        base.remove(field.name());
        var prefix = form(base, List.of());
        var formEscaped = (prefix.isEmpty() ? "" : prefix + "&") + field.name() + "=a%FF%FEb";
        var formRaw = concat((prefix.isEmpty() ? "" : prefix + "&") + field.name() + "=a", new byte[] {(byte) 0xC3, '('}, "b");
        var jsonPrefix = new String(json(base, List.of()), StandardCharsets.UTF_8);
        var jsonRaw = concat(jsonPrefix.substring(0, jsonPrefix.length() - 1) + (base.isEmpty() ? "" : ",") + quote(field.name())
                + ":\"a", new byte[] {(byte) 0xFF}, "b\"}");
        var path = path(route, sid);
        return List.of(
                new Case(label + " (form, escaped)", route.method(), path, FORM, formEscaped.getBytes(StandardCharsets.US_ASCII), field.name()),
                new Case(label + " (form, raw)", route.method(), path, FORM, formRaw, field.name()),
                new Case(label + " (JSON)", route.method(), path, JSON, jsonRaw, field.name()));
    }

    /** The same scalar key twice with two values the field accepts one by one. */
    private static List<Case> duplicateCases(Router.Route route, Field<?> field) {
        var values = switch (field.kind()) {
            case TEXT_LIST -> List.<String>of(); // repeated keys are how forms send a list
            // A field with one accepted integer (the HTTP/3 flag's feature_revision) has no two to disagree.
            case INTEGER -> field.min() == field.max() ? List.<String>of() : List.of(Long.toString(field.min()), Long.toString(field.max()));
            case BOOLEAN -> List.of("true", "false");
            case TEXT -> FieldValues.accepted(field).stream().limit(2).toList();
        };
        if (values.size() < 2) {
            assertThat(field.kind() == Field.Kind.TEXT_LIST || field.min() == field.max())
                    .as("two accepted samples for %s (add one to FieldValues.SAMPLES)", field).isTrue();
            return List.of();
        }
        var label = route.method() + " " + route.pattern() + " " + field.name() + ": sent twice, " + values;
        var base = base(route);
        base.remove(field.name());
        var jsonValues = field.kind() == Field.Kind.TEXT ? values.stream().map(SchemaBadInputTest::quote).toList() : values;
        var path = path(route, sid);
        return List.of(
                new Case(label + " (JSON)", route.method(), path, JSON, json(base, List.of(Map.entry(field.name(), jsonValues.get(0)),
                        Map.entry(field.name(), jsonValues.get(1)))), field.name()),
                new Case(label + " (form)", route.method(), path, FORM, form(base, List.of(Map.entry(field.name(), encode(values.get(0))),
                        Map.entry(field.name(), encode(values.get(1))))).getBytes(StandardCharsets.UTF_8), field.name()));
    }

    /** Bodies that are not exactly one JSON object, for every route that reads a body at all. */
    static Stream<Case> documentCases() {
        var deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        var documents = new LinkedHashMap<String, byte[]>();
        documents.put("an array", "[{\"name\":\"x\"}]".getBytes(StandardCharsets.UTF_8));
        documents.put("a string", "\"name=x\"".getBytes(StandardCharsets.UTF_8));
        documents.put("a number", "42".getBytes(StandardCharsets.UTF_8));
        documents.put("null", "null".getBytes(StandardCharsets.UTF_8));
        documents.put("true", "true".getBytes(StandardCharsets.UTF_8));
        documents.put("whitespace", " \n ".getBytes(StandardCharsets.UTF_8));
        documents.put("two objects", "{\"comment\":\"a\"}{}".getBytes(StandardCharsets.UTF_8));
        documents.put("an object and text", "{\"comment\":\"a\"} x".getBytes(StandardCharsets.UTF_8));
        documents.put("an object and a number", "{\"comment\":\"a\"} 1".getBytes(StandardCharsets.UTF_8));
        documents.put("an unclosed object", "{\"comment\":\"a\"".getBytes(StandardCharsets.UTF_8));
        documents.put("10,000 nested arrays", deep.getBytes(StandardCharsets.UTF_8));
        documents.put("a 2,000-digit number", ("{\"comment\":" + "9".repeat(2_000) + "}").getBytes(StandardCharsets.UTF_8));
        documents.put("a 60,000-character key", ("{\"" + "k".repeat(60_000) + "\":1}").getBytes(StandardCharsets.UTF_8));
        documents.put("a UTF-16 byte order mark", new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'});
        documents.put("a NUL byte", new byte[] {'{', 0, '}'});
        var cases = new ArrayList<Case>();
        for (var route : api.routes()) {
            if (route.method().equals("POST") || route.method().equals("PUT")) {
                documents.forEach((label, body) -> cases.add(new Case(route.method() + " " + route.pattern() + ": " + label,
                        route.method(), path(route, sid), JSON, body, "body")));
            }
        }
        return cases.stream();
    }

    // ---- the checks ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldCases")
    void refusesEveryBadValueOfEveryFieldNamingItAndWritesNothing(Case bad) {
        check(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentCases")
    void refusesEveryBodyThatIsNotExactlyOneJsonObjectAndWritesNothing(Case bad) {
        check(bad);
    }

    @Test
    void coversEveryFieldOfEveryRouteThatReadsABody() {
        var covered = new LinkedHashSet<String>();
        fieldCases().forEach(c -> covered.add(c.method() + " " + c.path() + " " + c.mentions()));
        int expected = 0;
        for (var route : bodyRoutes()) {
            expected += (int) java.util.Objects.requireNonNull(route.body()).fields().stream().filter(f -> !f.readOnly()).count();
        }
        assertThat(covered).hasSize(expected);
        assertThat(bodyRoutes()).extracting(Router.Route::pattern).contains("service", "service/{sid}", "service/{sid}/version",
                "service/{sid}/version/{v}", "service/{sid}/version/{v}/backend", "service/{sid}/version/{v}/backend/{name}",
                "service/{sid}/version/{v}/condition/{name}", "service/{sid}/version/{v}/healthcheck/{name}",
                "service/{sid}/version/{v}/domain/{name}", "_backline/edge/sync");
        System.out.printf("SchemaBadInputTest: %d field cases over %d body routes and %d fields, %d document cases%n",
                fieldCases().count(), bodyRoutes().size(), expected, documentCases().count());
    }

    /** The fixtures are per kind; a kind added to the registry without one would go untested here. */
    @Test
    void hasAnExistingObjectAndACreateBaseForEveryRegisteredKind() {
        // Singletons (settings, http3) have no {name}: their routes are the version's own path.
        var registered = StandardKinds.KINDS.all().stream().filter(kind -> !kind.singleton()).map(ObjectKind::name).toList();
        assertThat(EXISTING.keySet()).containsExactlyInAnyOrderElementsOf(registered);
        assertThat(BASE.keySet()).containsAll(registered);
    }

    private static void check(Case bad) {
        var reply = api.call(bad.method(), bad.path()).body(bad.contentType(), bad.body()).send();
        var what = bad.label() + ": " + shorten(reply.toString());
        assertThat(reply.status()).as(what).isEqualTo(400);
        if (bad.path().startsWith("/tls/")) {
            // The TLS API answers JSON:API errors, as go-fastly decodes them.
            assertThat(reply.header("content-type")).as(what).startsWith("application/vnd.api+json");
            var error = reply.json().path("errors").path(0);
            assertThat(error.path("title").asText()).as(what).isEqualTo("Bad request");
            assertThat(error.path("detail").asText()).as(what).contains(bad.mentions());
            assertThat(state()).as("everything as it was after %s", bad.label()).isEqualTo(state);
            return;
        }
        assertThat(reply.header("content-type")).as(what).startsWith("application/json");
        var body = reply.json();
        assertThat(body.size()).as("only msg and detail in %s", what).isEqualTo(2);
        assertThat(body.path("msg").asText()).as(what).isEqualTo("Bad request");
        assertThat(body.path("detail").isTextual()).as(what).isTrue();
        assertThat(body.path("detail").asText()).as(what).contains(bad.mentions());
        var after = state();
        var before = state;
        state = after;
        assertThat(after).as("everything as it was after %s", bad.label()).isEqualTo(before);
    }

    /** Everything a request could write: the services, the fixture's versions and objects, the edges' reports. */
    private static JsonNode state() {
        var node = JsonNodeFactory.instance.objectNode();
        node.set("services", api.get("/service?per_page=1000").ok().json());
        node.set("details", api.get("/service/" + sid + "/details?version=1").ok().json());
        node.set("edges", api.get("/service/" + sid + "/edges").ok().json());
        return node;
    }

    // ---- building requests -----------------------------------------------------------------------

    private static String path(Router.Route route, String service) {
        var kind = route.body() == null ? "" : route.body().kind();
        return "/" + route.pattern().replace("{sid}", service).replace("{v}", "1")
                .replace("{name}", ApiHarness.segment(EXISTING.getOrDefault(kind, "none")))
                .replace("{from}", "1").replace("{to}", "1").replace("{env}", StagingHandlers.STAGING)
                .replace("{director}", EXISTING.get("director")).replace("{backend}", EXISTING.get("backend"))
                .replace("{key}", "a-surrogate-key").replace("{url...}", "fixture.example.com/a/path");
    }

    /** A create gets its kind's base body; an update gets none, so only the bad field changes anything. */
    private static Map<String, String> base(Router.Route route) {
        Schema schema = route.body();
        if (!route.method().equals("POST") || schema == null) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(BASE.getOrDefault(schema.kind(), Map.of()));
    }

    private static String form(Map<String, String> base, List<Map.Entry<String, String>> encodedExtra) {
        var parts = new ArrayList<String>();
        base.forEach((key, value) -> parts.add(encode(key) + "=" + encode(value)));
        encodedExtra.forEach(entry -> parts.add(encode(entry.getKey()) + "=" + entry.getValue()));
        return String.join("&", parts);
    }

    private static byte[] json(Map<String, String> base, List<Map.Entry<String, String>> literalExtra) {
        var parts = new ArrayList<String>();
        base.forEach((key, value) -> parts.add(quote(key) + ":" + quote(value)));
        literalExtra.forEach(entry -> parts.add(quote(entry.getKey()) + ":" + entry.getValue()));
        return ("{" + String.join(",", parts) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        return FieldValues.quote(text);
    }

    private static String encode(String text) {
        return FieldValues.encode(text);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String shorten(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }
}
