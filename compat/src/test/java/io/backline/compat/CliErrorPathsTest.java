package io.backline.compat;

import static io.backline.compat.BacklineApi.form;
import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliBackendCommandsTest.assertFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI's error paths: duplicates, locked versions, unknown names, missing, invalid and read-only tokens. */
class CliErrorPathsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @Test
    void backendCreateWithADuplicateNameReports409AndKeepsTheOriginal() {
        String sid = backline.api().createService(unique("duplicate"));
        backline.api().createBackend(sid, 1, "a/b", "first.example.com");

        ProcessResult duplicate = backline.cli().run("service", "backend", "create", "-s", sid, "--version", "1",
                "--name", "a/b", "--address", "second.example.com");

        assertThat(duplicate.exitCode()).as(duplicate.describe()).isNotZero();
        assertThat(duplicate.stderr()).as(duplicate.describe())
                .contains("the Fastly API returned 409 Conflict: Duplicate record (Duplicate backend: 'a/b')");
        assertThat(names(sid, 1)).containsExactly("a/b");
        assertFields(BacklineApi.ok(backline.api().backend(sid, 1, "a/b")), Map.of("address", "first.example.com"));
    }

    @Test
    void backendRenameOntoAnExistingNameReports409AndChangesNothing() {
        String sid = backline.api().createService(unique("rename clash"));
        backline.api().createBackend(sid, 1, "one", "one.example.com");
        backline.api().createBackend(sid, 1, "two", "two.example.com");

        ProcessResult clash = backline.cli().run("service", "backend", "update", "-s", sid, "--version", "1",
                "--name", "one", "--new-name", "two");

        assertThat(clash.exitCode()).as(clash.describe()).isNotZero();
        assertThat(clash.stderr()).as(clash.describe()).contains("409 Conflict").contains("Duplicate record");
        assertFields(BacklineApi.ok(backline.api().backend(sid, 1, "one")), Map.of("address", "one.example.com"));
        assertFields(BacklineApi.ok(backline.api().backend(sid, 1, "two")), Map.of("address", "two.example.com"));
    }

    @Test
    void writesToALockedVersionAreRefusedByTheCliAndWithA422ByTheApi() {
        String sid = backline.api().createService(unique("locked"));
        backline.api().createBackend(sid, 1, "origin", "origin.example.com");
        CliVersionCommandsTest.assertSucceeded(backline.cli().run("service", "version", "lock", "-s", sid,
                "--version", "1"), "Locked service " + sid + " version 1");

        for (List<String> write : List.of(
                List.of("create", "--name", "extra", "--address", "extra.example.com"),
                List.of("update", "--name", "origin", "--comment", "nope"),
                List.of("delete", "--name", "origin"))) {
            List<String> args = new ArrayList<>(List.of("service", "backend"));
            args.addAll(write);
            args.addAll(List.of("-s", sid, "--version", "1"));
            ProcessResult refused = backline.cli().run(args.toArray(String[]::new));
            assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
            assertThat(refused.stderr()).as(refused.describe()).contains("service version 1 is locked")
                    .contains("--autoclone");
        }

        String versionPath = "/service/" + sid + "/version/1/backend";
        String expectedDetail = "Version '1' for service '" + sid + "' is locked";
        for (ApiResponse locked : List.of(
                backline.api().post(versionPath, form("name", "extra", "address", "extra.example.com")),
                backline.api().put(versionPath + "/origin", form("comment", "nope")),
                backline.api().delete(versionPath + "/origin"))) {
            assertThat(locked.status()).as(locked.describe()).isEqualTo(422);
            assertThat(locked.json().path("msg").asText()).as(locked.describe()).isEqualTo("Version locked");
            assertThat(locked.json().path("detail").asText()).as(locked.describe()).isEqualTo(expectedDetail);
        }
        assertThat(names(sid, 1)).containsExactly("origin");
        assertThat(BacklineApi.ok(backline.api().backend(sid, 1, "origin")).path("comment").asText()).isEmpty();
    }

    @Test
    void anUnknownServiceReports404() {
        ProcessResult describe = backline.cli().run("service", "describe", "-s", "NoSuchService0000000000");
        assertThat(describe.exitCode()).as(describe.describe()).isNotZero();
        assertThat(describe.stderr()).as(describe.describe())
                .contains("the Fastly API returned 404 Not Found: Record not found");

        ProcessResult backends = backline.cli().run("service", "backend", "list", "-s", "NoSuchService0000000000",
                "--version", "1");
        assertThat(backends.exitCode()).as(backends.describe()).isNotZero();
        assertThat(backends.stderr()).as(backends.describe()).contains("404 Not Found");

        ApiResponse api = backline.api().get("/service/NoSuchService0000000000");
        assertThat(api.status()).as(api.describe()).isEqualTo(404);
        assertThat(api.json().path("msg").asText()).isEqualTo("Record not found");
        assertThat(api.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void anUnknownServiceNameIsReportedByTheCli() {
        ProcessResult unknown = backline.cli().run("service", "describe", "--service-name", unique("nobody has this"));

        assertThat(unknown.exitCode()).as(unknown.describe()).isNotZero();
        assertThat(unknown.stderr()).as(unknown.describe()).contains("error matching service name");
    }

    @Test
    void aServiceSearchForAnUnknownNameReports404() {
        ProcessResult search = backline.cli().run("service", "search", "--name", unique("no such name"));

        assertThat(search.exitCode()).as(search.describe()).isNotZero();
        assertThat(search.stderr()).as(search.describe()).contains("404 Not Found");
    }

    @Test
    void anUnknownVersionReports404() {
        String sid = backline.api().createService(unique("unknown version"));

        ProcessResult list = backline.cli().run("service", "backend", "list", "-s", sid, "--version", "42");

        assertThat(list.exitCode()).as(list.describe()).isNotZero();
        assertThat(list.stderr()).as(list.describe()).contains("404 Not Found").contains("Record not found");
        ApiResponse api = backline.api().get("/service/" + sid + "/version/42");
        assertThat(api.status()).as(api.describe()).isEqualTo(404);
        assertThat(api.json().path("msg").asText()).isEqualTo("Record not found");
    }

    @Test
    void anUnknownBackendReports404InDescribeUpdateAndDelete() {
        String sid = backline.api().createService(unique("unknown backend"));
        backline.api().createBackend(sid, 1, "known", "known.example.com");

        for (List<String> command : List.of(List.of("describe"), List.of("update", "--comment", "x"),
                List.of("delete"))) {
            List<String> args = new ArrayList<>(List.of("service", "backend"));
            args.addAll(command);
            args.addAll(List.of("-s", sid, "--version", "1", "--name", "no/such backend"));
            ProcessResult missing = backline.cli().run(args.toArray(String[]::new));
            assertThat(missing.exitCode()).as(missing.describe()).isNotZero();
            assertThat(missing.stderr()).as(missing.describe())
                    .contains("the Fastly API returned 404 Not Found: Record not found (Couldn't find Backend");
        }
        assertThat(names(sid, 1)).containsExactly("known");
    }

    @Test
    void aDeletedServiceReports404() {
        String sid = backline.api().createService(unique("deleted"));
        BacklineApi.ok(backline.api().delete("/service/" + sid));

        ProcessResult describe = backline.cli().run("service", "describe", "-s", sid);

        assertThat(describe.exitCode()).as(describe.describe()).isNotZero();
        assertThat(describe.stderr()).as(describe.describe()).contains("404 Not Found");
    }

    @Test
    void aMissingTokenIsRefusedByTheCliAndWith401ByTheApi() {
        ProcessResult noToken = backline.cli().withToken(null).run("service", "list");
        assertThat(noToken.exitCode()).as(noToken.describe()).isNotZero();
        assertThat(noToken.stderr()).as(noToken.describe()).contains("no token provided");

        ApiResponse api = backline.api().withToken(null).get("/service");
        assertThat(api.status()).as(api.describe()).isEqualTo(401);
        assertThat(api.json().path("msg").asText()).isEqualTo("Provided credentials are missing or invalid");
        ApiResponse write = backline.api().withToken(null).post("/service", form("name", "anonymous"));
        assertThat(write.status()).as(write.describe()).isEqualTo(401);
    }

    @Test
    void anInvalidTokenReports401() {
        int before = countServices();
        ProcessResult invalid = backline.cli().withToken("not-a-real-token").run("service", "create",
                "--name", unique("never"));

        assertThat(invalid.exitCode()).as(invalid.describe()).isNotZero();
        assertThat(invalid.stderr()).as(invalid.describe())
                .contains("401 Unauthorized: Provided credentials are missing or invalid");
        assertThat(countServices()).as("nothing was created").isEqualTo(before);
    }

    @Test
    void aReadOnlyTokenCanReadButEveryWriteReports403() {
        String sid = backline.api().createService(unique("read only"));
        backline.api().createBackend(sid, 1, "origin", "origin.example.com");
        FastlyCli reader = backline.cli().withToken(backline.readerToken());

        ProcessResult list = reader.run("service", "backend", "list", "-s", sid, "--version", "1");
        assertThat(list.exitCode()).as(list.describe()).isZero();
        assertThat(list.stdout()).contains("origin.example.com");
        ProcessResult describe = reader.run("service", "describe", "-s", sid);
        assertThat(describe.exitCode()).as(describe.describe()).isZero();

        String readOnly = "Read only tokens are not allowed to access this endpoint";
        for (String[] write : List.of(
                new String[] {"service", "create", "--name", unique("by reader")},
                new String[] {"service", "update", "-s", sid, "--comment", "by reader"},
                new String[] {"service", "version", "clone", "-s", sid, "--version", "1"},
                new String[] {"service", "backend", "create", "-s", sid, "--version", "1", "--name", "extra",
                        "--address", "extra.example.com"},
                new String[] {"service", "backend", "update", "-s", sid, "--version", "1", "--name", "origin",
                        "--comment", "by reader"},
                new String[] {"service", "backend", "delete", "-s", sid, "--version", "1", "--name", "origin"},
                new String[] {"service", "delete", "-s", sid})) {
            ProcessResult refused = reader.run(write);
            assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
            assertThat(refused.stderr()).as(refused.describe()).contains("403").contains(readOnly);
        }

        ApiResponse api = backline.api().withToken(backline.readerToken()).post("/service", form("name", "x"));
        assertThat(api.status()).as(api.describe()).isEqualTo(403);
        assertThat(api.json().path("msg").asText()).as(api.describe()).startsWith(readOnly);
        JsonNode service = backline.api().getOk("/service/" + sid);
        assertThat(service.path("comment").asText()).isEmpty();
        assertThat(service.path("versions")).hasSize(1);
        assertThat(names(sid, 1)).containsExactly("origin");
        assertThat(BacklineApi.ok(backline.api().backend(sid, 1, "origin")).path("comment").asText()).isEmpty();
    }

    @Test
    void aTokenRestrictedToOneServiceCannotSeeAnother() {
        String mine = backline.api().createService(unique("mine"));
        String theirs = backline.api().createService(unique("theirs"));
        FastlyCli restricted = backline.cli().withToken(backline.server().createToken("global", mine));

        ProcessResult own = restricted.run("service", "describe", "-s", mine);
        assertThat(own.exitCode()).as(own.describe()).isZero();
        assertThat(own.stdout()).contains("ID: " + mine);

        ProcessResult other = restricted.run("service", "describe", "-s", theirs);
        assertThat(other.exitCode()).as(other.describe()).isNotZero();
        assertThat(other.stderr()).as(other.describe()).contains("404 Not Found");
        ProcessResult write = restricted.run("service", "update", "-s", theirs, "--comment", "not mine");
        assertThat(write.exitCode()).as(write.describe()).isNotZero();
        assertThat(backline.api().getOk("/service/" + theirs).path("comment").asText()).isEmpty();
    }

    private static int countServices() {
        int total = 0;
        for (int page = 1; page < 1000; page++) {
            ApiResponse response = backline.api().get("/service?page=" + page + "&per_page=100");
            total += BacklineApi.ok(response).size();
            if (!response.header("Link").contains("rel=\"next\"")) {
                break;
            }
        }
        return total;
    }

    private static List<String> names(String sid, int version) {
        List<String> names = new ArrayList<>();
        backline.api().getOk("/service/" + sid + "/version/" + version + "/backend")
                .forEach(backend -> names.add(backend.path("name").asText()));
        return names;
    }
}
