package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Directors and their memberships over HTTP, on each store: fields and defaults as Fastly answers
 * them (go-fastly fixtures directors/*.yaml), validation, clone, lock, diff, details, and what a
 * backend's delete or rename does to the directors holding it.
 */
class DirectorApiTest {
    /** The keys of Fastly's recorded director answer (go-fastly fixtures directors/create.yaml). */
    static final List<String> DIRECTOR_KEYS = List.of("backends", "capacity", "comment", "created_at", "deleted_at", "name",
            "quorum", "retries", "service_id", "shield", "type", "updated_at", "version");

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static String directors(String sid, int version) {
        return "/service/" + sid + "/version/" + version + "/director";
    }

    private static String member(String sid, int version, String director, String backend) {
        return directors(sid, version) + "/" + ApiHarness.segment(director) + "/backend/" + ApiHarness.segment(backend);
    }

    private static List<String> names(JsonNode array) {
        var names = new ArrayList<String>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }

    @Test
    void createAnswersFastlysKeysAndDefaults() {
        var sid = api.createService("director defaults");

        var created = api.post(directors(sid, 1), form("name", "lb")).ok().json();

        assertThat(VersionApiTest.fieldNames(created)).containsExactlyInAnyOrderElementsOf(DIRECTOR_KEYS);
        assertThat(created.path("name").asText()).isEqualTo("lb");
        assertThat(created.path("type").isInt()).isTrue();
        assertThat(created.path("type").asInt()).isEqualTo(1);
        assertThat(created.path("quorum").asInt()).isEqualTo(75);
        assertThat(created.path("retries").asInt()).isEqualTo(5);
        assertThat(created.path("capacity").asInt()).isEqualTo(100);
        assertThat(created.path("comment").asText("x")).isEmpty();
        assertThat(created.path("shield").isNull()).isTrue();
        assertThat(created.path("backends").isArray()).isTrue();
        assertThat(created.path("backends")).isEmpty();
        assertThat(created.path("service_id").asText()).isEqualTo(sid);
        assertThat(created.path("version").isInt()).isTrue();
        assertThat(created.path("deleted_at").isNull()).isTrue();
    }

    @Test
    void terraformsCreateWithEmptyShieldAndCommentIsStoredAsFastlyAnswersIt() {
        var sid = api.createService("director terraform");

        // block_fastly_service_director.go Create: go-fastly sends every pointer it was given, empty ones too.
        var created = api.post(directors(sid, 1), form("comment", "", "name", "tf", "quorum", "75", "retries", "5", "shield", "",
                "type", "3")).ok().json();

        assertThat(created.path("shield").isNull()).isTrue();
        assertThat(created.path("comment").asText()).isEmpty();
        assertThat(created.path("type").asInt()).isEqualTo(3);
        var listed = api.get(directors(sid, 1)).ok().json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("name").asText()).isEqualTo("tf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "2", "5", "-1", "random"})
    void refusesATypeOtherThanRandomHashOrClient(String type) {
        var sid = api.createService("director type " + type);

        var reply = api.post(directors(sid, 1), form("name", "bad", "type", type)).status(400).json();

        assertThat(reply.path("msg").asText()).isEqualTo("Bad request");
        assertThat(reply.path("detail").asText()).startsWith("type: ");
        assertThat(api.get(directors(sid, 1)).ok().json()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "101", "1000"})
    void refusesAQuorumOutsideZeroToHundred(String quorum) {
        var sid = api.createService("director quorum " + quorum);

        var reply = api.post(directors(sid, 1), form("name", "bad", "quorum", quorum)).status(400).json();

        assertThat(reply.path("detail").asText()).startsWith("quorum: " + quorum).contains("expected:");
        assertThat(api.put(directors(sid, 1) + "/nothing", form("quorum", quorum)).status()).isIn(400, 404);
    }

    @Test
    void updateChangesOnlyWhatItNamesAndKeepsTheNameAsFastlyDoes() {
        var sid = api.createService("director update");
        api.createBackend(sid, 1, "web", "web.example.com");
        api.post(directors(sid, 1), form("name", "lb", "quorum", "50", "comment", "first")).ok();
        api.post(member(sid, 1, "lb", "web"), form()).ok();

        // go-fastly's recorded update: name=new-test-director&quorum=100 answered the old name, quorum 100.
        var updated = api.put(directors(sid, 1) + "/lb", form("name", "pool", "quorum", "100")).ok().json();

        assertThat(updated.path("name").asText()).isEqualTo("lb");
        assertThat(updated.path("quorum").asInt()).isEqualTo(100);
        assertThat(updated.path("comment").asText()).isEqualTo("first");
        assertThat(names(updated.path("backends"))).containsExactly("web");
        api.get(directors(sid, 1) + "/pool").status(404);
        // backends is answered, never written through the director itself.
        var ignored = api.put(directors(sid, 1) + "/lb", form("backends", "other")).ok().json();
        assertThat(names(ignored.path("backends"))).containsExactly("web");
    }

    @Test
    void membershipRoutesAnswerFastlysShapeAndListMembersOnTheDirector() {
        var sid = api.createService("director members");
        api.createBackend(sid, 1, "a", "a.example.com");
        api.createBackend(sid, 1, "b", "b.example.com");
        api.post(directors(sid, 1), form("name", "lb")).ok();

        // go-fastly posts its input struct as the form (fixtures director_backends/create.yaml).
        var added = api.post(member(sid, 1, "lb", "a"), form("Backend", "a", "Director", "lb", "ServiceID", sid,
                "ServiceVersion", "1")).ok().json();
        api.post(member(sid, 1, "lb", "b"), form()).ok();

        assertThat(VersionApiTest.fieldNames(added)).containsExactlyInAnyOrder("service_id", "version", "director_name",
                "backend_name", "created_at", "updated_at", "deleted_at");
        assertThat(added.path("version").isInt()).isTrue();
        assertThat(added.path("backend_name").asText()).isEqualTo("a");
        assertThat(api.get(member(sid, 1, "lb", "b")).ok().json().path("director_name").asText()).isEqualTo("lb");
        assertThat(names(api.get(directors(sid, 1) + "/lb").ok().json().path("backends"))).containsExactly("a", "b");

        assertThat(api.post(member(sid, 1, "lb", "a"), form()).status(409).json().path("detail").asText()).contains("'a'");
        assertThat(api.delete(member(sid, 1, "lb", "a")).ok().json().path("status").asText()).isEqualTo("ok");
        assertThat(names(api.get(directors(sid, 1) + "/lb").ok().json().path("backends"))).containsExactly("b");
        var gone = api.get(member(sid, 1, "lb", "a")).status(404).json();
        assertThat(gone.path("msg").asText()).isEqualTo("Record not found");
        assertThat(gone.path("detail").asText()).isEqualTo("Couldn't find DirectorBackend '{ backend => a, deleted => 0000-00-00 "
                + "00:00:00, director => lb, service => " + sid + ", version => 1 }'");
        api.delete(member(sid, 1, "lb", "a")).status(404);
    }

    @Test
    void membersMustExistInTheSameVersion() {
        var sid = api.createService("director exists");
        api.createBackend(sid, 1, "web", "web.example.com");
        api.post(directors(sid, 1), form("name", "lb")).ok();

        var noBackend = api.post(member(sid, 1, "lb", "ghost"), form()).status(404).json();
        assertThat(noBackend.path("detail").asText()).startsWith("Couldn't find Backend '{ deleted => 0000-00-00 00:00:00, name => ghost");
        var noDirector = api.post(member(sid, 1, "nobody", "web"), form()).status(404).json();
        assertThat(noDirector.path("detail").asText()).startsWith("Couldn't find Director '{ deleted => 0000-00-00 00:00:00, name => nobody");

        api.put("/service/" + sid + "/version/1/clone").ok();
        api.createBackend(sid, 2, "only-in-2", "two.example.com");
        api.post(member(sid, 1, "lb", "only-in-2"), form()).status(404);
        assertThat(api.get(directors(sid, 1) + "/lb").ok().json().path("backends")).isEmpty();
    }

    @Test
    void deletingABackendRemovesItFromItsDirectorsAndRenamingOneIsFollowed() {
        var sid = api.createService("director cascade");
        api.createBackend(sid, 1, "a", "a.example.com");
        api.createBackend(sid, 1, "b", "b.example.com");
        api.post(directors(sid, 1), form("name", "one")).ok();
        api.post(directors(sid, 1), form("name", "two")).ok();
        for (var director : List.of("one", "two")) {
            api.post(member(sid, 1, director, "a"), form()).ok();
            api.post(member(sid, 1, director, "b"), form()).ok();
        }

        api.put(ApiHarness.backendPath(sid, 1, "a"), form("name", "alpha")).ok();
        assertThat(names(api.get(directors(sid, 1) + "/one").ok().json().path("backends"))).containsExactly("alpha", "b");

        api.delete(ApiHarness.backendPath(sid, 1, "b")).ok();
        assertThat(names(api.get(directors(sid, 1) + "/one").ok().json().path("backends"))).containsExactly("alpha");
        assertThat(names(api.get(directors(sid, 1) + "/two").ok().json().path("backends"))).containsExactly("alpha");
        api.get(member(sid, 1, "two", "b")).status(404);
    }

    @Test
    void directorsAreClonedLockedDiffedAndShownInDetails() {
        var sid = api.createService("director versions");
        api.createBackend(sid, 1, "a", "a.example.com");
        api.createBackend(sid, 1, "b", "b.example.com");
        api.post(directors(sid, 1), form("name", "lb", "type", "4", "quorum", "50")).ok();
        api.post(member(sid, 1, "lb", "a"), form()).ok();

        var clone = api.put("/service/" + sid + "/version/1/clone").ok().json().path("number").asInt();
        var cloned = api.get(directors(sid, clone) + "/lb").ok().json();
        assertThat(cloned.path("type").asInt()).isEqualTo(4);
        assertThat(names(cloned.path("backends"))).containsExactly("a");

        api.put("/service/" + sid + "/version/1/lock").ok();
        api.post(directors(sid, 1), form("name", "late")).status(422);
        api.post(member(sid, 1, "lb", "b"), form()).status(422);
        api.delete(member(sid, 1, "lb", "a")).status(422);
        api.delete(directors(sid, 1) + "/lb").status(422);

        api.post(member(sid, clone, "lb", "b"), form()).ok();
        api.put(directors(sid, clone) + "/lb", form("retries", "2")).ok();
        var changes = api.get("/service/" + sid + "/diff/from/1/to/" + clone).ok().json().path("changes");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).path("kind").asText()).isEqualTo("director");
        var fields = new ArrayList<String>();
        changes.get(0).path("fields").forEach(f -> fields.add(f.path("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("retries", "backends");

        var details = api.get("/service/" + sid + "/details?version=" + clone).ok().json();
        var shown = details.path("version").path("directors");
        assertThat(shown).hasSize(1);
        assertThat(names(shown.get(0).path("backends"))).containsExactly("a", "b");

        assertThat(api.delete(directors(sid, clone) + "/lb").ok().json().path("status").asText()).isEqualTo("ok");
        // Fastly: the director's memberships go with it (fixtures directors/cleanup.yaml answers 404 after the delete).
        api.get(member(sid, clone, "lb", "a")).status(404);
    }
}
