package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays go-fastly's recorded director traffic ({@code fastly/fixtures/directors/*.yaml} and
 * {@code fastly/fixtures/director_backends/*.yaml}, read at go-fastly commit 5141097) against
 * Backline, request for request, in the recorded order, with Backline's service id and version in
 * the paths. Each answer is held against the recorded one by status, field names and JSON types:
 * the {@code RECORDED_*} skeletons below transcribe those answers' keys with a value of each
 * recorded type (a string, a number, null, an array), not the values themselves.
 *
 * <p>One recorded request is preceded by setup the recording did not need: Fastly accepted a
 * membership of a director and a backend that did not exist in a blank version
 * (director_backends/create.yaml); Backline refuses that with 404 (docs/compatibility.md), so the
 * replay creates both first.
 */
class GoFastlyDirectorReplayTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    /** directors/create.yaml, the director create's answer: no members yet. */
    private static final String RECORDED_DIRECTOR_CREATED = """
            {"name":"","quorum":0,"retries":0,"type":0,"service_id":"","version":0,"updated_at":"","deleted_at":null,
             "capacity":0,"shield":null,"backends":[],"comment":"","created_at":""}""";
    /** directors/get.yaml, list.yaml (each item) and update.yaml: the director with one member. */
    private static final String RECORDED_DIRECTOR = """
            {"version":0,"name":"","service_id":"","retries":0,"quorum":0,"updated_at":"","capacity":0,"deleted_at":null,
             "shield":null,"type":0,"created_at":"","comment":"","backends":[""]}""";
    /** directors/create.yaml (third request) and director_backends/create.yaml, get.yaml. */
    private static final String RECORDED_MEMBERSHIP = """
            {"service_id":"","version":0,"director_name":"","backend_name":"","updated_at":"","created_at":"","deleted_at":null}""";
    private static final String RECORDED_OK = """
            {"status":""}""";
    private static final String RECORDED_NOT_FOUND = """
            {"msg":"","detail":""}""";

    @Test
    void directorsFixturesReplayWithTheRecordedStatusesNamesAndTypes() {
        var sid = api.createService("replay directors");
        int v = 1;
        var base = "/service/" + sid + "/version/" + v;

        // directors/create.yaml: the backend, the director, the membership (go-fastly posts its input struct).
        var backend = api.post(base + "/backend", form("address", "integ-test.go-fastly.com", "connect_timeout", "1500", "name",
                "test-backend", "override_host", "origin.example.com", "port", "1234", "ssl_ciphers",
                "DHE-RSA-AES256-SHA:DHE-RSA-CAMELLIA256-SHA:AES256-GCM-SHA384"));
        assertThat(backend.status()).isEqualTo(200);
        var created = api.post(base + "/director", form("name", "test-director", "quorum", "50", "retries", "5", "type", "1"));
        assertShape(created, 200, RECORDED_DIRECTOR_CREATED);
        assertThat(created.json().path("capacity").asInt()).isEqualTo(100); // the recorded value of the "Unused" field
        var joined = api.post(base + "/director/test-director/backend/test-backend", form("Backend", "test-backend", "Director",
                "test-director", "ServiceID", sid, "ServiceVersion", Integer.toString(v)));
        assertShape(joined, 200, RECORDED_MEMBERSHIP);

        // directors/list.yaml and get.yaml
        var listed = api.get(base + "/director");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json()).hasSize(1);
        assertSameShape(listed.json().get(0), json(RECORDED_DIRECTOR), "list[0]");
        assertShape(api.get(base + "/director/test-director"), 200, RECORDED_DIRECTOR);

        // directors/update.yaml: Fastly answered the old name for name=new-test-director.
        var updated = api.put(base + "/director/test-director", form("name", "new-test-director", "quorum", "100"));
        assertShape(updated, 200, RECORDED_DIRECTOR);
        assertThat(updated.json().path("name").asText()).isEqualTo("test-director");
        assertThat(updated.json().path("quorum").asInt()).isEqualTo(100);

        // directors/delete.yaml
        assertShape(api.delete(base + "/director/test-director"), 200, RECORDED_OK);

        // directors/cleanup.yaml: the membership went with its director; the backend deletes; neither name is left.
        var membership = api.delete(base + "/director/test-director/backend/test-backend");
        assertShape(membership, 404, RECORDED_NOT_FOUND);
        assertThat(membership.json().path("detail").asText()).isEqualTo("Couldn't find DirectorBackend '{ backend => test-backend, "
                + "deleted => 0000-00-00 00:00:00, director => test-director, service => " + sid + ", version => " + v + " }'");
        assertShape(api.delete(base + "/backend/test-backend"), 200, RECORDED_OK);
        var first = api.delete(base + "/director/test-director");
        assertShape(first, 404, RECORDED_NOT_FOUND);
        assertThat(first.json().path("detail").asText()).isEqualTo("Couldn't find Director '{ deleted => 0000-00-00 00:00:00, "
                + "name => test-director, service => " + sid + ", version => " + v + " }'");
        assertShape(api.delete(base + "/director/new-test-director"), 404, RECORDED_NOT_FOUND);
    }

    @Test
    void directorBackendsFixturesReplayWithTheRecordedStatusesNamesAndTypes() {
        var sid = api.createService("replay director backends");
        // director_backends/version.yaml: a blank version.
        var version = api.post("/service/" + sid + "/version", form("ServiceID", sid));
        assertThat(version.status()).isEqualTo(200);
        assertThat(VersionApiTest.fieldNames(version.json())).contains("service_id", "number");
        int v = version.json().path("number").asInt();
        var base = "/service/" + sid + "/version/" + v;
        // Setup the recording did not need (see the class comment).
        api.createBackend(sid, v, "backend", "backend.example.com");
        api.post(base + "/director", form("name", "director")).ok();
        var path = base + "/director/director/backend/backend";

        // director_backends/create.yaml, get.yaml, delete.yaml, cleanup.yaml
        assertShape(api.post(path, form("Backend", "backend", "Director", "director", "ServiceID", sid, "ServiceVersion",
                Integer.toString(v))), 200, RECORDED_MEMBERSHIP);
        var read = api.get(path);
        assertShape(read, 200, RECORDED_MEMBERSHIP);
        assertThat(read.json().path("director_name").asText()).isEqualTo("director");
        assertThat(read.json().path("backend_name").asText()).isEqualTo("backend");
        assertShape(api.delete(path), 200, RECORDED_OK);
        assertShape(api.delete(path), 404, RECORDED_NOT_FOUND);
    }

    private static void assertShape(ApiHarness.Reply reply, int status, String recorded) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertSameShape(reply.json(), json(recorded), reply.request());
    }

    /** The same keys, each with the recorded JSON type; an array's items as the recorded first item. */
    private static void assertSameShape(JsonNode actual, JsonNode recorded, String where) {
        assertThat(actual.isObject()).as("%s is an object", where).isTrue();
        assertThat(names(actual)).as("%s: field names", where).containsExactlyInAnyOrderElementsOf(names(recorded));
        recorded.properties().forEach(entry -> {
            var got = actual.path(entry.getKey());
            var want = entry.getValue();
            assertThat(got.getNodeType()).as("%s.%s: %s", where, entry.getKey(), got).isEqualTo(want.getNodeType());
            if (want.isArray() && !want.isEmpty()) {
                assertThat(got).as("%s.%s has items", where, entry.getKey()).isNotEmpty();
                got.forEach(item -> assertThat(item.getNodeType()).as("%s.%s[]", where, entry.getKey())
                        .isEqualTo(want.get(0).getNodeType()));
            }
        });
    }

    private static List<String> names(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(String text) {
        try {
            return ApiHarness.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
