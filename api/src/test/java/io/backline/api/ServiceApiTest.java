package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Services over HTTP (spec §3.1): create, get, details, search, update, delete. */
class ServiceApiTest {

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    @Test
    void createsServiceWithNameCommentTypeAndOneDraftVersion() {
        var reply = api.post("/service", form("name", "shop front", "comment", "the shop", "type", "wasm")).ok();
        var service = reply.json();

        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(service.path("id").asText()).matches("[A-Za-z0-9]{1,64}");
        assertThat(service.path("name").asText()).isEqualTo("shop front");
        assertThat(service.path("comment").asText()).isEqualTo("the shop");
        assertThat(service.path("type").asText()).isEqualTo("wasm");
        assertThat(service.path("deleted_at").isNull()).isTrue();
        assertThat(service.path("versions")).hasSize(1);
        var first = service.path("versions").get(0);
        assertThat(first.path("number").asInt()).isEqualTo(1);
        assertThat(first.path("service_id").asText()).isEqualTo(service.path("id").asText());
        assertThat(first.path("active").asBoolean(true)).isFalse();
        assertThat(first.path("locked").asBoolean(true)).isFalse();
    }

    @Test
    void createsVclServiceWhenNoTypeIsGiven() {
        var service = api.post("/service", form("name", "no type")).ok().json();

        assertThat(service.path("type").asText()).isEqualTo("vcl");
        assertThat(service.path("comment").asText()).isEqualTo("");
    }

    @Test
    void namesServiceUnnamedServiceWhenNoNameIsGiven() {
        var first = api.post("/service", "").ok().json();
        var second = api.post("/service", form("name", "")).ok().json();

        assertThat(first.path("name").asText()).startsWith("Unnamed Service");
        assertThat(second.path("name").asText()).startsWith("Unnamed Service");
        assertThat(second.path("name").asText()).isNotEqualTo(first.path("name").asText());
    }

    @Test
    void rejectsUnknownServiceTypeWith400AndCreatesNothing() {
        var name = "typed-" + System.nanoTime();
        var reply = api.post("/service", form("name", name, "type", "bogus")).status(400);

        assertThat(reply.json().path("detail").asText()).contains("type").contains("vcl");
        api.get("/service/search?name=" + name).status(404);
    }

    @Test
    void getsServiceWithoutTopLevelVersionField() {
        var sid = api.createService("get me");

        var service = api.get("/service/" + sid).ok().json();

        assertThat(service.path("id").asText()).isEqualTo(sid);
        assertThat(service.path("name").asText()).isEqualTo("get me");
        assertThat(service.has("version")).as("GET /service/{sid} has no top-level version (go-fastly#311)").isFalse();
        assertThat(service.path("versions")).hasSize(1);
        assertThat(service.path("versions").get(0).has("active")).isTrue();
    }

    @Test
    void answersUnknownServiceWith404RecordNotFound() {
        var reply = api.get("/service/NoSuchService0000000000").status(404);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Record not found");
        assertThat(reply.json().path("detail").asText()).contains("NoSuchService0000000000");
    }

    @Test
    void updatesNameAndCommentIgnoringServiceIdJunkKey() {
        var sid = api.createService("before");

        var updated = api.put("/service/" + sid, form("ServiceID", sid, "name", "after", "comment", "new comment")).ok().json();

        assertThat(updated.path("id").asText()).isEqualTo(sid);
        assertThat(updated.path("name").asText()).isEqualTo("after");
        assertThat(updated.path("comment").asText()).isEqualTo("new comment");
        var fetched = api.get("/service/" + sid).ok().json();
        assertThat(fetched.path("name").asText()).isEqualTo("after");
        assertThat(fetched.path("comment").asText()).isEqualTo("new comment");
    }

    @Test
    void updatesOnlyTheCommentWhenOnlyTheCommentIsSent() {
        var sid = api.createService("keeps name");

        api.put("/service/" + sid, form("comment", "only this")).ok();

        var fetched = api.get("/service/" + sid).ok().json();
        assertThat(fetched.path("name").asText()).isEqualTo("keeps name");
        assertThat(fetched.path("comment").asText()).isEqualTo("only this");
    }

    @Test
    void bumpsUpdatedAtAndKeepsCreatedAtOnUpdate() {
        var created = api.post("/service", form("name", "timestamps")).ok().json();
        var sid = created.path("id").asText();
        api.moveClockPast(created.path("updated_at").asText());

        var updated = api.put("/service/" + sid, form("comment", "x")).ok().json();

        assertThat(updated.path("created_at").asText()).isEqualTo(created.path("created_at").asText());
        assertThat(updated.path("updated_at").asText()).isGreaterThan(created.path("updated_at").asText());
    }

    @Test
    void allowsDuplicateServiceNamesAndSearchPicksTheOldest() {
        var name = "twin " + System.nanoTime();
        var oldest = api.createService(name);
        var younger = api.createService(name);

        var found = api.get("/service/search?name=" + name.replace(' ', '+')).ok().json();

        assertThat(younger).isNotEqualTo(oldest);
        assertThat(found.path("id").asText()).isEqualTo(oldest);
    }

    @Test
    void rejectsEmptyServiceNameOnUpdateWith400AndKeepsTheName() {
        var sid = api.createService("named");

        var reply = api.put("/service/" + sid, form("name", "")).status(400);

        assertThat(reply.json().path("detail").asText()).contains("name");
        assertThat(api.get("/service/" + sid).ok().json().path("name").asText()).isEqualTo("named");
    }

    @Test
    void searchFindsServiceByExactNameWithSpacesAsPlus() {
        var name = "search me " + System.nanoTime();
        var sid = api.createService(name);

        var found = api.get("/service/search?name=" + name.replace(' ', '+')).ok().json();

        assertThat(found.path("id").asText()).isEqualTo(sid);
        assertThat(found.path("name").asText()).isEqualTo(name);
        assertThat(found.path("versions")).hasSize(1);
    }

    @Test
    void searchFindsServiceByNameWithSpacesAsPercent20() {
        var name = "search pct " + System.nanoTime();
        var sid = api.createService(name);

        var found = api.get("/service/search?name=" + name.replace(" ", "%20")).ok().json();

        assertThat(found.path("id").asText()).isEqualTo(sid);
    }

    @Test
    void searchAnswersUnknownNameWith404() {
        var reply = api.get("/service/search?name=nobody-has-this-name").status(404);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Record not found");
    }

    @Test
    void searchDoesNotMatchPartialNames() {
        var name = "partial-" + System.nanoTime();
        api.createService(name);

        api.get("/service/search?name=" + name.substring(0, name.length() - 2)).status(404);
    }

    @Test
    void detailsCarryLatestVersionAndNullActiveVersionWhenNothingIsActive() {
        var sid = api.createService("details");
        api.post("/service/" + sid + "/version", "").ok();

        var details = api.get("/service/" + sid + "/details").ok().json();

        assertThat(details.path("id").asText()).isEqualTo(sid);
        assertThat(details.path("type").asText()).isEqualTo("vcl");
        assertThat(details.path("versions")).hasSize(2);
        assertThat(details.path("version").path("number").asInt()).isEqualTo(2);
        assertThat(details.has("active_version")).isTrue();
        assertThat(details.path("active_version").isNull()).isTrue();
    }

    @Test
    void detailsShowRequestedVersionWithItsBackends() {
        var sid = api.createService("details with backends");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.post("/service/" + sid + "/version", "").ok();

        var details = api.get("/service/" + sid + "/details?version=1").ok().json();

        var shown = details.path("version");
        assertThat(shown.path("number").asInt()).isEqualTo(1);
        assertThat(shown.path("backends")).hasSize(1);
        assertThat(shown.path("backends").get(0).path("name").asText()).isEqualTo("origin");
        for (var key : List.of("acls", "cache_settings", "conditions", "dictionaries", "directors", "domains", "gzips",
                "headers", "healthchecks", "request_settings", "response_objects", "snippets", "vcls", "wordpress")) {
            assertThat(shown.path(key).isArray()).as(key).isTrue();
        }
        var settings = shown.path("settings");
        assertThat(settings.path("general.default_ttl").asInt()).isEqualTo(3600);
        assertThat(settings.path("general.stale_if_error").isBoolean()).isTrue();
    }

    @Test
    void detailsPointActiveVersionAtTheActivatedOne() {
        var sid = api.createService("details active");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/activate").ok();
        api.put("/service/" + sid + "/version/1/clone").ok();

        var details = api.get("/service/" + sid + "/details?filter%5Bversions.active%5D=true").ok().json();

        assertThat(details.path("active_version").path("number").asInt()).isEqualTo(1);
        assertThat(details.path("active_version").path("active").asBoolean()).isTrue();
        assertThat(details.path("active_version").path("locked").asBoolean()).isTrue();
        assertThat(details.path("version").path("number").asInt())
                .as("without ?version the shown version is the active one (spec §3.1)").isEqualTo(1);
    }

    @Test
    void detailsAnswerUnknownVersionWith404() {
        var sid = api.createService("details unknown version");

        var reply = api.get("/service/" + sid + "/details?version=9").status(404);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Record not found");
    }

    @Test
    void deletesServiceWithStatusOk() {
        var sid = api.createService("doomed");

        var reply = api.delete("/service/" + sid).ok();

        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void answersGetAndDetailsOfDeletedServiceWith404() {
        var sid = api.createService("gone");
        api.delete("/service/" + sid).ok();

        var get = api.get("/service/" + sid).status(404);
        var details = api.get("/service/" + sid + "/details").status(404);
        var versions = api.get("/service/" + sid + "/version").status(404);

        assertThat(get.json().path("msg").asText()).isEqualTo("Record not found");
        assertThat(get.json().path("detail").asText()).contains(sid);
        assertThat(details.json().path("msg").asText()).isEqualTo("Record not found");
        assertThat(versions.json().path("msg").asText()).isEqualTo("Record not found");
        api.get("/service/" + sid + "/version/1/backend").status(404);
        api.post("/service/" + sid + "/version", "").status(404);
        api.post("/service/" + sid + "/version/1/backend", form("name", "late", "address", "late.example.com")).status(404);
    }

    @Test
    void answersSecondDeleteWith400ServiceIsDeleted() {
        var sid = api.createService("twice");
        api.delete("/service/" + sid).ok();

        var reply = api.delete("/service/" + sid).status(400);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Bad request");
        assertThat(reply.json().path("detail").asText()).contains(sid).contains("deleted");
    }

    @Test
    void refusesToDeleteServiceWithActiveVersionAndKeepsIt() {
        var sid = api.createService("active one");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/activate").ok();

        var reply = api.delete("/service/" + sid).status(400);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Bad request");
        assertThat(reply.json().path("detail").asText()).contains("active");
        assertThat(api.get("/service/" + sid).ok().json().path("deleted_at").isNull()).isTrue();
    }

    @Test
    void deletesServiceOnceItsActiveVersionIsDeactivated() {
        var sid = api.createService("force delete");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/activate").ok();

        var details = api.get("/service/" + sid + "/details").ok().json();
        api.put("/service/" + sid + "/version/" + details.path("active_version").path("number").asInt() + "/deactivate").ok();
        api.delete("/service/" + sid).ok();

        api.get("/service/" + sid).status(404);
    }

    @Test
    void leavesDeletedServicesOutOfListAndSearch() {
        var name = "listed-then-deleted-" + System.nanoTime();
        var sid = api.createService(name);
        api.delete("/service/" + sid).ok();

        var ids = new ArrayList<String>();
        for (JsonNode item : api.get("/service?per_page=1000").ok().json()) {
            ids.add(item.path("id").asText());
        }
        assertThat(ids).doesNotContain(sid);
        api.get("/service/search?name=" + name).status(404);
    }
}
