package io.backline.compat;

import static io.backline.compat.BacklineApi.form;
import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliBackendCommandsTest.assertFields;
import static io.backline.compat.CliConditionCommandsTest.assertFailed;
import static io.backline.compat.CliDomainCommandsTest.host;
import static io.backline.compat.CliHealthcheckCommandsTest.texts;
import static io.backline.compat.CliVersionCommandsTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole configuration made with the CLI: a backend that names a condition and a health check, validated
 * and activated; its domain then refused to a second service; and the diff of the next version over HTTP.
 */
class CliEndToEndTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @Test
    void aBackendWithAConditionAndAHealthcheckValidatesActivatesOwnsItsDomainAndDiffs() {
        FastlyCli cli = backline.cli();
        String sid = FastlyCli.createdServiceId(cli.run("service", "create", "--name", unique("e2e shop")));
        String domain = host("shop");

        assertSucceeded(cli.run("service", "vcl", "condition", "create", "-s", sid, "--version", "latest",
                "--name", "is_api", "--statement", "req.url ~ \"^/api/\"", "--type", "REQUEST", "--priority", "10"),
                "Created condition is_api (service " + sid + " version 1)");
        assertSucceeded(cli.run("service", "healthcheck", "create", "-s", sid, "--version", "latest",
                "--name", "api_health", "--host", "api.example.com", "--path", "/health", "--method", "GET",
                "--window", "5", "--threshold", "3", "--initial", "3"),
                "Created healthcheck api_health (service " + sid + " version 1)");
        assertSucceeded(cli.run("service", "backend", "create", "-s", sid, "--version", "latest", "--name", "api",
                "--address", "api-origin.example.com", "--request-condition", "is_api", "--healthcheck", "api_health"),
                "Created backend api (service " + sid + " version 1)");
        assertSucceeded(cli.run("service", "backend", "create", "-s", sid, "--version", "latest", "--name", "www",
                "--address", "www-origin.example.com"), "Created backend www (service " + sid + " version 1)");
        assertSucceeded(cli.run("service", "domain", "create", "-s", sid, "--version", "latest", "--name", domain),
                "Created domain " + domain + " (service " + sid + " version 1)");

        assertSucceeded(cli.run("service", "version", "validate", "-s", sid, "--version", "latest"),
                "Service " + sid + " version 1 is valid");
        JsonNode validation = backline.api().getOk("/service/" + sid + "/version/1/validate");
        assertThat(validation.path("status").asText()).as("%s", validation).isEqualTo("ok");
        assertThat(validation.path("errors")).as("%s", validation).isEmpty();
        assertThat(validation.path("warnings")).as("%s", validation).isEmpty();

        assertSucceeded(cli.run("service", "version", "activate", "-s", sid, "--version", "latest"),
                "Activated service " + sid + " version 1");
        JsonNode active = backline.api().getOk("/service/" + sid + "/details").path("active_version");
        assertThat(active.path("number").asInt()).as("%s", active).isEqualTo(1);
        assertThat(active.path("locked").asBoolean()).isTrue();
        assertFields(backendNamed(active.path("backends"), "api"),
                Map.of("request_condition", "is_api", "healthcheck", "api_health"));
        assertFields(active.path("conditions").path(0), Map.of("name", "is_api", "priority", "10", "version", "1"));
        assertFields(active.path("healthchecks").path(0), Map.of("name", "api_health", "threshold", 3));
        assertFields(active.path("domains").path(0), Map.of("name", domain));

        // A second service with the same domain: the CLI shows the server's refusal.
        String rival = FastlyCli.createdServiceId(cli.run("service", "create", "--name", unique("e2e rival")));
        assertSucceeded(cli.run("service", "backend", "create", "-s", rival, "--version", "1", "--name", "origin",
                "--address", "rival.example.com"), "Created backend origin");
        assertSucceeded(cli.run("service", "domain", "create", "-s", rival, "--version", "1", "--name", domain),
                "Created domain " + domain + " (service " + rival + " version 1)");
        ProcessResult refused = cli.run("service", "version", "activate", "-s", rival, "--version", "1");
        assertFailed(refused, "ERROR: the Fastly API returned 400 Bad Request: Bad request (Domain '" + domain
                + "' is served by the active version of service '" + sid + "'");
        assertThat(backline.api().version(rival, 1).path("active").asBoolean()).isFalse();

        // The next version, made with --autoclone, then changed with the CLI.
        assertSucceeded(cli.run("service", "healthcheck", "update", "-s", sid, "--version", "active", "--autoclone",
                "--name", "api_health", "--threshold", "2", "--initial", "2"),
                "Updated healthcheck api_health (service " + sid + " version 2)");
        assertSucceeded(cli.run("service", "vcl", "condition", "update", "-s", sid, "--version", "latest",
                "--name", "is_api", "--priority", "20", "--statement", "req.url ~ \"^/api/v2/\""),
                "Updated condition is_api (service " + sid + " version 2)");
        String second = host("shop2");
        assertSucceeded(cli.run("service", "domain", "create", "-s", sid, "--version", "latest", "--name", second),
                "Created domain " + second + " (service " + sid + " version 2)");
        assertSucceeded(cli.run("service", "backend", "delete", "-s", sid, "--version", "latest", "--name", "www"),
                "Deleted backend www (service " + sid + " version 2)");

        JsonNode diff = backline.api().getOk("/service/" + sid + "/diff/from/1/to/2");
        assertFields(diff, Map.of("from", 1, "to", 2, "format", "json"));
        assertThat(diff.path("diff").isNull()).as("%s", diff).isTrue();
        assertThat(summary(diff)).as("%s", diff).containsExactlyInAnyOrder("backend www removed",
                "condition is_api changed", "healthcheck api_health changed", "domain " + second + " added");
        assertThat(fieldChanges(diff, "condition", "is_api")).as("%s", diff).containsExactlyInAnyOrderEntriesOf(
                Map.of("priority", List.of("10", "20"), "statement", List.of("req.url ~ \"^/api/\"",
                        "req.url ~ \"^/api/v2/\"")));
        assertThat(fieldChanges(diff, "healthcheck", "api_health")).as("%s", diff).containsExactlyInAnyOrderEntriesOf(
                Map.of("threshold", List.of("3", "2"), "initial", List.of("3", "2")));

        JsonNode text = backline.api().getOk("/service/" + sid + "/diff/from/1/to/2?format=text");
        assertThat(text.path("format").asText()).isEqualTo("text");
        assertThat(text.path("diff").asText()).as("%s", text).startsWith("--- version 1\n+++ version 2\n")
                .contains("- backend \"www\"\n", "~ condition \"is_api\"\n", "    priority: \"10\" -> \"20\"\n",
                        "    statement: \"req.url ~ \\\"^/api/\\\"\" -> \"req.url ~ \\\"^/api/v2/\\\"\"\n",
                        "~ healthcheck \"api_health\"\n", "    threshold: 3 -> 2\n", "+ domain \"" + second + "\"\n");
        assertThat(summary(text)).as("format=text carries the changes too").hasSize(4);

        JsonNode back = backline.api().getOk("/service/" + sid + "/diff/from/2/to/1");
        assertThat(summary(back)).as("%s", back).containsExactlyInAnyOrder("backend www added",
                "condition is_api changed", "healthcheck api_health changed", "domain " + second + " removed");
        assertThat(backline.api().getOk("/service/" + sid + "/diff/from/2/to/2").path("changes")).isEmpty();
        ApiResponse unknown = backline.api().get("/service/" + sid + "/diff/from/1/to/9");
        assertThat(unknown.status()).as(unknown.describe()).isEqualTo(404);
        ApiResponse badFormat = backline.api().get("/service/" + sid + "/diff/from/1/to/2?format=xml");
        assertThat(badFormat.status()).as(badFormat.describe()).isEqualTo(400);
    }

    @Test
    void validateReportsDanglingReferencesWrongConditionTypesAndWarnings() {
        BacklineApi api = backline.api();
        String sid = api.createService(unique("e2e validate"));
        String base = "/service/" + sid + "/version/1";
        BacklineApi.ok(api.post(base + "/condition", form("name", "cache_only", "type", "CACHE",
                "statement", "beresp.status == 404")));
        BacklineApi.ok(api.post(base + "/backend", form("name", "api", "address", "api.example.com",
                "request_condition", "ghost", "healthcheck", "nohc")));
        BacklineApi.ok(api.post(base + "/backend", form("name", "cached", "address", "cached.example.com",
                "request_condition", "cache_only")));
        api.createBackend(sid, 1, "default", "default.example.com");

        JsonNode invalid = api.getOk(base + "/validate");
        assertThat(invalid.path("status").asText()).as("%s", invalid).isEqualTo("error");
        assertThat(texts(invalid.path("errors"))).as("%s", invalid).containsExactlyInAnyOrder(
                "Backend 'api': request_condition 'ghost' names no condition in version 1",
                "Backend 'api': healthcheck 'nohc' names no health check in version 1",
                "Backend 'cached': request_condition 'cache_only' is a CACHE condition (expected: a REQUEST condition)");
        String firstError = invalid.path("msg").asText();
        assertThat(texts(invalid.path("errors"))).contains(firstError);

        // CLI 16.1.0 prints the server's msg as an ERROR line on stdout but exits 0 (docs/compatibility.md).
        ProcessResult validate = backline.cli().run("service", "version", "validate", "-s", sid, "--version", "1");
        assertThat(validate.stdout()).as(validate.describe())
                .contains("ERROR: Service " + sid + " version 1 is not valid: " + firstError);
        ProcessResult activate = backline.cli().run("service", "version", "activate", "-s", sid, "--version", "1");
        assertFailed(activate, "the Fastly API returned 400 Bad Request: Bad request (" + firstError + ")");
        assertThat(api.version(sid, 1).path("active").asBoolean()).isFalse();

        // Fix the errors; what is left are two warnings, which the CLI does not show.
        BacklineApi.ok(api.post(base + "/condition", form("name", "ghost", "type", "REQUEST",
                "statement", "req.url ~ \"^/api/\"", "priority", "10")));
        BacklineApi.ok(api.post(base + "/condition", form("name", "always", "type", "REQUEST",
                "statement", "true", "priority", "20")));
        BacklineApi.ok(api.post(base + "/healthcheck", form("name", "nohc", "host", "api.example.com",
                "threshold", "3", "initial", "1")));
        BacklineApi.ok(api.put(base + "/backend/cached", form("request_condition", "always")));

        JsonNode warned = api.getOk(base + "/validate");
        assertThat(warned.path("status").asText()).as("%s", warned).isEqualTo("ok");
        assertThat(warned.path("errors")).as("%s", warned).isEmpty();
        List<String> warnings = texts(warned.path("warnings"));
        assertThat(warnings).as("%s", warned).hasSize(2)
                .anySatisfy(w -> assertThat(w).startsWith("Healthcheck 'nohc': initial 1 is below threshold 3"))
                .anySatisfy(w -> assertThat(w).startsWith("Condition 'ghost' is shadowed by 'always'"));
        assertSucceeded(backline.cli().run("service", "version", "validate", "-s", sid, "--version", "1"),
                "Service " + sid + " version 1 is valid");
        assertSucceeded(backline.cli().run("service", "version", "activate", "-s", sid, "--version", "1"),
                "Activated service " + sid + " version 1");
    }

    private static JsonNode backendNamed(JsonNode backends, String name) {
        for (JsonNode backend : backends) {
            if (name.equals(backend.path("name").asText())) {
                return backend;
            }
        }
        throw new AssertionError("no backend '" + name + "' in " + backends);
    }

    /** "KIND NAME CHANGE" for each entry of a diff's changes. */
    private static List<String> summary(JsonNode diff) {
        List<String> summary = new ArrayList<>();
        diff.path("changes").forEach(change -> summary.add(change.path("kind").asText() + " "
                + change.path("name").asText() + " " + change.path("change").asText()));
        return summary;
    }

    /** Field name to [from, to] (as text) of one changed object in a diff. */
    private static Map<String, List<String>> fieldChanges(JsonNode diff, String kind, String name) {
        for (JsonNode change : diff.path("changes")) {
            if (kind.equals(change.path("kind").asText()) && name.equals(change.path("name").asText())) {
                Map<String, List<String>> fields = new HashMap<>();
                change.path("fields").forEach(field -> fields.put(field.path("field").asText(),
                        List.of(field.path("from").asText(), field.path("to").asText())));
                return fields;
            }
        }
        throw new AssertionError("no " + kind + " '" + name + "' in " + diff);
    }
}
