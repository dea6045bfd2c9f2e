package io.backline.compat;

import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliVersionCommandsTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fastly service version stage|unstage} (issue 13), driven with the real CLI: it reads the
 * version, refuses an active or locked one unless {@code --autoclone}, sends
 * {@code PUT …/activate/staging} or {@code …/deactivate/staging}, and for unstage checks the
 * version's {@code staging} flag first; {@code --version staged} reads the details filtered by
 * {@code versions.staged}.
 */
class CliStagingCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @Test
    void stageStagesADraftAndTheVersionListShowsIt() {
        String sid = activeServiceWithDraftTwo();

        assertSucceeded(backline.cli().run("service", "version", "stage", "-s", sid, "--version", "2"),
                "Staged service " + sid + " version 2");

        JsonNode two = backline.api().version(sid, 2);
        assertThat(two.path("staging").asBoolean()).as("%s", two).isTrue();
        assertThat(two.path("locked").asBoolean(true)).as("staging does not lock: %s", two).isFalse();
        ProcessResult table = backline.cli().run("service", "version", "list", "-s", sid);
        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(table.stdout()).as(table.describe()).containsPattern("(?m)^1\\s+true\\s+false\\s")
                .containsPattern("(?m)^2\\s+false\\s+true\\s");
        JsonNode service = backline.api().getOk("/service/" + sid);
        assertThat(service.path("environments").toString()).contains("\"name\":\"staging\"", "\"active_version\":2");
    }

    @Test
    void stageRefusesTheActiveVersionButStagesAClonedOneWithAutoclone() {
        String sid = activeServiceWithDraftTwo();

        ProcessResult refused = backline.cli().run("service", "version", "stage", "-s", sid, "--version", "1");
        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        // The CLI checks `locked` last, so an active version is reported as locked (see compatibility.md).
        assertThat(refused.output()).as(refused.describe()).contains("service version 1 is locked");

        assertSucceeded(backline.cli().run("service", "version", "stage", "-s", sid, "--version", "1", "--autoclone"),
                "Staged service " + sid + " version 3");
        assertThat(backline.api().version(sid, 3).path("staging").asBoolean()).isTrue();
    }

    @Test
    void unstageUnstagesTheStagedVersionFoundByNumberOrAsStaged() {
        String sid = activeServiceWithDraftTwo();
        assertSucceeded(backline.cli().run("service", "version", "stage", "-s", sid, "--version", "2"),
                "Staged service " + sid + " version 2");

        assertSucceeded(backline.cli().run("service", "version", "unstage", "-s", sid, "--version", "staged"),
                "Unstaged service " + sid + " version 2");
        assertThat(backline.api().version(sid, 2).path("staging").asBoolean(true)).isFalse();

        assertSucceeded(backline.cli().run("service", "version", "stage", "-s", sid, "--version", "2"),
                "Staged service " + sid + " version 2");
        assertSucceeded(backline.cli().run("service", "version", "unstage", "-s", sid, "--version", "2"),
                "Unstaged service " + sid + " version 2");
    }

    @Test
    void unstageOfAVersionThatIsNotStagedFailsInTheCliAndNothingChanges() {
        String sid = activeServiceWithDraftTwo();

        ProcessResult notStaged = backline.cli().run("service", "version", "unstage", "-s", sid, "--version", "2");
        assertThat(notStaged.exitCode()).as(notStaged.describe()).isNotZero();
        assertThat(notStaged.output()).as(notStaged.describe()).contains("service version 2 is not staged");

        ProcessResult noneStaged = backline.cli().run("service", "version", "unstage", "-s", sid, "--version", "staged");
        assertThat(noneStaged.exitCode()).as(noneStaged.describe()).isNotZero();
        assertThat(noneStaged.output()).as(noneStaged.describe()).contains("no staged service version found");
        assertThat(backline.api().version(sid, 1).path("active").asBoolean()).isTrue();
    }

    /** Version 1 active (with a domain and a backend), version 2 its draft clone. */
    private static String activeServiceWithDraftTwo() {
        BacklineApi api = backline.api();
        String sid = api.createService(unique("staging"));
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.createDomain(sid, 1, unique("staging").replace(' ', '-') + ".example.com");
        api.activate(sid, 1);
        BacklineApi.ok(api.put("/service/" + sid + "/version/1/clone"));
        return sid;
    }
}
