package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fastly's staging environment over HTTP (issue 13): {@code PUT …/activate/staging} and
 * {@code …/deactivate/staging} as go-fastly sends them with {@code Environment: "staging"}, the
 * version's {@code staging} flag, {@code environments} as Fastly's recorded answers carry them, and
 * the staged versions in the edge feed. Runs on SQLite and on PostgreSQL, as every harness test.
 */
class StagingApiTest {

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    /** A service with version 1 active and version 2, a clone of it, as a draft. */
    private static String serviceWithActiveOneAndDraftTwo(String name) {
        var sid = api.createService(name);
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.post("/service/" + sid + "/version/1/domain", form("name", name.replace(' ', '-') + ".example.com")).ok();
        api.put("/service/" + sid + "/version/1/activate").ok();
        api.put("/service/" + sid + "/version/1/clone").ok();
        return sid;
    }

    @Test
    void stagingAVersionSetsItsFlagAndListsItInTheEnvironmentsOfServiceAndVersion() {
        var sid = serviceWithActiveOneAndDraftTwo("stage flag");

        var staged = api.put("/service/" + sid + "/version/2/activate/staging").ok().json();

        assertThat(staged.path("number").asInt()).isEqualTo(2);
        assertThat(staged.path("staging").isBoolean()).isTrue();
        assertThat(staged.path("staging").asBoolean()).isTrue();
        assertThat(staged.path("active").asBoolean(true)).isFalse();
        assertThat(environments(staged)).containsExactly("staging:2");

        var service = api.get("/service/" + sid).ok().json();
        assertThat(environments(service)).containsExactly("production:1", "staging:2");
        var one = service.path("versions").get(0);
        assertThat(environments(one)).containsExactly("production:1");
        assertThat(one.path("staging").asBoolean(true)).isFalse();
        var entry = service.path("environments").get(1);
        assertThat(entry.path("service_id").asText()).isEqualTo(sid);
        assertThat(entry.path("active_version").isInt()).as("go-fastly's *int64").isTrue();

        var listed = api.get("/service?per_page=1000").ok().json();
        var item = findById(listed, sid);
        assertThat(environments(item)).containsExactly("production:1", "staging:2");
    }

    @Test
    void stagingDoesNotLockTheVersionSoItCanBeEditedAndStagedAgain() {
        var sid = serviceWithActiveOneAndDraftTwo("stage unlocked");
        api.put("/service/" + sid + "/version/2/activate/staging").ok();

        assertThat(api.get("/service/" + sid + "/version/2").ok().json().path("locked").asBoolean(true)).isFalse();
        api.createBackend(sid, 2, "second", "second.example.com");
        var again = api.put("/service/" + sid + "/version/2/activate/staging").ok().json();

        assertThat(again.path("staging").asBoolean()).isTrue();
        assertThat(again.path("locked").asBoolean(true)).isFalse();
    }

    @Test
    void stagingAnotherVersionMovesTheFlagSoAServiceHasOneStagedVersion() {
        var sid = serviceWithActiveOneAndDraftTwo("stage moves");
        api.put("/service/" + sid + "/version/2/activate/staging").ok();
        api.put("/service/" + sid + "/version/2/clone").ok();

        api.put("/service/" + sid + "/version/3/activate/staging").ok();

        var flags = new ArrayList<String>();
        api.get("/service/" + sid + "/version").ok().json()
                .forEach(v -> flags.add(v.path("number").asInt() + ":" + v.path("staging").asBoolean()));
        assertThat(flags).containsExactly("1:false", "2:false", "3:true");
    }

    @Test
    void unstagingClearsTheFlagAndAVersionThatIsNotStagedIsRefused() {
        var sid = serviceWithActiveOneAndDraftTwo("unstage");
        api.put("/service/" + sid + "/version/2/activate/staging").ok();

        var unstaged = api.put("/service/" + sid + "/version/2/deactivate/staging").ok().json();
        assertThat(unstaged.path("staging").asBoolean(true)).isFalse();
        assertThat(environments(api.get("/service/" + sid).ok().json())).containsExactly("production:1");

        var again = api.put("/service/" + sid + "/version/2/deactivate/staging").status(400).json();
        assertThat(again.path("detail").asText()).contains("is not staged");
        assertThat(api.get("/service/" + sid + "/version/1").ok().json().path("active").asBoolean())
                .as("unstaging leaves production alone").isTrue();
    }

    @Test
    void anEnvironmentOtherThanStagingIsNotFoundAndChangesNothing() {
        var sid = serviceWithActiveOneAndDraftTwo("other env");

        var reply = api.put("/service/" + sid + "/version/2/activate/production").status(404).json();

        assertThat(reply.path("msg").asText()).isEqualTo("Record not found");
        assertThat(reply.path("detail").asText()).contains("environment 'production'", "expected: staging");
        assertThat(api.get("/service/" + sid + "/version/2").ok().json().path("staging").asBoolean(true)).isFalse();
        api.put("/service/" + sid + "/version/2/deactivate/test").status(404);
    }

    @Test
    void stagingNeedsAnActiveVersionAndAValidOneAsFastlyDoes() {
        var sid = api.createService("stage needs active");
        api.createBackend(sid, 1, "origin", "origin.example.com");

        var noActive = api.put("/service/" + sid + "/version/1/activate/staging").status(400).json();
        assertThat(noActive.path("detail").asText()).contains("has no active version");

        api.put("/service/" + sid + "/version/1/activate").ok();
        api.put("/service/" + sid + "/version/1/clone").ok();
        api.post("/service/" + sid + "/version/2/backend", form("name", "tls", "address", "192.0.2.10", "port", "443",
                "use_ssl", "1")).ok();
        var invalid = api.put("/service/" + sid + "/version/2/activate/staging").status(400).json();
        assertThat(invalid.path("detail").asText()).contains("Mandatory SSL cert checks require specifying cert hostname");
        assertThat(api.get("/service/" + sid + "/version/2").ok().json().path("staging").asBoolean(true)).isFalse();
        api.put("/service/" + sid + "/version/99/activate/staging").status(404);
    }

    @Test
    void stagingADomainThatAnotherServiceServesIsRefusedAsActivationIs() {
        var owner = serviceWithActiveOneAndDraftTwo("domain owner");
        var sid = serviceWithActiveOneAndDraftTwo("domain taker");
        api.post("/service/" + sid + "/version/2/domain", form("name", "domain-owner.example.com")).ok();

        var refused = api.put("/service/" + sid + "/version/2/activate/staging").status(400).json();

        assertThat(refused.path("detail").asText()).contains("Domain 'domain-owner.example.com'", owner);
    }

    @Test
    void detailsFilteredByStagedShowTheStagedVersionOrNone() {
        var sid = serviceWithActiveOneAndDraftTwo("details staged");

        var none = api.get("/service/" + sid + "/details?filter%5Bversions.staged%5D=true").ok().json();
        assertThat(none.path("version").isNull()).as("what the CLI reads as 'no staged service version found'").isTrue();

        api.put("/service/" + sid + "/version/2/activate/staging").ok();
        var details = api.get("/service/" + sid + "/details?filter%5Bversions.staged%5D=true").ok().json();
        assertThat(details.path("version").path("number").asInt()).isEqualTo(2);
        assertThat(details.path("version").path("staging").asBoolean()).isTrue();
        assertThat(details.path("active_version").path("number").asInt()).isEqualTo(1);
    }

    @Test
    void theEdgeFeedCarriesStagedVersionsAndAnEditOfOneIsAChange() {
        var sid = serviceWithActiveOneAndDraftTwo("feed staged");
        api.put("/service/" + sid + "/version/2/activate/staging").ok();

        var first = api.post("/_backline/edge/sync", form("edge_id", "edge-s", "serving", "", "wait_seconds", "0")).ok().json();
        var staged = findByServiceId(first.path("staged_changed"), sid);
        assertThat(staged.path("version").asInt()).isEqualTo(2);
        long revision = staged.path("objects_revision").asLong();
        var reported = sid + ":2:" + revision;
        var served = sid + ":1";
        var quiet = api.post("/_backline/edge/sync", form("edge_id", "edge-s", "serving", served, "staged", reported,
                "wait_seconds", "0")).ok().json();
        assertThat(ids(quiet.path("staged_changed"))).doesNotContain(sid);

        api.createBackend(sid, 2, "edited", "edited.example.com");
        var edited = api.post("/_backline/edge/sync", form("edge_id", "edge-s", "serving", served, "staged", reported,
                "wait_seconds", "0")).ok().json();
        var changed = findByServiceId(edited.path("staged_changed"), sid);
        assertThat(changed.path("objects_revision").asLong()).isGreaterThan(revision);
        assertThat(changed.path("backend")).hasSize(2);

        api.put("/service/" + sid + "/version/2/deactivate/staging").ok();
        var gone = api.post("/_backline/edge/sync", form("edge_id", "edge-s", "serving", served, "staged", reported,
                "wait_seconds", "0")).ok().json();
        assertThat(ids(gone.path("staged_removed"))).contains(sid);
    }

    @Test
    void edgesListTheStagedVersionEachEdgeReportsBesideTheActiveOne() {
        var sid = serviceWithActiveOneAndDraftTwo("edges staged");
        api.put("/service/" + sid + "/version/2/activate/staging").ok();

        api.post("/_backline/edge/sync", form("edge_id", "edge-t", "serving", sid + ":1", "staged", sid + ":2:1",
                "wait_seconds", "0")).ok();

        var edges = api.get("/service/" + sid + "/edges").ok().json();
        var edge = findBy(edges, "edge_id", "edge-t");
        assertThat(edge.path("version").asInt()).isEqualTo(1);
        assertThat(edge.path("staged_version").asInt()).isEqualTo(2);
        assertThat(edge.path("staged_acknowledged_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        var bad = api.post("/_backline/edge/sync", form("edge_id", "edge-t", "serving", "", "staged", sid + ":2",
                "wait_seconds", "0")).status(400).json();
        assertThat(bad.path("detail").asText()).contains("staged: '" + sid + ":2'", "SERVICE_ID:VERSION:REVISION");
    }

    private static List<String> environments(JsonNode node) {
        var names = new ArrayList<String>();
        node.path("environments").forEach(e -> names.add(e.path("name").asText() + ":" + e.path("active_version").asInt()));
        return names;
    }

    private static JsonNode findById(JsonNode array, String id) {
        return findBy(array, "id", id);
    }

    private static JsonNode findByServiceId(JsonNode array, String id) {
        return findBy(array, "service_id", id);
    }

    private static JsonNode findBy(JsonNode array, String field, String value) {
        for (var item : array) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + " " + value + " in " + array);
    }

    private static List<String> ids(JsonNode array) {
        var ids = new ArrayList<String>();
        array.forEach(item -> ids.add(item.isTextual() ? item.asText() : item.path("service_id").asText()));
        return ids;
    }
}
