package io.backline.compat;

import static io.backline.compat.BacklineApi.form;
import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliBackendCommandsTest.assertFields;
import static io.backline.compat.CliVersionCommandsTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fastly service vcl condition create|list|describe|update|delete}: every flag, priority and version
 * answered as strings, statements checked at write time, no renames, and the CLI's {@code --new-name} bug.
 */
class CliConditionCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    /** Every key of a condition as the real API returns it (spec §3.4). */
    static final List<String> CONDITION_KEYS = List.of("name", "statement", "type", "priority", "comment",
            "service_id", "version", "created_at", "updated_at", "deleted_at");

    @Test
    void conditionCreateSendsEveryFlagAndTheApiAnswersPriorityAndVersionAsStrings() throws JsonProcessingException {
        String name = unique("cond every flag");
        String sid = backline.api().createService(name);

        // CLI 16.1.0 offers --name --statement --type --priority (no --comment on create).
        ProcessResult created = backline.cli().run("service", "vcl", "condition", "create", "--service-name", name,
                "--version", "1", "--name", "a/b c",
                "--statement", "req.url ~ \"^/api/\" && req.http.host == \"api.example.com\"",
                "--type", "REQUEST", "--priority", "5");

        assertSucceeded(created, "Created condition a/b c (service " + sid + " version 1)");
        JsonNode condition = BacklineApi.ok(condition(sid, 1, "a/b c"));
        assertThat(condition.fieldNames()).toIterable().as("%s", condition).containsAll(CONDITION_KEYS);
        assertFields(condition, Map.of("name", "a/b c", "service_id", sid, "type", "REQUEST",
                "statement", "req.url ~ \"^/api/\" && req.http.host == \"api.example.com\"", "comment", "",
                // spec §2.2: conditions answer priority and version as JSON strings
                "priority", "5", "version", "1"));
        assertThat(condition.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(condition.path("deleted_at").isNull()).as("%s", condition).isTrue();

        ProcessResult described = backline.cli().run("service", "vcl", "condition", "describe", "-s", sid,
                "--version", "1", "--name", "a/b c");
        assertThat(described.exitCode()).as(described.describe()).isZero();
        assertThat(described.stdout()).as(described.describe()).contains("Service ID: " + sid, "Version: 1",
                "Name: a/b c", "Statement: req.url ~ \"^/api/\" && req.http.host == \"api.example.com\"",
                "Type: REQUEST", "Priority: 5");

        ProcessResult json = backline.cli().run("service", "vcl", "condition", "describe", "-s", sid,
                "--version", "1", "--name", "a/b c", "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        JsonNode parsed = BacklineApi.JSON.readTree(json.stdout());
        // go-fastly reads the string priority into an int: the CLI's JSON shows a number.
        assertThat(parsed.path("Priority").asInt()).as(json.describe()).isEqualTo(5);
        assertThat(parsed.path("ServiceVersion").asInt()).as(json.describe()).isEqualTo(1);
        assertThat(parsed.path("Name").asText()).isEqualTo("a/b c");
        assertThat(parsed.path("Type").asText()).isEqualTo("REQUEST");
    }

    @Test
    void conditionCreateWithoutPriorityGetsTheDefaultAndTheCliTruncatesAFractionalPriority() {
        String sid = backline.api().createService(unique("cond defaults"));

        assertSucceeded(backline.cli().run("service", "vcl", "condition", "create", "-s", sid, "--version", "1",
                "--name", "no_priority", "--statement", "req.url.path == \"/robots.txt\"", "--type", "REQUEST"),
                "Created condition no_priority");
        assertFields(BacklineApi.ok(condition(sid, 1, "no_priority")), Map.of("priority", "100", "version", "1"));

        // The CLI parses --priority as a float and sends the integer part: 2.5 goes out as priority=2.
        assertSucceeded(backline.cli().run("service", "vcl", "condition", "create", "-s", sid, "--version", "1",
                "--name", "fractional", "--statement", "req.url ~ \"^/f\"", "--type", "REQUEST", "--priority", "2.5"),
                "Created condition fractional");
        assertFields(BacklineApi.ok(condition(sid, 1, "fractional")), Map.of("priority", "2"));

        assertSucceeded(backline.cli().run("service", "vcl", "condition", "create", "-s", sid, "--version", "1",
                "--name", "cache_404", "--statement", "beresp.status == 404", "--type", "CACHE", "--priority", "0"),
                "Created condition cache_404");
        assertFields(BacklineApi.ok(condition(sid, 1, "cache_404")), Map.of("type", "CACHE", "priority", "0"));
        assertSucceeded(backline.cli().run("service", "vcl", "condition", "create", "-s", sid, "--version", "1",
                "--name", "resp_404", "--statement", "resp.status == 404", "--type", "RESPONSE"),
                "Created condition resp_404");
        assertFields(BacklineApi.ok(condition(sid, 1, "resp_404")), Map.of("type", "RESPONSE"));
    }

    @Test
    void conditionCreateWithoutTypeIsRefusedByTheServerBecauseTheCliSendsNoDefault() {
        String sid = backline.api().createService(unique("cond no type"));

        ProcessResult refused = backline.cli().run("service", "vcl", "condition", "create", "-s", sid, "--version", "1",
                "--name", "untyped", "--statement", "req.url ~ \"^/x\"");

        assertFailed(refused, "the Fastly API returned 400 Bad Request: Bad request (type: missing");
        assertThat(backline.api().names(sid, 1, "condition")).isEmpty();
    }

    @Test
    void conditionListShowsEveryConditionOfTheVersion() {
        String sid = backline.api().createService(unique("cond list"));
        BacklineApi api = backline.api();
        api.createCondition(sid, 1, "alpha");
        BacklineApi.ok(api.post("/service/" + sid + "/version/1/condition", form("name", "a/b", "type", "CACHE",
                "statement", "beresp.status == 500", "priority", "3")));
        BacklineApi.ok(api.put("/service/" + sid + "/version/1/clone"));

        ProcessResult table = backline.cli().run("service", "vcl", "condition", "list", "-s", sid, "--version", "latest");

        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(table.stdout()).as(table.describe())
                .containsPattern("SERVICE\\s+VERSION\\s+NAME\\s+STATEMENT\\s+TYPE\\s+PRIORITY")
                .containsPattern(sid + "\\s+2\\s+alpha\\s+req\\.url ~ \"\\^/alpha\"\\s+REQUEST\\s+10")
                .containsPattern(sid + "\\s+2\\s+a/b\\s+beresp\\.status == 500\\s+CACHE\\s+3");
        JsonNode listed = api.getOk("/service/" + sid + "/version/2/condition");
        assertThat(listed).as("%s", listed).hasSize(2);
        listed.forEach(item -> assertFields(item, Map.of("version", "2")));
    }

    @Test
    void conditionUpdateChangesOnlyTheGivenFields() {
        String sid = backline.api().createService(unique("cond update"));
        backline.api().createCondition(sid, 1, "routed");
        JsonNode before = BacklineApi.ok(condition(sid, 1, "routed"));

        ProcessResult updated = backline.cli().run("service", "vcl", "condition", "update", "-s", sid,
                "--version", "1", "--name", "routed", "--statement", "req.url.path ~ \"^/v2/\"", "--priority", "20",
                "--comment", "moved to v2", "--type", "REQUEST");

        assertSucceeded(updated, "Updated condition routed (service " + sid + " version 1)");
        JsonNode after = BacklineApi.ok(condition(sid, 1, "routed"));
        assertFields(after, Map.of("statement", "req.url.path ~ \"^/v2/\"", "priority", "20", "comment", "moved to v2",
                "type", "REQUEST", "name", "routed", "version", "1"));
        assertThat(after.path("created_at")).isEqualTo(before.path("created_at"));

        assertSucceeded(backline.cli().run("service", "vcl", "condition", "update", "-s", sid, "--version", "1",
                "--name", "routed", "--comment", "only the comment"), "Updated condition routed");
        JsonNode partial = BacklineApi.ok(condition(sid, 1, "routed"));
        assertFields(partial, Map.of("statement", "req.url.path ~ \"^/v2/\"", "priority", "20",
                "comment", "only the comment", "type", "REQUEST"));
    }

    @Test
    void conditionUpdateWithNewNamePutsTheNewNameInThePathAndGets404() {
        String sid = backline.api().createService(unique("cond new-name bug"));
        backline.api().createCondition(sid, 1, "old");

        // Spec §6: the CLI sends PUT .../condition/NEW without a name field, so the server cannot find NEW.
        ProcessResult renamed = backline.cli().run("service", "vcl", "condition", "update", "-s", sid, "--version", "1",
                "--name", "old", "--new-name", "new", "--comment", "renamed?");

        assertFailed(renamed, "the Fastly API returned 404 Not Found: Record not found (Couldn't find Condition",
                "name => new,");
        assertThat(backline.api().names(sid, 1, "condition")).containsExactly("old");
        assertFields(BacklineApi.ok(condition(sid, 1, "old")), Map.of("comment", ""));
    }

    @Test
    void conditionUpdateWithNewNameOfAnExistingConditionUpdatesThatOtherCondition() {
        String sid = backline.api().createService(unique("cond new-name other"));
        backline.api().createCondition(sid, 1, "first");
        backline.api().createCondition(sid, 1, "second");

        ProcessResult updated = backline.cli().run("service", "vcl", "condition", "update", "-s", sid, "--version", "1",
                "--name", "first", "--new-name", "second", "--comment", "meant for first");

        // The same CLI bug: the request goes to .../condition/second, which exists, so "second" is changed.
        assertSucceeded(updated, "Updated condition second (service " + sid + " version 1)");
        assertThat(backline.api().names(sid, 1, "condition")).containsExactlyInAnyOrder("first", "second");
        assertFields(BacklineApi.ok(condition(sid, 1, "first")), Map.of("comment", ""));
        assertFields(BacklineApi.ok(condition(sid, 1, "second")), Map.of("comment", "meant for first"));
    }

    @Test
    void conditionRenameThroughTheApiIsRefusedWithCannotChangeName() {
        String sid = backline.api().createService(unique("cond rename"));
        backline.api().createCondition(sid, 1, "fixed");
        String path = "/service/" + sid + "/version/1/condition/fixed";

        ApiResponse rename = backline.api().put(path, form("name", "moved", "comment", "with a rename"));

        assertThat(rename.status()).as(rename.describe()).isEqualTo(400);
        assertFields(rename.json(), Map.of("msg", "Bad request", "detail", "Cannot change name"));
        assertThat(backline.api().names(sid, 1, "condition")).containsExactly("fixed");
        assertFields(BacklineApi.ok(condition(sid, 1, "fixed")), Map.of("comment", ""));

        ApiResponse sameName = backline.api().put(path, form("name", "fixed", "comment", "same name is fine"));
        assertFields(BacklineApi.ok(sameName), Map.of("name", "fixed", "comment", "same name is fine"));
    }

    @Test
    void conditionDeleteRemovesIt() {
        String sid = backline.api().createService(unique("cond delete"));
        backline.api().createCondition(sid, 1, "keep");
        backline.api().createCondition(sid, 1, "gone");
        BacklineApi.ok(backline.api().put("/service/" + sid + "/version/1/clone"));

        ProcessResult deleted = backline.cli().run("service", "vcl", "condition", "delete", "-s", sid,
                "--version", "latest", "--name", "gone");

        assertSucceeded(deleted, "Deleted condition gone (service " + sid + " version 2)");
        assertThat(condition(sid, 2, "gone").status()).isEqualTo(404);
        assertThat(backline.api().names(sid, 2, "condition")).containsExactly("keep");
        assertThat(backline.api().names(sid, 1, "condition")).as("version 1 keeps both")
                .containsExactlyInAnyOrder("keep", "gone");
    }

    @Test
    void conditionWritesOnTheActiveVersionNeedAutoclone() {
        String sid = backline.api().createService(unique("cond autoclone"));
        backline.api().createCondition(sid, 1, "existing");
        backline.api().activate(sid, 1);

        for (List<String> write : List.of(
                List.of("create", "--name", "extra", "--statement", "req.url ~ \"^/x\"", "--type", "REQUEST"),
                List.of("update", "--name", "existing", "--comment", "nope"),
                List.of("delete", "--name", "existing"))) {
            List<String> args = new ArrayList<>(List.of("service", "vcl", "condition"));
            args.addAll(write);
            args.addAll(List.of("-s", sid, "--version", "active"));
            ProcessResult refused = backline.cli().run(args.toArray(String[]::new));
            assertFailed(refused, "service version 1 is locked", "--autoclone");
        }
        assertThat(backline.api().getOk("/service/" + sid + "/version")).as("nothing was cloned").hasSize(1);

        assertSucceeded(backline.cli().run("service", "vcl", "condition", "create", "-s", sid, "--version", "active",
                "--autoclone", "--name", "extra", "--statement", "req.url ~ \"^/x\"", "--type", "REQUEST",
                "--priority", "30"), "Created condition extra (service " + sid + " version 2)");
        assertThat(backline.api().names(sid, 2, "condition")).as("the clone carries the old conditions too")
                .containsExactlyInAnyOrder("existing", "extra");
        assertFields(BacklineApi.ok(condition(sid, 2, "existing")), Map.of("version", "2", "priority", "10"));
        assertThat(backline.api().names(sid, 1, "condition")).as("the active version is untouched")
                .containsExactly("existing");

        assertSucceeded(backline.cli().run("service", "vcl", "condition", "update", "-s", sid, "--version", "1",
                "--autoclone", "--name", "existing", "--priority", "40"),
                "Updated condition existing (service " + sid + " version 3)");
        assertFields(BacklineApi.ok(condition(sid, 3, "existing")), Map.of("priority", "40", "version", "3"));
        assertFields(BacklineApi.ok(condition(sid, 1, "existing")), Map.of("priority", "10"));
    }

    @Test
    void conditionWritesToALockedVersionGet422FromTheApi() {
        String sid = backline.api().createService(unique("cond locked"));
        backline.api().createCondition(sid, 1, "held");
        BacklineApi.ok(backline.api().put("/service/" + sid + "/version/1/lock"));
        String base = "/service/" + sid + "/version/1/condition";

        for (ApiResponse locked : List.of(
                backline.api().post(base, form("name", "late", "statement", "req.url ~ \"^/l\"", "type", "REQUEST")),
                backline.api().put(base + "/held", form("comment", "nope")),
                backline.api().delete(base + "/held"))) {
            assertThat(locked.status()).as(locked.describe()).isEqualTo(422);
            assertFields(locked.json(), Map.of("msg", "Version locked",
                    "detail", "Version '1' for service '" + sid + "' is locked"));
        }
        assertThat(backline.api().names(sid, 1, "condition")).containsExactly("held");
    }

    @Test
    void conditionCreateWithADuplicateNameReports409() {
        String sid = backline.api().createService(unique("cond duplicate"));
        backline.api().createCondition(sid, 1, "a/b");

        ProcessResult duplicate = backline.cli().run("service", "vcl", "condition", "create", "-s", sid,
                "--version", "1", "--name", "a/b", "--statement", "req.url ~ \"^/other\"", "--type", "REQUEST");

        assertFailed(duplicate, "the Fastly API returned 409 Conflict: Duplicate record (Duplicate condition: 'a/b')");
        assertThat(backline.api().names(sid, 1, "condition")).containsExactly("a/b");
        assertFields(BacklineApi.ok(condition(sid, 1, "a/b")), Map.of("statement", "req.url ~ \"^/a/b\""));
    }

    @Test
    void anUnknownConditionReports404InDescribeUpdateAndDelete() {
        String sid = backline.api().createService(unique("cond unknown"));
        backline.api().createCondition(sid, 1, "known");

        for (List<String> command : List.of(List.of("describe"), List.of("update", "--comment", "x"),
                List.of("delete"))) {
            List<String> args = new ArrayList<>(List.of("service", "vcl", "condition"));
            args.addAll(command);
            args.addAll(List.of("-s", sid, "--version", "1", "--name", "no such/condition"));
            assertFailed(backline.cli().run(args.toArray(String[]::new)),
                    "the Fastly API returned 404 Not Found: Record not found (Couldn't find Condition",
                    "name => no such/condition");
        }
        assertThat(backline.api().names(sid, 1, "condition")).containsExactly("known");
        ProcessResult unknownVersion = backline.cli().run("service", "vcl", "condition", "list", "-s", sid,
                "--version", "9");
        assertFailed(unknownVersion, "404 Not Found");
    }

    @Test
    void aMalformedStatementGetsTheServersColumnInTheCliOutput() {
        String sid = backline.api().createService(unique("cond malformed"));

        ProcessResult unbalanced = backline.cli().run("service", "vcl", "condition", "create", "-s", sid,
                "--version", "1", "--name", "broken", "--statement", "req.url ~ (\"^/api\"", "--type", "REQUEST");
        assertFailed(unbalanced, "the Fastly API returned 400 Bad Request: Bad request (statement: at column 11:");

        ProcessResult wrongScope = backline.cli().run("service", "vcl", "condition", "create", "-s", sid,
                "--version", "1", "--name", "broken", "--statement", "beresp.status == 404", "--type", "REQUEST");
        assertFailed(wrongScope, "400 Bad Request", "statement: at column 1:", "beresp.status");
        assertThat(backline.api().names(sid, 1, "condition")).as("nothing was stored").isEmpty();

        ApiResponse api = backline.api().post("/service/" + sid + "/version/1/condition",
                form("name", "broken", "statement", "req.url ~ (\"^/api\"", "type", "REQUEST"));
        assertThat(api.status()).as(api.describe()).isEqualTo(400);
        assertThat(api.json().path("msg").asText()).isEqualTo("Bad request");
        assertThat(api.json().path("detail").asText()).as(api.describe()).startsWith("statement: at column 11:");

        backline.api().createCondition(sid, 1, "good");
        ProcessResult update = backline.cli().run("service", "vcl", "condition", "update", "-s", sid,
                "--version", "1", "--name", "good", "--statement", "req.url ~ \"^/x\" &&");
        assertFailed(update, "400 Bad Request", "statement: at column 19:");
        assertFields(BacklineApi.ok(condition(sid, 1, "good")), Map.of("statement", "req.url ~ \"^/good\""));
    }

    private static ApiResponse condition(String sid, int version, String name) {
        return backline.api().object(sid, version, "condition", name);
    }

    /** The CLI failed and its error output holds every fragment. */
    static void assertFailed(ProcessResult result, String... fragments) {
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.stderr()).as(result.describe()).contains(fragments);
    }
}
