package io.backline.compat;

import static io.backline.compat.BacklineApi.form;
import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliBackendCommandsTest.assertFields;
import static io.backline.compat.CliConditionCommandsTest.assertFailed;
import static io.backline.compat.CliVersionCommandsTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fastly service healthcheck create|list|describe|update|delete}: every flag, the defaults, renames,
 * and {@code headers} (which the CLI cannot send) as another client stored them, in Fastly's normal form.
 */
class CliHealthcheckCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    /** Every key of a health check as the real API returns it (spec §3.5). */
    static final List<String> HEALTHCHECK_KEYS = List.of("check_interval", "comment", "created_at", "deleted_at",
            "expected_response", "headers", "host", "http_version", "initial", "method", "name", "path", "service_id",
            "threshold", "timeout", "updated_at", "version", "window");

    @Test
    void healthcheckCreateSendsEveryFlagAndTheApiStoresIt() throws JsonProcessingException {
        String name = unique("hc every flag");
        String sid = backline.api().createService(name);

        ProcessResult created = backline.cli().run("service", "healthcheck", "create", "--service-name", name,
                "--version", "1", "--name", "hc/one", "--host", "health.example.com", "--path", "/healthz?deep=1",
                "--method", "GET", "--http-version", "1.0", "--expected-response", "204",
                "--check-interval", "15000", "--timeout", "2500", "--window", "8", "--threshold", "4",
                "--initial", "4", "--comment", "probe it");

        assertSucceeded(created, "Created healthcheck hc/one (service " + sid + " version 1)");
        JsonNode healthcheck = BacklineApi.ok(healthcheck(sid, 1, "hc/one"));
        assertThat(healthcheck.fieldNames()).toIterable().as("%s", healthcheck).containsAll(HEALTHCHECK_KEYS);
        assertFields(healthcheck, Map.ofEntries(Map.entry("name", "hc/one"), Map.entry("service_id", sid),
                Map.entry("version", 1), Map.entry("host", "health.example.com"), Map.entry("path", "/healthz?deep=1"),
                Map.entry("method", "GET"), Map.entry("http_version", "1.0"), Map.entry("expected_response", 204),
                Map.entry("check_interval", 15000), Map.entry("timeout", 2500), Map.entry("window", 8),
                Map.entry("threshold", 4), Map.entry("initial", 4), Map.entry("comment", "probe it")));
        assertThat(healthcheck.path("headers").isArray() && healthcheck.path("headers").isEmpty())
                .as("no headers sent: an empty list, %s", healthcheck).isTrue();
        assertThat(healthcheck.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(healthcheck.path("deleted_at").isNull()).isTrue();

        ProcessResult described = backline.cli().run("service", "healthcheck", "describe", "-s", sid, "--version", "1",
                "--name", "hc/one");
        assertThat(described.exitCode()).as(described.describe()).isZero();
        assertThat(described.stdout()).as(described.describe()).contains("Service ID: " + sid, "Version: 1",
                "Name: hc/one", "Comment: probe it", "Method: GET", "Host: health.example.com",
                "Path: /healthz?deep=1", "HTTP version: 1.0", "Timeout: 2500", "Check interval: 15000",
                "Expected response: 204", "Window: 8", "Threshold: 4", "Initial: 4");

        ProcessResult json = backline.cli().run("service", "healthcheck", "describe", "-s", sid, "--version", "1",
                "--name", "hc/one", "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        JsonNode parsed = BacklineApi.JSON.readTree(json.stdout());
        assertThat(parsed.path("CheckInterval").asInt()).as(json.describe()).isEqualTo(15000);
        assertThat(parsed.path("ServiceVersion").asInt()).isEqualTo(1);
        assertThat(parsed.path("Headers").isArray()).as(json.describe()).isTrue();
    }

    @Test
    void healthcheckCreateWithOnlyANameGetsTheDocumentedDefaults() {
        String sid = backline.api().createService(unique("hc defaults"));

        assertSucceeded(backline.cli().run("service", "healthcheck", "create", "-s", sid, "--version", "1",
                "--name", "bare"), "Created healthcheck bare (service " + sid + " version 1)");

        JsonNode healthcheck = BacklineApi.ok(healthcheck(sid, 1, "bare"));
        // spec §3.5: the defaults Terraform always sends, plus path "/"
        assertFields(healthcheck, Map.of("check_interval", 5000, "expected_response", 200, "http_version", "1.1",
                "initial", 3, "method", "HEAD", "threshold", 3, "timeout", 5000, "window", 5, "path", "/",
                "comment", ""));
        assertThat(healthcheck.path("host").isNull()).as("no host sent: %s", healthcheck).isTrue();
        assertThat(healthcheck.path("headers")).as("%s", healthcheck).isEmpty();
    }

    @Test
    void healthcheckListShowsEveryHealthcheckOfTheVersion() throws JsonProcessingException {
        String sid = backline.api().createService(unique("hc list"));
        backline.api().createHealthcheck(sid, 1, "alpha");
        BacklineApi.ok(backline.api().post("/service/" + sid + "/version/1/healthcheck",
                form("name", "with space", "host", "b.example.com", "path", "/b", "method", "GET")));
        backline.api().activate(sid, 1);

        ProcessResult table = backline.cli().run("service", "healthcheck", "list", "-s", sid, "--version", "active");
        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(table.stdout()).as(table.describe())
                .containsPattern("SERVICE\\s+VERSION\\s+NAME\\s+METHOD\\s+HOST\\s+PATH")
                .containsPattern(sid + "\\s+1\\s+alpha\\s+HEAD\\s+health\\.example\\.com\\s+/health")
                .containsPattern(sid + "\\s+1\\s+with space\\s+GET\\s+b\\.example\\.com\\s+/b");

        ProcessResult json = backline.cli().run("service", "healthcheck", "list", "-s", sid, "--version", "1", "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        List<String> names = new ArrayList<>();
        BacklineApi.JSON.readTree(json.stdout()).forEach(item -> names.add(item.path("Name").asText()));
        assertThat(names).as(json.describe()).containsExactlyInAnyOrder("alpha", "with space");
    }

    @Test
    void healthcheckUpdateWithNewNameRenamesItAndKeepsTheHeadersAsStored() throws JsonProcessingException {
        String sid = backline.api().createService(unique("hc rename"));
        // go-fastly/Terraform shape: one JSON-array literal; answered as Fastly answers it ("Name: value", sorted).
        BacklineApi.ok(backline.api().post("/service/" + sid + "/version/1/healthcheck",
                form("name", "hc/old", "host", "h.example.com", "headers", "[\"X-Probe:1\",\"Accept: text/plain\"]")));

        ProcessResult renamed = backline.cli().run("service", "healthcheck", "update", "-s", sid, "--version", "1",
                "--name", "hc/old", "--new-name", "hc/new", "--threshold", "2", "--comment", "renamed");

        assertSucceeded(renamed, "Updated healthcheck hc/new (service " + sid + " version 1)");
        assertThat(healthcheck(sid, 1, "hc/old").status()).isEqualTo(404);
        JsonNode moved = BacklineApi.ok(healthcheck(sid, 1, "hc/new"));
        assertFields(moved, Map.of("name", "hc/new", "threshold", 2, "comment", "renamed", "host", "h.example.com",
                "window", 5, "initial", 3));
        assertThat(texts(moved.path("headers"))).as("%s", moved).containsExactly("Accept: text/plain", "X-Probe: 1");

        ProcessResult json = backline.cli().run("service", "healthcheck", "describe", "-s", sid, "--version", "1",
                "--name", "hc/new", "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        assertThat(texts(BacklineApi.JSON.readTree(json.stdout()).path("Headers"))).as(json.describe())
                .containsExactly("Accept: text/plain", "X-Probe: 1");
    }

    @Test
    void healthcheckUpdateChangesOnlyTheGivenFields() {
        String sid = backline.api().createService(unique("hc partial"));
        backline.api().createHealthcheck(sid, 1, "probe");
        JsonNode before = BacklineApi.ok(healthcheck(sid, 1, "probe"));

        ProcessResult updated = backline.cli().run("service", "healthcheck", "update", "-s", sid, "--version", "1",
                "--name", "probe", "--host", "other.example.com", "--path", "/ready", "--method", "GET",
                "--http-version", "1.0", "--expected-response", "204", "--check-interval", "30000",
                "--timeout", "1000", "--window", "10", "--threshold", "6", "--initial", "6", "--comment", "all of it");

        assertSucceeded(updated, "Updated healthcheck probe (service " + sid + " version 1)");
        JsonNode after = BacklineApi.ok(healthcheck(sid, 1, "probe"));
        assertFields(after, Map.ofEntries(Map.entry("host", "other.example.com"), Map.entry("path", "/ready"),
                Map.entry("method", "GET"), Map.entry("http_version", "1.0"), Map.entry("expected_response", 204),
                Map.entry("check_interval", 30000), Map.entry("timeout", 1000), Map.entry("window", 10),
                Map.entry("threshold", 6), Map.entry("initial", 6), Map.entry("comment", "all of it")));

        assertSucceeded(backline.cli().run("service", "healthcheck", "update", "-s", sid, "--version", "1",
                "--name", "probe", "--timeout", "1500"), "Updated healthcheck probe");
        JsonNode partial = BacklineApi.ok(healthcheck(sid, 1, "probe"));
        assertFields(partial, Map.of("timeout", 1500, "host", "other.example.com", "window", 10, "comment", "all of it"));
        assertThat(partial.path("created_at")).isEqualTo(before.path("created_at"));
    }

    @Test
    void headersInEveryShapeAreStoredInFastlysNormalFormAndShownByTheCli() throws JsonProcessingException {
        String sid = backline.api().createService(unique("hc headers"));
        String base = "/service/" + sid + "/version/1/healthcheck";
        BacklineApi.ok(backline.api().post(base, form("name", "json", "headers", "[\"Foo:Bar\",\"Baz: Qux\"]")));
        BacklineApi.ok(backline.api().post(base, form("name", "csv", "headers", "Foo: Bar,Accept: a, b")));
        BacklineApi.ok(backline.api().postRaw(base,
                "name=repeated&headers=" + enc("Foo: Bar") + "&headers=" + enc("Baz:Qux")));
        BacklineApi.ok(backline.api().postRaw(base,
                "name=brackets&headers%5B%5D=" + enc("A: 1") + "&headers%5B%5D=" + enc("B:2")));

        Map<String, List<String>> expected = Map.of("json", List.of("Baz: Qux", "Foo: Bar"),
                "csv", List.of("Accept: a, b", "Foo: Bar"), "repeated", List.of("Baz: Qux", "Foo: Bar"),
                "brackets", List.of("A: 1", "B: 2"));
        for (Map.Entry<String, List<String>> entry : expected.entrySet()) {
            JsonNode stored = BacklineApi.ok(healthcheck(sid, 1, entry.getKey()));
            assertThat(texts(stored.path("headers"))).as("%s", stored).containsExactlyElementsOf(entry.getValue());
            ProcessResult json = backline.cli().run("service", "healthcheck", "describe", "-s", sid, "--version", "1",
                    "--name", entry.getKey(), "--json");
            assertThat(json.exitCode()).as(json.describe()).isZero();
            assertThat(texts(BacklineApi.JSON.readTree(json.stdout()).path("Headers"))).as(json.describe())
                    .containsExactlyElementsOf(entry.getValue());
        }

        JsonNode cleared = BacklineApi.ok(backline.api().put(base + "/json", form("headers", "")));
        assertThat(cleared.path("headers")).as("headers= clears the list: %s", cleared).isEmpty();
        ApiResponse invalid = backline.api().post(base, form("name", "bad", "headers", "not a header"));
        assertThat(invalid.status()).as(invalid.describe()).isEqualTo(400);
        assertThat(invalid.json().path("detail").asText()).as(invalid.describe()).startsWith("headers:");
    }

    @Test
    void healthcheckWritesOnTheActiveVersionNeedAutoclone() {
        String sid = backline.api().createService(unique("hc autoclone"));
        backline.api().createHealthcheck(sid, 1, "hc1");
        backline.api().activate(sid, 1);

        for (List<String> write : List.of(List.of("create", "--name", "extra"),
                List.of("update", "--name", "hc1", "--comment", "nope"), List.of("delete", "--name", "hc1"))) {
            List<String> args = new ArrayList<>(List.of("service", "healthcheck"));
            args.addAll(write);
            args.addAll(List.of("-s", sid, "--version", "active"));
            assertFailed(backline.cli().run(args.toArray(String[]::new)), "service version 1 is locked", "--autoclone");
        }

        assertSucceeded(backline.cli().run("service", "healthcheck", "update", "-s", sid, "--version", "active",
                "--autoclone", "--name", "hc1", "--new-name", "hc2", "--window", "6"),
                "Updated healthcheck hc2 (service " + sid + " version 2)");
        assertThat(backline.api().names(sid, 2, "healthcheck")).containsExactly("hc2");
        assertFields(BacklineApi.ok(healthcheck(sid, 2, "hc2")), Map.of("window", 6, "version", 2));
        assertThat(backline.api().names(sid, 1, "healthcheck")).as("the active version is untouched")
                .containsExactly("hc1");

        assertSucceeded(backline.cli().run("service", "healthcheck", "delete", "-s", sid, "--version", "latest",
                "--name", "hc2"), "Deleted healthcheck hc2 (service " + sid + " version 2)");
        assertThat(backline.api().names(sid, 2, "healthcheck")).isEmpty();

        String base = "/service/" + sid + "/version/1/healthcheck";
        for (ApiResponse locked : List.of(backline.api().post(base, form("name", "late")),
                backline.api().put(base + "/hc1", form("comment", "nope")), backline.api().delete(base + "/hc1"))) {
            assertThat(locked.status()).as(locked.describe()).isEqualTo(422);
            assertFields(locked.json(), Map.of("msg", "Version locked"));
        }
    }

    @Test
    void healthcheckDuplicatesAndRenamesOntoAnExistingNameReport409() {
        String sid = backline.api().createService(unique("hc duplicate"));
        backline.api().createHealthcheck(sid, 1, "one");
        backline.api().createHealthcheck(sid, 1, "two");

        assertFailed(backline.cli().run("service", "healthcheck", "create", "-s", sid, "--version", "1",
                "--name", "one", "--host", "again.example.com"),
                "the Fastly API returned 409 Conflict: Duplicate record (Duplicate healthcheck: 'one')");
        assertFailed(backline.cli().run("service", "healthcheck", "update", "-s", sid, "--version", "1",
                "--name", "one", "--new-name", "two"), "409 Conflict", "Duplicate healthcheck: 'two'");
        assertThat(backline.api().names(sid, 1, "healthcheck")).containsExactlyInAnyOrder("one", "two");
        assertFields(BacklineApi.ok(healthcheck(sid, 1, "one")), Map.of("host", "health.example.com"));
    }

    @Test
    void anUnknownHealthcheckReports404AndInvalidValuesReport400() {
        String sid = backline.api().createService(unique("hc errors"));
        backline.api().createHealthcheck(sid, 1, "known");

        for (List<String> command : List.of(List.of("describe"), List.of("update", "--comment", "x"),
                List.of("delete"))) {
            List<String> args = new ArrayList<>(List.of("service", "healthcheck"));
            args.addAll(command);
            args.addAll(List.of("-s", sid, "--version", "1", "--name", "no such/hc"));
            assertFailed(backline.cli().run(args.toArray(String[]::new)),
                    "the Fastly API returned 404 Not Found: Record not found (Couldn't find Healthcheck",
                    "name => no such/hc");
        }
        assertFailed(backline.cli().run("service", "healthcheck", "create", "-s", sid, "--version", "1",
                "--name", "slow", "--check-interval", "10"), "400 Bad Request", "check_interval: 10");
        assertFailed(backline.cli().run("service", "healthcheck", "create", "-s", sid, "--version", "1",
                "--name", "h3", "--http-version", "3"), "400 Bad Request", "http_version: '3'");
        assertFailed(backline.cli().run("service", "healthcheck", "update", "-s", sid, "--version", "1",
                "--name", "known", "--window", "0"), "400 Bad Request", "window: 0");
        assertThat(backline.api().names(sid, 1, "healthcheck")).containsExactly("known");
        assertFields(BacklineApi.ok(healthcheck(sid, 1, "known")), Map.of("window", 5));
    }

    private static ApiResponse healthcheck(String sid, int version, String name) {
        return backline.api().object(sid, version, "healthcheck", name);
    }

    static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as("a JSON array: %s", array).isTrue();
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
