package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.store.PurgeRecord;
import io.backline.store.StoreTx;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fastly's purge API (issue 17): the requests go-fastly, the CLI and the npm client send, answered in
 * the shapes of go-fastly's recorded fixtures ({@code fastly/fixtures/purges/purge_all.yaml}:
 * {@code {"status":"ok"}}; {@code purge_by_key.yaml}: {@code {"status":"ok","id":"17551-1554898727-26861"}};
 * {@code purge_by_keys.yaml}: a map of key to id; {@code purge.yaml}: a URL purge with status and id),
 * each logged for edge nodes; the purge scopes; and bad input.
 */
class PurgeApiTest {
    /** Fastly's purge ids are three numbers joined by dashes; Backline's are SEQ-EPOCH-N. */
    private static final String PURGE_ID = "[0-9]+-[0-9]{10}-[0-9]+";

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static String activeService(String name) {
        var sid = api.createService(name);
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.post("/service/" + sid + "/version/1/domain", form("name", name + ".example.com")).ok();
        api.put("/service/" + sid + "/version/1/activate").ok();
        return sid;
    }

    private static List<PurgeRecord> loggedAfter(long seq) {
        return api.store().read((StoreTx tx) -> tx.purgesAfter(seq, 1_000));
    }

    private static long lastPurge() {
        return api.store().read((StoreTx tx) -> tx.lastPurge());
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void purgeAllAnswersStatusOkAloneAndLogsAPurgeOfTheWholeService() {
        var sid = api.createService("purge-all");
        long before = lastPurge();

        var reply = api.call("POST", "/service/" + sid + "/purge_all").send().ok();

        assertThat(fieldNames(reply.json())).containsExactly("status");
        assertThat(reply.json().path("status").asText()).isEqualTo("ok");
        assertThat(loggedAfter(before)).singleElement().satisfies(logged -> {
            assertThat(logged.serviceId()).isEqualTo(sid);
            assertThat(logged.kind()).isEqualTo(PurgeRecord.Kind.ALL);
            assertThat(logged.soft()).isFalse();
        });
    }

    @Test
    void purgeOfOneKeyAnswersStatusAndAnIdAndASoftHeaderMakesItSoft() {
        var sid = api.createService("purge-key");
        long before = lastPurge();

        var hard = api.call("POST", "/service/" + sid + "/purge/product-42").send().ok().json();
        var soft = api.call("POST", "/service/" + sid + "/purge/product-43").header("Fastly-Soft-Purge", "1").send().ok().json();

        assertThat(fieldNames(hard)).containsExactly("status", "id");
        assertThat(hard.path("status").asText()).isEqualTo("ok");
        assertThat(hard.path("id").asText()).matches(PURGE_ID);
        assertThat(soft.path("id").asText()).matches(PURGE_ID).isNotEqualTo(hard.path("id").asText());
        assertThat(loggedAfter(before)).extracting(PurgeRecord::keys, PurgeRecord::soft)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(List.of("product-42"), false),
                        org.assertj.core.groups.Tuple.tuple(List.of("product-43"), true));
    }

    @Test
    void batchPurgeTakesTheSurrogateKeyHeaderAsGoFastlySendsItAndAnswersEachKeyWithItsOwnId() {
        var sid = api.createService("purge-keys-header");
        long before = lastPurge();

        var reply = api.call("POST", "/service/" + sid + "/purge").header("Surrogate-Key", "foo bar baz").send().ok().json();

        assertThat(fieldNames(reply)).containsExactly("foo", "bar", "baz");
        var ids = List.of(reply.path("foo").asText(), reply.path("bar").asText(), reply.path("baz").asText());
        assertThat(ids).allMatch(id -> id.matches(PURGE_ID)).doesNotHaveDuplicates();
        assertThat(loggedAfter(before)).singleElement().satisfies(logged -> assertThat(logged.keys()).containsExactly("foo", "bar", "baz"));
    }

    @Test
    void batchPurgeTakesAJsonBodyAsTheNpmClientSendsItAndSoftly() {
        var sid = api.createService("purge-keys-json");
        long before = lastPurge();

        var reply = api.call("POST", "/service/" + sid + "/purge").header("Fastly-Soft-Purge", "1")
                .json("{\"surrogate_keys\":[\"a\",\"b\"]}").send().ok().json();

        assertThat(fieldNames(reply)).containsExactly("a", "b");
        assertThat(loggedAfter(before)).singleElement().satisfies(logged -> {
            assertThat(logged.keys()).containsExactly("a", "b");
            assertThat(logged.soft()).isTrue();
        });
    }

    @Test
    void urlPurgeTakesTheUrlAsGoFastlyAndTheCliSendItWithItsSchemeAndQuery() {
        var sid = activeService("purge-url");
        long before = lastPurge();

        var reply = api.call("POST", "/purge/https://purge-url.example.com/a%20b/c?x=1").send().ok().json();

        assertThat(fieldNames(reply)).containsExactly("status", "id");
        assertThat(reply.path("id").asText()).matches(PURGE_ID);
        assertThat(loggedAfter(before)).singleElement().satisfies(logged -> {
            assertThat(logged.serviceId()).isEqualTo(sid);
            assertThat(logged.kind()).isEqualTo(PurgeRecord.Kind.URL);
            assertThat(logged.host()).isEqualTo("purge-url.example.com");
            assertThat(logged.path()).isEqualTo("/a%20b/c?x=1");
        });
    }

    @Test
    void urlPurgeTakesFastlysHostSlashPathFormSoftly() {
        activeService("purge-url-plain");
        long before = lastPurge();

        api.call("POST", "/purge/purge-url-plain.example.com/index.html").header("Fastly-Soft-Purge", "1").send().ok();

        assertThat(loggedAfter(before)).singleElement().satisfies(logged -> {
            assertThat(logged.path()).isEqualTo("/index.html");
            assertThat(logged.soft()).isTrue();
        });
    }

    @Test
    void purgeIdsAreUniqueAcrossPurges() {
        var sid = api.createService("purge-ids");

        var ids = IntStream.range(0, 20).mapToObj(i -> api.call("POST", "/service/" + sid + "/purge/k").send().ok().json()
                .path("id").asText()).toList();

        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void purgeSelectPurgesKeysAndUrlsButNotAllAndCannotReadOrWriteConfiguration() {
        var sid = activeService("scope-select");
        var token = api.token("purge_select");

        api.call("POST", "/service/" + sid + "/purge/k").token(token).send().ok();
        api.call("POST", "/service/" + sid + "/purge").header("Surrogate-Key", "a b").token(token).send().ok();
        api.call("POST", "/purge/scope-select.example.com/x").token(token).send().ok();
        var all = api.call("POST", "/service/" + sid + "/purge_all").token(token).send().status(403).json();
        var read = api.call("GET", "/service/" + sid).token(token).send().status(403).json();
        var write = api.call("PUT", "/service/" + sid).form(form("name", "taken")).token(token).send().status(403).json();

        assertThat(all.path("detail").asText()).contains("purge_select", "expected: a token with scope purge_all or global");
        assertThat(read.path("detail").asText()).contains("expected: a token with scope global or global:read");
        assertThat(write.path("detail").asText()).contains("expected: a token with scope global for writes");
        assertThat(api.get("/service/" + sid).ok().json().path("name").asText()).isEqualTo("scope-select");
    }

    @Test
    void purgeAllPurgesAllButNoKeys() {
        var sid = api.createService("scope-all");
        var token = api.token("purge_all");

        api.call("POST", "/service/" + sid + "/purge_all").token(token).send().ok();
        api.call("POST", "/service/" + sid + "/purge/k").token(token).send().status(403);
    }

    @Test
    void aTokenWithSeveralScopesHasEachOnesRightsAndTokensSelfSaysThemAll() {
        var sid = api.createService("scope-several");
        var token = api.token("purge_select global:read");

        api.call("POST", "/service/" + sid + "/purge/k").token(token).send().ok();
        api.call("GET", "/service/" + sid).token(token).send().ok();
        api.call("POST", "/service/" + sid + "/purge_all").token(token).send().status(403);
        var self = api.call("GET", "/tokens/self").token(token).send().ok().json();

        assertThat(self.path("scope").asText()).isEqualTo("global:read purge_select");
    }

    @Test
    void aPurgeOnlyTokenMayStillAskWhoItIs() {
        var self = api.call("GET", "/tokens/self").token(api.token("purge_all")).send().ok().json();

        assertThat(self.path("scope").asText()).isEqualTo("purge_all");
    }

    @Test
    void globalReadMayNotPurgeAndGlobalMayDoEverything() {
        var sid = api.createService("scope-global");

        api.call("POST", "/service/" + sid + "/purge/k").token(api.token("global:read")).send().status(403);
        api.call("POST", "/service/" + sid + "/purge_all").token(api.token("global")).send().ok();
        api.call("POST", "/service/" + sid + "/purge/k").token(api.token("global")).send().ok();
    }

    @Test
    void aPurgeTokenRestrictedToAnotherServiceGetsNotFound() {
        var sid = api.createService("scope-restricted");
        var other = api.createService("scope-restricted-other");

        api.call("POST", "/service/" + sid + "/purge/k").token(api.token("purge_select", other)).send().status(404);
        api.call("POST", "/service/" + other + "/purge/k").token(api.token("purge_select", other)).send().ok();
    }

    @Test
    void moreThan256KeysIsRefusedNamingTheFieldAndTheRule() {
        var sid = api.createService("too-many-keys");
        var keys = String.join(" ", IntStream.rangeClosed(1, 257).mapToObj(i -> "k" + i).toList());
        long before = lastPurge();

        var reply = api.call("POST", "/service/" + sid + "/purge").header("Surrogate-Key", keys).send().status(400).json();

        assertThat(reply.path("detail").asText()).isEqualTo("surrogate_keys: 257 keys (expected: at most 256 in one purge; send the"
                + " rest in another)");
        assertThat(lastPurge()).isEqualTo(before);
        api.call("POST", "/service/" + sid + "/purge").header("Surrogate-Key", keys.substring(0, keys.lastIndexOf(' '))).send().ok();
    }

    @Test
    void anEmptyKeyOrNoKeysOrBadJsonIsA400WithItsDetail() {
        var sid = api.createService("bad-keys");

        var empty = api.call("POST", "/service/" + sid + "/purge").json("{\"surrogate_keys\":[\"a\",\"\"]}").send().status(400).json();
        var none = api.call("POST", "/service/" + sid + "/purge").send().status(400).json();
        var notArray = api.call("POST", "/service/" + sid + "/purge").json("{\"surrogate_keys\":\"a\"}").send().status(400).json();
        var badJson = api.call("POST", "/service/" + sid + "/purge").json("{\"surrogate_keys\":[\"a\"").send().status(400).json();

        assertThat(empty.path("detail").asText()).isEqualTo("surrogate_keys: '' (expected: keys of 1 to 1024 bytes without spaces)");
        assertThat(none.path("detail").asText()).startsWith("surrogate_keys: none (expected: 1 to 256 keys");
        assertThat(notArray.path("detail").asText()).isEqualTo("surrogate_keys: 'a' (expected: an array of surrogate keys)");
        assertThat(badJson.path("detail").asText()).startsWith("body:");
    }

    @Test
    void anUnknownServiceOrAnUnknownHostIs404() {
        api.call("POST", "/service/NoSuchService000000000/purge_all").send().status(404);
        api.call("POST", "/service/NoSuchService000000000/purge/k").send().status(404);
        var host = api.call("POST", "/purge/nobody.example.net/x").send().status(404).json();
        var badHost = api.call("POST", "/purge/https://bad%20host/x").send().status(400).json();

        assertThat(host.path("detail").asText()).contains("'nobody.example.net'");
        assertThat(badHost.path("detail").asText()).contains("expected: HOST/PATH or http(s)://HOST/PATH");
    }

    @Test
    void aDeletedServiceCannotBePurged() {
        var sid = api.createService("purge-deleted");
        api.delete("/service/" + sid).ok();

        api.call("POST", "/service/" + sid + "/purge_all").send().status(404);
    }
}
