package io.backline.api;

import static io.backline.api.ApiHarness.backendPath;
import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Live responses against the golden shapes under {@code golden/} (taken from the spec's recorded
 * examples): the same keys, each value of the pinned JSON type, and every timestamp in Fastly's
 * {@code YYYY-MM-DDTHH:MM:SSZ} form.
 */
class GoldenShapesTest {
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$");
    private static final Set<String> TYPES = Set.of("string", "number", "boolean", "null", "array", "object");
    private static final String RECORDED_CREATE = "address=integ-test.go-fastly.com&connect_timeout=1500&max_lifetime=60000"
            + "&max_use=100&name=test-backend&override_host=origin.example.com&ssl_check_cert=0"
            + "&ssl_ciphers=DHE-RSA-AES256-SHA%3ADHE-RSA-CAMELLIA256-SHA%3AAES256-GCM-SHA384&ssl_sni_hostname=ssl-hostname.com";

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"service.json", "service-list-item.json", "service-search.json", "service-details.json",
            "version-detail.json", "version.json", "version-created.json", "version-created-with-comment.json",
            "backend.json", "error.json", "delete.json", "validate.json"})
    void fixtureNamesOnlyKnownJsonTypes(String fixture) {
        var shape = fixture(fixture);

        assertThat(shape).isNotEmpty();
        shape.forEach((key, type) -> assertThat(TYPES).as("%s in %s", type, fixture).containsAll(List.of(type.split("\\|"))));
    }

    @Test
    void backendFixtureHasTheRecorded44Keys() {
        assertThat(fixture("backend.json")).hasSize(44).containsKeys(BackendApiTest.BACKEND_KEYS.toArray(String[]::new));
    }

    @Test
    void serviceResponsesMatchServiceJson() {
        var created = api.post("/service", form("name", "golden service", "comment", "c")).ok().json();
        var sid = created.path("id").asText();

        matches(created, "service.json");
        matches(api.get("/service/" + sid).ok().json(), "service.json");
        matches(api.put("/service/" + sid, form("ServiceID", sid, "comment", "d")).ok().json(), "service.json");
        for (var version : created.path("versions")) {
            matches(version, "version.json");
        }
    }

    @Test
    void serviceListItemsMatchServiceListItemJson() {
        api.createService("golden list");

        var items = api.get("/service?per_page=100").ok().json();

        assertThat(items).isNotEmpty();
        for (var item : items) {
            matches(item, "service-list-item.json");
            item.path("versions").forEach(version -> matches(version, "version.json"));
        }
    }

    @Test
    void searchResultMatchesServiceSearchJson() {
        var name = "golden search " + System.nanoTime();
        api.createService(name);

        var found = api.get("/service/search?name=" + name.replace(' ', '+')).ok().json();

        matches(found, "service-search.json");
        found.path("versions").forEach(version -> matches(version, "version.json"));
    }

    @Test
    void detailsMatchServiceDetailsJsonWithAndWithoutActiveVersion() {
        var sid = api.createService("golden details");
        api.post("/service/" + sid + "/version/1/backend", RECORDED_CREATE).ok();

        var draft = api.get("/service/" + sid + "/details").ok().json();
        matches(draft, "service-details.json");
        matches(draft.path("version"), "version-detail.json");
        assertThat(draft.path("active_version").isNull()).isTrue();

        api.put("/service/" + sid + "/version/1/activate").ok();
        var active = api.get("/service/" + sid + "/details").ok().json();
        matches(active, "service-details.json");
        matches(active.path("version"), "version-detail.json");
        matches(active.path("active_version"), "version-detail.json");
        for (var backend : active.path("active_version").path("backends")) {
            matches(backend, "backend.json");
        }
    }

    @Test
    void versionResponsesMatchVersionJson() {
        var sid = api.createService("golden versions");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        var base = "/service/" + sid + "/version";

        matches(api.get(base + "/1").ok().json(), "version.json");
        matches(api.put(base + "/1", form("comment", "golden")).ok().json(), "version.json");
        matches(api.put(base + "/1/clone").ok().json(), "version.json");
        matches(api.put(base + "/1/activate").ok().json(), "version.json");
        matches(api.put(base + "/1/deactivate").ok().json(), "version.json");
        matches(api.put(base + "/2/lock").ok().json(), "version.json");
        for (var version : api.get(base).ok().json()) {
            matches(version, "version.json");
        }
    }

    @Test
    void blankVersionCreateMatchesVersionCreatedJson() {
        var sid = api.createService("golden created");

        matches(api.post("/service/" + sid + "/version", "").ok().json(), "version-created.json");
        matches(api.post("/service/" + sid + "/version", form("comment", "test comment")).ok().json(),
                "version-created-with-comment.json");
    }

    @Test
    void recordedBackendCreateMatchesBackendJsonOnEveryRead() {
        var sid = api.createService("golden backend");
        var path = "/service/" + sid + "/version/1/backend";

        matches(api.post(path, RECORDED_CREATE).ok().json(), "backend.json");
        matches(api.get(backendPath(sid, 1, "test-backend")).ok().json(), "backend.json");
        matches(api.put(backendPath(sid, 1, "test-backend"), form("weight", "50", "comment", "x")).ok().json(), "backend.json");
        for (var backend : api.get(path).ok().json()) {
            matches(backend, "backend.json");
        }
    }

    @Test
    void errorResponsesMatchErrorJson() {
        var sid = api.createService("golden errors");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        var backends = "/service/" + sid + "/version/1/backend";

        matches(api.get(backendPath(sid, 1, "missing")).status(404).json(), "error.json");
        matches(api.get("/service/NoSuchService0000000000").status(404).json(), "error.json");
        matches(api.post(backends, form("name", "x", "address", "host:80")).status(400).json(), "error.json");
        matches(api.post(backends, form("name", "origin", "address", "origin.example.com")).status(409).json(), "error.json");
        api.put("/service/" + sid + "/version/1/lock").ok();
        matches(api.delete(backendPath(sid, 1, "origin")).status(422).json(), "error.json");
    }

    @Test
    void deletesMatchDeleteJsonWithStatusOk() {
        var sid = api.createService("golden delete");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        var backend = api.delete(backendPath(sid, 1, "origin")).ok().json();
        var service = api.delete("/service/" + sid).ok().json();

        matches(backend, "delete.json");
        matches(service, "delete.json");
        assertThat(backend.path("status").asText()).isEqualTo("ok");
        assertThat(service.path("status").asText()).isEqualTo("ok");
    }

    @Test
    void validateOfAGoodVersionMatchesValidateJson() {
        var sid = api.createService("golden validate");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        matches(api.get("/service/" + sid + "/version/1/validate").ok().json(), "validate.json");
    }

    /** Asserts the key set and each value's JSON type, then every timestamp inside. */
    private static void matches(JsonNode live, String fixture) {
        var shape = fixture(fixture);
        assertThat(live.isObject()).as("%s: %s", fixture, live).isTrue();
        var actual = new TreeMap<String, String>();
        live.properties().forEach(e -> actual.put(e.getKey(), typeOf(e.getValue())));
        assertThat(actual.keySet()).as("keys of %s against %s", live, fixture).containsExactlyInAnyOrderElementsOf(shape.keySet());
        var wrong = new ArrayList<String>();
        shape.forEach((key, type) -> {
            if (!List.of(type.split("\\|")).contains(actual.get(key))) {
                wrong.add(key + ": " + actual.get(key) + " (expected: " + type + ")");
            }
        });
        assertThat(wrong).as("JSON types in %s against %s", live, fixture).isEmpty();
        timestamps(live, "$");
    }

    private static void timestamps(JsonNode node, String where) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var entry = it.next();
                var value = entry.getValue();
                if (entry.getKey().endsWith("_at") && !value.isNull()) {
                    assertThat(value.isTextual()).as("%s.%s is a string: %s", where, entry.getKey(), value).isTrue();
                    assertThat(value.asText()).as("%s.%s", where, entry.getKey()).matches(TIMESTAMP);
                }
                timestamps(value, where + "." + entry.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                timestamps(node.get(i), where + "[" + i + "]");
            }
        }
    }

    private static String typeOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static Map<String, String> fixture(String name) {
        try (InputStream in = GoldenShapesTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden/%s on the test classpath", name).isNotNull();
            var shape = new LinkedHashMap<String, String>();
            ApiHarness.MAPPER.readTree(in).properties().forEach(e -> shape.put(e.getKey(), e.getValue().asText()));
            return shape;
        } catch (IOException e) {
            throw new AssertionError("golden/" + name, e);
        }
    }
}
