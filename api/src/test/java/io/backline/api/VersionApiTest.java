package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Versions over HTTP (spec §3.2, §5): list, create, update, clone, activate, deactivate, lock, validate. */
class VersionApiTest {

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    @Test
    void listsVersionsAscendingByNumber() {
        var sid = api.createService("list versions");
        api.post("/service/" + sid + "/version", "").ok();
        api.put("/service/" + sid + "/version/1/clone").ok();

        var versions = api.get("/service/" + sid + "/version").ok().json();

        assertThat(numbers(versions)).containsExactly(1, 2, 3);
        versions.forEach(v -> assertThat(v.path("service_id").asText()).isEqualTo(sid));
    }

    @Test
    void createsBlankVersionWithMinimalShape() {
        var sid = api.createService("blank version");

        var created = api.call("POST", "/service/" + sid + "/version").body(ApiHarness.FORM, new byte[0]).send().ok().json();

        assertThat(fieldNames(created)).containsExactlyInAnyOrder("service_id", "number");
        assertThat(created.path("service_id").asText()).isEqualTo(sid);
        assertThat(created.path("number").asInt()).isEqualTo(2);
        var stored = api.get("/service/" + sid + "/version/2").ok().json();
        assertThat(stored.path("active").asBoolean(true)).isFalse();
        assertThat(stored.path("locked").asBoolean(true)).isFalse();
        assertThat(stored.path("comment").asText()).isEqualTo("");
    }

    @Test
    void createsVersionWithCommentAndEchoesIt() {
        var sid = api.createService("commented version");

        var created = api.post("/service/" + sid + "/version", form("comment", "test comment")).ok().json();

        assertThat(fieldNames(created)).containsExactlyInAnyOrder("service_id", "number", "comment");
        assertThat(created.path("comment").asText()).isEqualTo("test comment");
        assertThat(api.get("/service/" + sid + "/version/2").ok().json().path("comment").asText()).isEqualTo("test comment");
    }

    @Test
    void createsBlankVersionWithoutCopyingBackends() {
        var sid = api.createService("blank has nothing");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        api.post("/service/" + sid + "/version", "").ok();

        assertThat(api.get("/service/" + sid + "/version/2/backend").ok().json()).isEmpty();
    }

    @Test
    void getsVersionWithFlagsAsBooleans() {
        var sid = api.createService("get version");

        var version = api.get("/service/" + sid + "/version/1").ok().json();

        assertThat(version.path("number").isInt()).isTrue();
        assertThat(version.path("service_id").asText()).isEqualTo(sid);
        for (var flag : List.of("active", "locked", "deployed", "staging", "testing")) {
            assertThat(version.path(flag).isBoolean()).as(flag).isTrue();
            assertThat(version.path(flag).asBoolean()).as(flag).isFalse();
        }
    }

    @Test
    void answersUnknownVersionWith404RecordNotFound() {
        var sid = api.createService("unknown version");

        var reply = api.get("/service/" + sid + "/version/42").status(404);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Record not found");
        assertThat(reply.json().path("detail").asText()).contains("Version").contains("42");
    }

    @Test
    void updatesCommentAndIgnoresReadOnlyFields() {
        var sid = api.createService("update version");

        var updated = api.put("/service/" + sid + "/version/1",
                form("comment", "hello world", "active", "true", "locked", "true", "number", "9")).ok().json();

        assertThat(updated.path("number").asInt()).isEqualTo(1);
        assertThat(updated.path("comment").asText()).isEqualTo("hello world");
        assertThat(updated.path("active").asBoolean(true)).isFalse();
        assertThat(updated.path("locked").asBoolean(true)).isFalse();
        var stored = api.get("/service/" + sid + "/version/1").ok().json();
        assertThat(stored.path("comment").asText()).isEqualTo("hello world");
        assertThat(stored.path("locked").asBoolean(true)).isFalse();
        assertThat(numbers(api.get("/service/" + sid + "/version").ok().json())).containsExactly(1);
    }

    @Test
    void updatesCommentOfLockedVersion() {
        var sid = api.createService("comment locked");
        api.put("/service/" + sid + "/version/1/lock").ok();

        var updated = api.put("/service/" + sid + "/version/1", form("comment", "metadata")).ok().json();

        assertThat(updated.path("comment").asText()).isEqualTo("metadata");
        assertThat(updated.path("locked").asBoolean()).isTrue();
    }

    @Test
    void clonesToMaxPlusOneNotSourcePlusOne() {
        var sid = api.createService("clone numbering");
        api.post("/service/" + sid + "/version", "").ok();
        api.post("/service/" + sid + "/version", "").ok();

        var clone = api.put("/service/" + sid + "/version/1/clone").ok().json();

        assertThat(clone.path("number").asInt()).isEqualTo(4);
        assertThat(clone.path("active").asBoolean(true)).isFalse();
        assertThat(clone.path("locked").asBoolean(true)).isFalse();
    }

    @Test
    void cloneCopiesEveryBackendIntoTheNewVersionButNotTheComment() {
        var sid = api.createService("clone copies");
        api.put("/service/" + sid + "/version/1", form("comment", "source comment")).ok();
        var a = api.createBackend(sid, 1, "a", "a.example.com", "port", "443", "weight", "7", "comment", "first");
        var b = api.createBackend(sid, 1, "b/slash", "192.0.2.10", "override_host", "b.example.com");

        var clone = api.put("/service/" + sid + "/version/1/clone").ok().json();
        int number = clone.path("number").asInt();

        assertThat(clone.path("comment").asText()).isEqualTo("");
        assertThat(api.get("/service/" + sid + "/version/" + number).ok().json().path("comment").asText()).isEqualTo("");
        var copied = api.get("/service/" + sid + "/version/" + number + "/backend").ok().json();
        assertThat(copied).hasSize(2);
        for (var original : List.of(a, b)) {
            var copy = api.get(ApiHarness.backendPath(sid, number, original.path("name").asText())).ok().json();
            assertThat(copy.path("version").asInt()).isEqualTo(number);
            assertThat(copy.path("service_id").asText()).isEqualTo(sid);
            assertThat(withoutIdentity(copy)).isEqualTo(withoutIdentity(original));
        }
        assertThat(api.get("/service/" + sid + "/version/1/backend").ok().json()).hasSize(2);
    }

    @Test
    void cloneLeavesTheSourceUntouchedWhenTheCopyChanges() {
        var sid = api.createService("clone independent");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        int number = api.put("/service/" + sid + "/version/1/clone").ok().json().path("number").asInt();

        api.put(ApiHarness.backendPath(sid, number, "origin"), form("weight", "5")).ok();
        api.delete(ApiHarness.backendPath(sid, number, "origin")).ok();

        assertThat(api.get(ApiHarness.backendPath(sid, 1, "origin")).ok().json().path("weight").asInt()).isEqualTo(100);
    }

    @Test
    void givesConcurrentClonesDistinctNumbersAndCompleteCopies() throws Exception {
        var sid = api.createService("concurrent clones");
        api.createBackend(sid, 1, "a", "a.example.com");
        api.createBackend(sid, 1, "b", "b.example.com");
        int clones = 8;

        var numbers = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var start = new java.util.concurrent.CountDownLatch(1);
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < clones; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    numbers.add(api.put("/service/" + sid + "/version/1/clone").ok().json().path("number").asInt());
                    return null;
                }));
            }
            start.countDown();
            for (var future : futures) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }

        assertThat(numbers).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8, 9);
        for (var number : numbers) {
            assertThat(api.get("/service/" + sid + "/version/" + number + "/backend").ok().json()).as("version %s", number).hasSize(2);
        }
    }

    @Test
    void answersCloneAndActivateOfAnUnknownVersionWith404() {
        var sid = api.createService("unknown clone");

        var clone = api.put("/service/" + sid + "/version/7/clone").status(404);
        var activate = api.put("/service/" + sid + "/version/7/activate").status(404);

        assertThat(clone.json().path("detail").asText()).contains("7");
        assertThat(activate.json().path("msg").asText()).isEqualTo("Record not found");
        assertThat(numbers(api.get("/service/" + sid + "/version").ok().json())).containsExactly(1);
    }

    @Test
    void clonesLockedAndActiveVersions() {
        var sid = api.createService("clone locked");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/activate").ok();

        var clone = api.put("/service/" + sid + "/version/1/clone").ok().json();

        assertThat(clone.path("number").asInt()).isEqualTo(2);
        assertThat(clone.path("locked").asBoolean(true)).isFalse();
        assertThat(clone.path("active").asBoolean(true)).isFalse();
        assertThat(api.get("/service/" + sid + "/version/2/backend").ok().json()).hasSize(1);
    }

    @Test
    void activateLocksTheVersionAndMarksItActive() {
        var sid = api.createService("activate");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        var activated = api.put("/service/" + sid + "/version/1/activate").ok().json();

        assertThat(activated.path("number").asInt()).isEqualTo(1);
        assertThat(activated.path("service_id").asText()).isEqualTo(sid);
        assertThat(activated.path("active").asBoolean()).isTrue();
        assertThat(activated.path("locked").asBoolean()).isTrue();
        var stored = api.get("/service/" + sid + "/version/1").ok().json();
        assertThat(stored.path("active").asBoolean()).isTrue();
        assertThat(stored.path("locked").asBoolean()).isTrue();
    }

    @Test
    void activateDeactivatesThePreviousVersionWhichStaysLocked() {
        var sid = api.createService("activate next");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/activate").ok();
        api.put("/service/" + sid + "/version/1/clone").ok();

        api.put("/service/" + sid + "/version/2/activate").ok();

        var versions = api.get("/service/" + sid + "/version").ok().json();
        assertThat(versions.get(0).path("active").asBoolean()).isFalse();
        assertThat(versions.get(0).path("locked").asBoolean()).isTrue();
        assertThat(versions.get(1).path("active").asBoolean()).isTrue();
        assertThat(versions.get(1).path("locked").asBoolean()).isTrue();
        assertThat(activeNumbers(versions)).containsExactly(2);
        assertThat(api.get("/service/" + sid + "/details").ok().json().path("active_version").path("number").asInt())
                .isEqualTo(2);
    }

    @Test
    void rollsBackByActivatingAnOlderLockedVersion() {
        var sid = api.createService("rollback");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/activate").ok();
        api.put("/service/" + sid + "/version/1/clone").ok();
        api.put("/service/" + sid + "/version/2/activate").ok();

        var rolledBack = api.put("/service/" + sid + "/version/1/activate").ok().json();

        assertThat(rolledBack.path("number").asInt()).isEqualTo(1);
        assertThat(rolledBack.path("active").asBoolean()).isTrue();
        var versions = api.get("/service/" + sid + "/version").ok().json();
        assertThat(activeNumbers(versions)).containsExactly(1);
        assertThat(versions.get(1).path("locked").asBoolean()).isTrue();
    }

    @Test
    void activatingTheActiveVersionAgainAnswers200() {
        var sid = api.createService("activate twice");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/activate").ok();

        var again = api.put("/service/" + sid + "/version/1/activate").ok().json();

        assertThat(again.path("active").asBoolean()).isTrue();
        assertThat(activeNumbers(api.get("/service/" + sid + "/version").ok().json())).containsExactly(1);
    }

    @Test
    void deactivateLeavesTheServiceWithoutActiveVersion() {
        var sid = api.createService("deactivate");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/activate").ok();

        var deactivated = api.put("/service/" + sid + "/version/1/deactivate").ok().json();

        assertThat(deactivated.path("number").asInt()).isEqualTo(1);
        assertThat(deactivated.path("active").asBoolean(true)).isFalse();
        assertThat(deactivated.path("locked").asBoolean()).as("deactivating does not unlock").isTrue();
        assertThat(activeNumbers(api.get("/service/" + sid + "/version").ok().json())).isEmpty();
        assertThat(api.get("/service/" + sid + "/details").ok().json().path("active_version").isNull()).isTrue();
    }

    @Test
    void deactivatingAVersionThatIsNotActiveIsRefusedWith400OrAnsweredIdempotently() {
        var sid = api.createService("deactivate draft");

        var reply = api.put("/service/" + sid + "/version/1/deactivate");

        assertThat(reply.status()).as(reply.toString()).isIn(200, 400);
        if (reply.status() == 400) {
            assertThat(reply.json().path("msg").asText()).isEqualTo("Bad request");
            assertThat(reply.json().path("detail").asText()).contains("not active");
        } else {
            assertThat(reply.json().path("active").asBoolean(true)).isFalse();
        }
        assertThat(api.get("/service/" + sid + "/version/1").ok().json().path("locked").asBoolean(true)).isFalse();
    }

    @Test
    void lockSetsLockedAndIsIdempotent() {
        var sid = api.createService("lock");

        var locked = api.put("/service/" + sid + "/version/1/lock").ok().json();
        var again = api.put("/service/" + sid + "/version/1/lock").ok().json();

        assertThat(locked.path("locked").asBoolean()).isTrue();
        assertThat(locked.path("active").asBoolean(true)).isFalse();
        assertThat(again.path("locked").asBoolean()).isTrue();
        assertThat(again.path("number").asInt()).isEqualTo(1);
        assertThat(api.get("/service/" + sid + "/version/1").ok().json().path("locked").asBoolean()).isTrue();
    }

    @Test
    void validatesAGoodVersionWithStatusOkAndEmptyLists() {
        var sid = api.createService("validate ok");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        var report = api.get("/service/" + sid + "/version/1/validate").ok().json();

        assertThat(fieldNames(report)).containsExactlyInAnyOrder("status", "msg", "errors", "warnings", "messages");
        assertThat(report.path("status").asText()).isEqualTo("ok");
        assertThat(report.path("msg").isNull()).isTrue();
        assertThat(report.path("errors").isArray()).isTrue();
        assertThat(report.path("errors")).isEmpty();
        assertThat(report.path("warnings").isArray()).isTrue();
        assertThat(report.path("messages").isArray()).isTrue();
    }

    @Test
    void validateReportsADanglingRequestConditionAsAnErrorWith200() {
        var sid = api.createService("validate dangling");
        api.createBackend(sid, 1, "origin", "origin.example.com", "request_condition", "no_such_condition");

        var report = api.get("/service/" + sid + "/version/1/validate").ok().json();

        assertThat(fieldNames(report)).containsExactlyInAnyOrder("status", "msg", "errors", "warnings", "messages");
        assertThat(report.path("status").asText()).isEqualTo("error");
        assertThat(report.path("msg").asText()).contains("no_such_condition");
        assertThat(report.path("errors")).isNotEmpty();
    }

    @Test
    void refusesToActivateAnInvalidVersionAndLeavesItUnlocked() {
        var sid = api.createService("activate invalid");
        api.createBackend(sid, 1, "origin", "origin.example.com", "healthcheck", "missing_hc");

        var reply = api.put("/service/" + sid + "/version/1/activate").status(400);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Bad request");
        assertThat(reply.json().path("detail").asText()).contains("missing_hc");
        var version = api.get("/service/" + sid + "/version/1").ok().json();
        assertThat(version.path("active").asBoolean(true)).isFalse();
        assertThat(version.path("locked").asBoolean(true)).isFalse();
    }

    @Test
    void answersVersionRoutesOfUnknownServiceWith404() {
        for (var path : List.of("/version", "/version/1", "/version/1/validate")) {
            var reply = api.get("/service/NoSuchService0000000000" + path).status(404);
            assertThat(reply.json().path("msg").asText()).as(path).isEqualTo("Record not found");
        }
        var clone = api.put("/service/NoSuchService0000000000/version/1/clone").status(404);
        assertThat(clone.json().path("msg").asText()).isEqualTo("Record not found");
    }

    private static List<Integer> numbers(JsonNode versions) {
        var numbers = new ArrayList<Integer>();
        versions.forEach(v -> numbers.add(v.path("number").asInt()));
        return numbers;
    }

    private static List<Integer> activeNumbers(JsonNode versions) {
        var numbers = new ArrayList<Integer>();
        versions.forEach(v -> {
            if (v.path("active").asBoolean()) {
                numbers.add(v.path("number").asInt());
            }
        });
        return numbers;
    }

    static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode withoutIdentity(JsonNode backend) {
        var copy = backend.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("version", "created_at", "updated_at"));
        return copy;
    }
}
