package io.backline.compat;

import static io.backline.compat.BacklineExtension.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fastly service version list|update|clone|activate|deactivate|lock|validate} with
 * {@code --version N|latest|active} and {@code --autoclone}. (CLI 16.1.0 has no {@code version create}.)
 */
class CliVersionCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @Test
    void versionListShowsEveryVersionWithItsState() throws JsonProcessingException {
        String sid = serviceWithBackend();
        backline.api().activate(sid, 1);
        BacklineApi.ok(backline.api().put("/service/" + sid + "/version/1/clone"));

        ProcessResult table = backline.cli().run("service", "version", "list", "-s", sid);
        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(table.stdout()).as(table.describe()).containsPattern("(?m)^1\\s+true\\s+false\\s")
                .containsPattern("(?m)^2\\s+false\\s+false\\s");

        ProcessResult json = backline.cli().run("service", "version", "list", "-s", sid, "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        JsonNode listed = BacklineApi.JSON.readTree(json.stdout());
        JsonNode stored = backline.api().getOk("/service/" + sid + "/version");
        assertThat(listed).as(json.describe()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(listed.path(i).path("Number").asInt()).isEqualTo(stored.path(i).path("number").asInt());
            assertThat(listed.path(i).path("Active").asBoolean()).isEqualTo(stored.path(i).path("active").asBoolean());
            assertThat(listed.path(i).path("Locked").asBoolean()).isEqualTo(stored.path(i).path("locked").asBoolean());
        }
        assertThat(stored.path(0).path("locked").asBoolean()).as("an activated version is locked: %s", stored).isTrue();
        assertThat(stored.path(1).path("locked").asBoolean()).as("a clone is a draft: %s", stored).isFalse();
    }

    @Test
    void versionUpdateSetsTheCommentOfNumberedLatestAndActiveVersions() {
        String sid = serviceWithBackend();
        BacklineApi api = backline.api();

        assertSucceeded(backline.cli().run("service", "version", "update", "-s", sid, "--version", "1",
                "--comment", "numbered"), "Updated service " + sid + " version 1");
        assertThat(api.version(sid, 1).path("comment").asText()).isEqualTo("numbered");

        BacklineApi.ok(api.put("/service/" + sid + "/version/1/clone"));
        assertSucceeded(backline.cli().run("service", "version", "update", "-s", sid, "--version", "latest",
                "--comment", "the latest one"), "Updated service " + sid + " version 2");
        assertThat(api.version(sid, 2).path("comment").asText()).isEqualTo("the latest one");
        assertThat(api.version(sid, 1).path("comment").asText()).as("version 1 untouched").isEqualTo("numbered");

        api.activate(sid, 1);
        assertSucceeded(backline.cli().run("service", "version", "update", "-s", sid, "--version", "active",
                "--comment", "comment on the active version"), "Updated service " + sid + " version 1");
        JsonNode active = api.version(sid, 1);
        assertThat(active.path("comment").asText()).as("%s", active).isEqualTo("comment on the active version");
        assertThat(active.path("active").asBoolean()).isTrue();
    }

    @Test
    void versionUpdateWithAutocloneOnALockedVersionCommentsAClone() {
        String sid = serviceWithBackend();
        BacklineApi api = backline.api();
        BacklineApi.ok(api.put("/service/" + sid + "/version/1/lock"));

        ProcessResult updated = backline.cli().run("service", "version", "update", "-s", sid, "--version", "1",
                "--autoclone", "--comment", "on the clone");

        assertSucceeded(updated, "Updated service " + sid + " version 2");
        JsonNode clone = api.version(sid, 2);
        assertThat(clone.path("comment").asText()).as("%s", clone).isEqualTo("on the clone");
        assertThat(clone.path("locked").asBoolean()).isFalse();
        assertThat(api.version(sid, 1).path("comment").asText()).as("the locked version keeps its comment").isEmpty();
        assertThat(backendNames(sid, 2)).containsExactly("origin");
    }

    @Test
    void versionCloneCreatesTheNextVersionWithTheSameBackends() {
        String sid = serviceWithBackend();
        BacklineApi api = backline.api();
        api.createBackend(sid, 1, "a/b", "192.0.2.7");

        assertSucceeded(backline.cli().run("service", "version", "clone", "-s", sid, "--version", "1"),
                "Cloned service " + sid + " version 1 to version 2");
        JsonNode two = api.version(sid, 2);
        assertThat(two.path("active").asBoolean()).as("%s", two).isFalse();
        assertThat(two.path("locked").asBoolean()).as("%s", two).isFalse();
        assertThat(backendNames(sid, 2)).containsExactlyInAnyOrder("origin", "a/b");
        JsonNode copied = BacklineApi.ok(api.backend(sid, 2, "a/b"));
        assertThat(copied.path("version").asInt()).as("%s", copied).isEqualTo(2);
        assertThat(copied.path("address").asText()).isEqualTo("192.0.2.7");

        assertSucceeded(backline.cli().run("service", "version", "clone", "-s", sid, "--version", "latest"),
                "Cloned service " + sid + " version 2 to version 3");

        api.activate(sid, 1);
        assertSucceeded(backline.cli().run("service", "version", "clone", "-s", sid, "--version", "active"),
                "Cloned service " + sid + " version 1 to version 4");
        assertThat(backendNames(sid, 4)).containsExactlyInAnyOrder("origin", "a/b");
        assertThat(api.getOk("/service/" + sid + "/version")).as("versions").hasSize(4);
    }

    @Test
    void versionActivateActivatesAndLocksTheVersion() {
        String sid = serviceWithBackend();
        BacklineApi api = backline.api();

        assertSucceeded(backline.cli().run("service", "version", "activate", "-s", sid, "--version", "1"),
                "Activated service " + sid + " version 1");

        JsonNode one = api.version(sid, 1);
        assertThat(one.path("active").asBoolean()).as("%s", one).isTrue();
        assertThat(one.path("locked").asBoolean()).as("%s", one).isTrue();
        JsonNode details = api.getOk("/service/" + sid + "/details");
        assertThat(details.path("active_version").path("number").asInt()).as("%s", details).isEqualTo(1);
        assertThat(listItem(sid).path("version").asInt()).isEqualTo(1);
    }

    @Test
    void versionActivateOfLatestMovesTheActiveVersionAndRollbackIsAllowed() {
        String sid = serviceWithBackend();
        BacklineApi api = backline.api();
        api.activate(sid, 1);
        BacklineApi.ok(api.put("/service/" + sid + "/version/1/clone"));

        assertSucceeded(backline.cli().run("service", "version", "activate", "-s", sid, "--version", "latest"),
                "Activated service " + sid + " version 2");
        assertThat(api.version(sid, 2).path("active").asBoolean()).isTrue();
        JsonNode one = api.version(sid, 1);
        assertThat(one.path("active").asBoolean()).as("the previous version is no longer active: %s", one).isFalse();
        assertThat(one.path("locked").asBoolean()).as("but it stays locked: %s", one).isTrue();

        assertSucceeded(backline.cli().run("service", "version", "activate", "-s", sid, "--version", "1"),
                "Activated service " + sid + " version 1");
        assertThat(api.version(sid, 1).path("active").asBoolean()).as("rollback to a locked version").isTrue();
        assertThat(api.version(sid, 2).path("active").asBoolean()).isFalse();
        assertThat(api.getOk("/service/" + sid + "/details").path("active_version").path("number").asInt()).isEqualTo(1);
    }

    @Test
    void versionActivateOfTheActiveVersionIsRefusedWithoutAutoclone() {
        String sid = serviceWithBackend();
        backline.api().activate(sid, 1);

        ProcessResult refused = backline.cli().run("service", "version", "activate", "-s", sid, "--version", "active");

        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.stderr()).contains("service version 1 is active").contains("--autoclone");
        assertThat(backline.api().getOk("/service/" + sid + "/version")).as("nothing was cloned").hasSize(1);
    }

    @Test
    void versionActivateWithAutocloneOnTheActiveVersionActivatesAClone() {
        String sid = serviceWithBackend();
        BacklineApi api = backline.api();
        api.activate(sid, 1);

        ProcessResult activated = backline.cli().run("service", "version", "activate", "-s", sid,
                "--version", "active", "--autoclone");

        assertSucceeded(activated, "Activated service " + sid + " version 2");
        assertThat(api.version(sid, 2).path("active").asBoolean()).isTrue();
        assertThat(api.version(sid, 1).path("active").asBoolean()).isFalse();
        assertThat(backendNames(sid, 2)).containsExactly("origin");
    }

    @Test
    void versionDeactivateLeavesTheServiceWithoutAnActiveVersion() {
        String sid = serviceWithBackend();
        BacklineApi api = backline.api();
        api.activate(sid, 1);

        ProcessResult deactivated = backline.cli().run("service", "version", "deactivate", "-s", sid,
                "--version", "active");

        assertSucceeded(deactivated, "Deactivated service " + sid + " version 1");
        JsonNode one = api.version(sid, 1);
        assertThat(one.path("active").asBoolean()).as("%s", one).isFalse();
        JsonNode details = api.getOk("/service/" + sid + "/details");
        assertThat(details.has("active_version")).as("details carry active_version: %s", details).isTrue();
        assertThat(details.path("active_version").isNull()).as("%s", details).isTrue();
        ProcessResult table = backline.cli().run("service", "list");
        assertThat(table.stdout().lines().filter(line -> line.contains(sid)).findFirst().orElse(""))
                .as(table.describe()).contains("n/a");
    }

    @Test
    void versionDeactivateAcceptsNumberedAndLatestVersions() {
        String sid = serviceWithBackend();
        BacklineApi api = backline.api();
        api.activate(sid, 1);
        assertSucceeded(backline.cli().run("service", "version", "deactivate", "-s", sid, "--version", "1"),
                "Deactivated service " + sid + " version 1");
        assertThat(api.version(sid, 1).path("active").asBoolean()).isFalse();

        BacklineApi.ok(api.put("/service/" + sid + "/version/1/clone"));
        api.activate(sid, 2);
        assertSucceeded(backline.cli().run("service", "version", "deactivate", "-s", sid, "--version", "latest"),
                "Deactivated service " + sid + " version 2");
        assertThat(api.version(sid, 2).path("active").asBoolean()).isFalse();
        assertThat(api.getOk("/service/" + sid + "/details").path("active_version").isNull()).isTrue();

        ProcessResult notActive = backline.cli().run("service", "version", "deactivate", "-s", sid, "--version", "1");
        assertThat(notActive.exitCode()).as(notActive.describe()).isNotZero();
        assertThat(notActive.stderr()).contains("service version 1 is not active");
    }

    @Test
    void versionLockLocksADraftAndTheCliRefusesToLockItTwice() {
        String sid = serviceWithBackend();
        BacklineApi api = backline.api();
        BacklineApi.ok(api.put("/service/" + sid + "/version/1/clone"));

        assertSucceeded(backline.cli().run("service", "version", "lock", "-s", sid, "--version", "latest"),
                "Locked service " + sid + " version 2");
        JsonNode two = api.version(sid, 2);
        assertThat(two.path("locked").asBoolean()).as("%s", two).isTrue();
        assertThat(two.path("active").asBoolean()).as("%s", two).isFalse();

        ProcessResult again = backline.cli().run("service", "version", "lock", "-s", sid, "--version", "2");
        assertThat(again.exitCode()).as(again.describe()).isNotZero();
        assertThat(again.stderr()).contains("service version 2 is locked");
        JsonNode relock = BacklineApi.ok(api.put("/service/" + sid + "/version/2/lock"));
        assertThat(relock.path("locked").asBoolean()).as("the API locks idempotently: %s", relock).isTrue();
    }

    @Test
    void versionValidateReportsAValidVersionForNumberedLatestAndActive() throws JsonProcessingException {
        String sid = serviceWithBackend();
        backline.api().activate(sid, 1);
        BacklineApi.ok(backline.api().put("/service/" + sid + "/version/1/clone"));

        assertSucceeded(backline.cli().run("service", "version", "validate", "-s", sid, "--version", "1"),
                "Service " + sid + " version 1 is valid");
        assertSucceeded(backline.cli().run("service", "version", "validate", "-s", sid, "--version", "latest"),
                "Service " + sid + " version 2 is valid");
        ProcessResult json = backline.cli().run("service", "version", "validate", "-s", sid, "--version", "active",
                "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        assertThat(BacklineApi.JSON.readTree(json.stdout()).path("valid").asBoolean()).as(json.describe()).isTrue();
        JsonNode validation = backline.api().getOk("/service/" + sid + "/version/1/validate");
        assertThat(validation.path("status").asText()).as("%s", validation).isEqualTo("ok");
    }

    private static String serviceWithBackend() {
        BacklineApi api = backline.api();
        String sid = api.createService(unique("versions"));
        api.createBackend(sid, 1, "origin", "origin.example.com");
        return sid;
    }

    private static List<String> backendNames(String sid, int version) {
        List<String> names = new ArrayList<>();
        backline.api().getOk("/service/" + sid + "/version/" + version + "/backend")
                .forEach(backend -> names.add(backend.path("name").asText()));
        return names;
    }

    private static JsonNode listItem(String sid) {
        for (int page = 1; page < 1000; page++) {
            ApiResponse response = backline.api().get("/service?page=" + page + "&per_page=100");
            for (JsonNode item : BacklineApi.ok(response)) {
                if (item.path("id").asText().equals(sid)) {
                    return item;
                }
            }
            if (!response.header("Link").contains("rel=\"next\"")) {
                break;
            }
        }
        throw new AssertionError("service " + sid + " is not listed");
    }

    static void assertSucceeded(ProcessResult result, String success) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).contains("SUCCESS: " + success);
    }
}
