package io.backline.compat;

import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliBackendCommandsTest.assertFields;
import static io.backline.compat.JsPlan.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.compat.JsRun.JsStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The npm {@code fastly} 13.0.0 client: services, versions and backends, with its {@code true}/{@code false}
 * booleans and {@code %20} spaces, and the error statuses it surfaces.
 */
class FastlyJsClientTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @Test
    void servicesRoundTripThroughTheNpmClient() {
        String name = unique("js service with spaces");
        String renamed = unique("js renamed service");
        JsRun run = backline.js().run(new JsPlan()
                .step("create", "ServiceApi", "createService", Map.of("name", name, "comment", "made by fastly-js",
                        "type", "vcl"))
                .step("get", "ServiceApi", "getService", Map.of("service_id", ref("create.data.id")))
                .step("details", "ServiceApi", "getServiceDetail", Map.of("service_id", ref("create.data.id")))
                .step("search", "ServiceApi", "searchService", Map.of("name", name))
                .step("update", "ServiceApi", "updateService", Map.of("service_id", ref("create.data.id"),
                        "name", renamed, "comment", "changed by fastly-js")));

        JsStep create = ok(run.step("create"));
        assertThat(create.request().path("body").asText()).as("the client encodes spaces as %%20")
                .contains("%20").doesNotContain("+");
        String sid = create.data().path("id").asText();
        assertThat(create.data().path("name").asText()).isEqualTo(name);
        assertThat(create.data().path("versions").path(0).path("number").asInt()).isEqualTo(1);
        assertThat(create.data().path("versions").path(0).path("active").asBoolean()).isFalse();

        JsStep get = ok(run.step("get"));
        assertThat(get.data().path("comment").asText()).isEqualTo("made by fastly-js");
        assertThat(get.data().path("created_at").asText()).as("parsed into a Date: %s", get)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z");

        JsStep details = ok(run.step("details"));
        assertThat(details.data().path("id").asText()).isEqualTo(sid);
        assertThat(details.body().has("active_version")).as("%s", details).isTrue();
        assertThat(details.body().path("active_version").isNull()).as("%s", details).isTrue();
        assertThat(details.data().path("version").path("number").asInt()).as("%s", details).isEqualTo(1);

        assertThat(ok(run.step("search")).data().path("id").asText()).isEqualTo(sid);

        JsStep update = ok(run.step("update"));
        assertThat(update.data().path("name").asText()).isEqualTo(renamed);
        JsonNode stored = backline.api().getOk("/service/" + sid);
        assertThat(stored.path("name").asText()).isEqualTo(renamed);
        assertThat(stored.path("comment").asText()).isEqualTo("changed by fastly-js");
    }

    @Test
    void serviceListPagesCarryLinkHeadersAndTogetherHoldEveryService() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(backline.api().createService(unique("js paged")));
        }
        JsPlan plan = new JsPlan();
        int pages = (countAllServices() + 2) / 3;
        for (int page = 1; page <= pages; page++) {
            plan.step("page" + page, "ServiceApi", "listServices", Map.of("page", page, "per_page", 3,
                    "sort", "created", "direction", "ascend"));
        }
        JsRun run = backline.js().run(plan);

        Set<String> listed = new HashSet<>();
        for (int page = 1; page <= pages; page++) {
            JsStep step = ok(run.step("page" + page));
            assertThat(step.data().size()).as("page %d of %d: %s", page, pages, step).isBetween(1, 3);
            step.data().forEach(item -> {
                assertThat(listed.add(item.path("id").asText())).as("listed twice: %s", item).isTrue();
                assertThat(item.path("version").isIntegralNumber()).as("list items carry version: %s", item).isTrue();
            });
            if (page < pages) {
                assertThat(step.link()).as("page %d: %s", page, step).contains("rel=\"next\"")
                        .contains("page=" + (page + 1));
            } else {
                assertThat(step.link()).as("the last page: %s", step).doesNotContain("rel=\"next\"");
            }
        }
        assertThat(listed).containsAll(created);
    }

    @Test
    void versionsRoundTripThroughTheNpmClient() {
        String sid = backline.api().createService(unique("js versions"));
        backline.api().createBackend(sid, 1, "origin", "origin.example.com");
        Map<String, Object> v1 = Map.of("service_id", sid, "version_id", 1);
        JsRun run = backline.js().run(new JsPlan()
                .step("create", "VersionApi", "createServiceVersion", Map.of("service_id", sid))
                .step("clone", "VersionApi", "cloneServiceVersion", v1)
                .step("update", "VersionApi", "updateServiceVersion", Map.of("service_id", sid, "version_id", 3,
                        "comment", "a comment with spaces"))
                .step("list", "VersionApi", "listServiceVersions", Map.of("service_id", sid))
                .step("get", "VersionApi", "getServiceVersion", Map.of("service_id", sid, "version_id", 3))
                .step("validate", "VersionApi", "validateServiceVersion", v1)
                .step("lock", "VersionApi", "lockServiceVersion", Map.of("service_id", sid, "version_id", 3))
                .step("activate", "VersionApi", "activateServiceVersion", v1)
                .step("details", "ServiceApi", "getServiceDetail", Map.of("service_id", sid))
                .step("deactivate", "VersionApi", "deactivateServiceVersion", v1)
                .step("after", "ServiceApi", "getServiceDetail", Map.of("service_id", sid)));

        JsStep create = ok(run.step("create"));
        assertThat(create.data().path("number").asInt()).as("a blank version: %s", create).isEqualTo(2);
        assertThat(create.data().path("service_id").asText()).isEqualTo(sid);
        assertThat(backline.api().getOk("/service/" + sid + "/version/2/backend")).as("blank, not a clone").isEmpty();

        JsStep clone = ok(run.step("clone"));
        assertThat(clone.data().path("number").asInt()).as("max+1, not source+1: %s", clone).isEqualTo(3);
        assertThat(clone.data().path("locked").asBoolean()).isFalse();
        assertThat(backline.api().getOk("/service/" + sid + "/version/3/backend")).hasSize(1);

        assertThat(ok(run.step("update")).data().path("comment").asText()).isEqualTo("a comment with spaces");
        JsStep list = ok(run.step("list"));
        assertThat(list.data()).hasSize(3);
        List<Integer> numbers = new ArrayList<>();
        list.data().forEach(version -> numbers.add(version.path("number").asInt()));
        assertThat(numbers).containsExactly(1, 2, 3);
        assertThat(ok(run.step("get")).data().path("comment").asText()).isEqualTo("a comment with spaces");
        assertThat(ok(run.step("validate")).data().path("status").asText()).isEqualTo("ok");

        JsStep lock = ok(run.step("lock"));
        assertThat(lock.body().path("locked").isBoolean()).as("%s", lock).isTrue();
        assertThat(lock.data().path("locked").asBoolean()).isTrue();

        JsStep activate = ok(run.step("activate"));
        assertThat(activate.data().path("active").asBoolean()).as("%s", activate).isTrue();
        assertThat(activate.data().path("locked").asBoolean()).isTrue();
        assertThat(ok(run.step("details")).data().path("active_version").path("number").asInt()).isEqualTo(1);

        JsStep deactivate = ok(run.step("deactivate"));
        assertThat(deactivate.body().path("active").isBoolean()).as("%s", deactivate).isTrue();
        assertThat(deactivate.data().path("active").asBoolean()).isFalse();
        assertThat(ok(run.step("after")).body().path("active_version").isNull()).isTrue();

        JsonNode stored = backline.api().getOk("/service/" + sid + "/version");
        assertThat(stored.path(0).path("active").asBoolean()).isFalse();
        assertThat(stored.path(0).path("locked").asBoolean()).isTrue();
        assertThat(stored.path(2).path("locked").asBoolean()).isTrue();
        assertThat(stored.path(2).path("comment").asText()).isEqualTo("a comment with spaces");
    }

    @Test
    void backendsRoundTripWithBooleansAsTrueAndFalse() {
        String sid = backline.api().createService(unique("js backends"));
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("service_id", sid);
        create.put("version_id", 1);
        create.put("name", "js backend one");
        create.put("address", "js.example.com");
        create.put("port", 8443);
        create.put("use_ssl", true);
        create.put("auto_loadbalance", true);
        create.put("ssl_check_cert", false);
        create.put("prefer_ipv6", true);
        create.put("tcp_keepalive_enable", false);
        create.put("connect_timeout", 1234);
        create.put("first_byte_timeout", 23456);
        create.put("between_bytes_timeout", 3456);
        create.put("max_conn", 99);
        create.put("weight", 42);
        create.put("keepalive_time", 30);
        create.put("tcp_keepalive_interval", 11);
        create.put("tcp_keepalive_probes", 4);
        create.put("tcp_keepalive_time", 301);
        create.put("comment", "spaces in a comment");
        create.put("override_host", "override.example.com");
        create.put("ssl_cert_hostname", "cert.example.com");
        create.put("ssl_sni_hostname", "sni.example.com");
        create.put("shield", "iad-va-us");
        create.put("share_key", "shared");
        create.put("min_tls_version", "1.2");
        create.put("max_tls_version", "1.3");
        create.put("ssl_ciphers", "HIGH:!aNULL");
        create.put("request_condition", "");
        create.put("healthcheck", "");
        Map<String, Object> path = Map.of("service_id", sid, "version_id", 1, "backend_name", "js backend one");
        Map<String, Object> flip = new LinkedHashMap<>(path);
        flip.put("use_ssl", false);
        flip.put("auto_loadbalance", false);
        flip.put("ssl_check_cert", true);
        flip.put("prefer_ipv6", false);
        flip.put("tcp_keepalive_enable", true);
        flip.put("name", "js backend renamed");
        Map<String, Object> renamed = Map.of("service_id", sid, "version_id", 1, "backend_name", "js backend renamed");

        JsRun run = backline.js().run(new JsPlan()
                .step("create", "BackendApi", "createBackend", create)
                .step("slash", "BackendApi", "createBackend", Map.of("service_id", sid, "version_id", 1,
                        "name", "a/b", "address", "192.0.2.1"))
                .step("getSlash", "BackendApi", "getBackend", Map.of("service_id", sid, "version_id", 1,
                        "backend_name", "a/b"))
                .step("list", "BackendApi", "listBackends", Map.of("service_id", sid, "version_id", 1))
                .step("get", "BackendApi", "getBackend", path));

        JsStep created = ok(run.step("create"));
        assertThat(created.request().path("body").asText()).as("what the client sent")
                .contains("use_ssl=true", "ssl_check_cert=false", "tcp_keepalive_enable=false", "name=js%20backend%20one");
        Map<String, Object> expected = Map.ofEntries(Map.entry("name", "js backend one"), Map.entry("port", 8443),
                Map.entry("use_ssl", true), Map.entry("auto_loadbalance", true), Map.entry("ssl_check_cert", false),
                Map.entry("prefer_ipv6", true), Map.entry("tcp_keepalive_enable", false),
                Map.entry("connect_timeout", 1234), Map.entry("first_byte_timeout", 23456),
                Map.entry("between_bytes_timeout", 3456), Map.entry("max_conn", 99), Map.entry("weight", 42),
                Map.entry("keepalive_time", 30), Map.entry("tcp_keepalive_interval", 11),
                Map.entry("tcp_keepalive_probes", 4), Map.entry("tcp_keepalive_time", 301),
                Map.entry("comment", "spaces in a comment"), Map.entry("override_host", "override.example.com"),
                Map.entry("ssl_cert_hostname", "cert.example.com"), Map.entry("ssl_sni_hostname", "sni.example.com"),
                Map.entry("shield", "iad-va-us"), Map.entry("share_key", "shared"),
                Map.entry("min_tls_version", "1.2"), Map.entry("max_tls_version", "1.3"),
                Map.entry("ssl_ciphers", "HIGH:!aNULL"), Map.entry("request_condition", ""),
                Map.entry("version", 1), Map.entry("service_id", sid));
        assertFields(created.body(), expected);
        assertFields(created.data(), expected);
        assertThat(created.body().path("healthcheck").isNull()).as("healthcheck= means none: %s", created).isTrue();
        assertFields(BacklineApi.ok(backline.api().backend(sid, 1, "js backend one")), expected);

        assertThat(ok(run.step("slash")).data().path("name").asText()).isEqualTo("a/b");
        assertThat(ok(run.step("getSlash")).request().path("url").asText()).endsWith("/backend/a%2Fb");
        List<String> listed = new ArrayList<>();
        ok(run.step("list")).data().forEach(backend -> listed.add(backend.path("name").asText()));
        assertThat(listed).containsExactlyInAnyOrder("js backend one", "a/b");
        assertFields(ok(run.step("get")).data(), expected);

        JsRun changes = backline.js().run(new JsPlan()
                .step("update", "BackendApi", "updateBackend", flip)
                .step("oldName", "BackendApi", "getBackend", path)
                .step("getRenamed", "BackendApi", "getBackend", renamed)
                .step("delete", "BackendApi", "deleteBackend", renamed)
                .step("afterDelete", "BackendApi", "listBackends", Map.of("service_id", sid, "version_id", 1)));

        JsStep update = ok(changes.step("update"));
        Map<String, Object> flipped = Map.of("name", "js backend renamed", "use_ssl", false,
                "auto_loadbalance", false, "ssl_check_cert", true, "prefer_ipv6", false,
                "tcp_keepalive_enable", true, "port", 8443, "weight", 42);
        assertFields(update.body(), flipped);
        assertThat(changes.step("oldName").status()).as("%s", changes.step("oldName")).isEqualTo(404);
        assertFields(ok(changes.step("getRenamed")).data(), flipped);

        JsStep delete = ok(changes.step("delete"));
        assertThat(delete.body().path("status").asText()).as("%s", delete).isEqualTo("ok");
        List<String> remaining = new ArrayList<>();
        ok(changes.step("afterDelete")).data().forEach(backend -> remaining.add(backend.path("name").asText()));
        assertThat(remaining).containsExactly("a/b");
        assertThat(backline.api().backend(sid, 1, "js backend renamed").status()).isEqualTo(404);
    }

    @Test
    void port443AndPort80SetUseSslUnlessUseSslIsSent() {
        String sid = backline.api().createService(unique("js ports"));
        JsRun run = backline.js().run(new JsPlan()
                .step("tls", "BackendApi", "createBackend", Map.of("service_id", sid, "version_id", 1,
                        "name", "tls", "address", "tls.example.com", "port", 443))
                .step("tlsOff", "BackendApi", "createBackend", Map.of("service_id", sid, "version_id", 1,
                        "name", "tls off", "address", "tls.example.com", "port", 443, "use_ssl", false))
                .step("toPlain", "BackendApi", "updateBackend", Map.of("service_id", sid, "version_id", 1,
                        "backend_name", "tls", "port", 80)));

        assertFields(ok(run.step("tls")).body(), Map.of("port", 443, "use_ssl", true));
        assertFields(ok(run.step("tlsOff")).body(), Map.of("port", 443, "use_ssl", false));
        assertFields(ok(run.step("toPlain")).body(), Map.of("port", 80, "use_ssl", false));
        assertFields(BacklineApi.ok(backline.api().backend(sid, 1, "tls off")), Map.of("use_ssl", false));
    }

    @Test
    void theNpmClientSeesTheErrorStatusesAndBodies() {
        String sid = backline.api().createService(unique("js errors"));
        backline.api().createBackend(sid, 1, "taken", "taken.example.com");
        BacklineApi.ok(backline.api().put("/service/" + sid + "/version/1/clone"));
        backline.api().activate(sid, 1);
        JsRun run = backline.js().run(new JsPlan()
                .step("noToken", "ServiceApi", "listServices", JsPlan.NO_TOKEN, Map.of())
                .step("readerReads", "ServiceApi", "getService", JsPlan.READER, Map.of("service_id", sid))
                .step("readerWrites", "ServiceApi", "createService", JsPlan.READER, Map.of("name", "by reader"))
                .step("readerBackend", "BackendApi", "createBackend", JsPlan.READER, Map.of("service_id", sid,
                        "version_id", 2, "name", "by reader", "address", "reader.example.com"))
                .step("unknownService", "ServiceApi", "getService", Map.of("service_id", "NoSuchService0000000000"))
                .step("unknownVersion", "VersionApi", "getServiceVersion", Map.of("service_id", sid,
                        "version_id", 99))
                .step("unknownBackend", "BackendApi", "getBackend", Map.of("service_id", sid, "version_id", 1,
                        "backend_name", "no such/backend"))
                .step("duplicate", "BackendApi", "createBackend", Map.of("service_id", sid, "version_id", 2,
                        "name", "taken", "address", "again.example.com"))
                .step("locked", "BackendApi", "createBackend", Map.of("service_id", sid, "version_id", 1,
                        "name", "late", "address", "late.example.com"))
                .step("lockedDelete", "BackendApi", "deleteBackend", Map.of("service_id", sid, "version_id", 1,
                        "backend_name", "taken")));

        assertError(run.step("noToken"), 401, "Provided credentials are missing or invalid");
        assertThat(ok(run.step("readerReads")).data().path("id").asText()).isEqualTo(sid);
        assertError(run.step("readerWrites"), 403, "Read only tokens are not allowed to access this endpoint.");
        assertError(run.step("readerBackend"), 403, "Read only tokens are not allowed to access this endpoint.");
        assertError(run.step("unknownService"), 404, "Record not found");
        assertError(run.step("unknownVersion"), 404, "Record not found");
        assertError(run.step("unknownBackend"), 404, "Record not found");
        assertThat(run.step("unknownBackend").body().path("detail").asText()).contains("no such/backend");
        assertError(run.step("duplicate"), 409, "Duplicate record");
        assertThat(run.step("duplicate").body().path("detail").asText()).isEqualTo("Duplicate backend: 'taken'");
        assertError(run.step("locked"), 422, "Version locked");
        assertThat(run.step("locked").body().path("detail").asText())
                .isEqualTo("Version '1' for service '" + sid + "' is locked");
        assertError(run.step("lockedDelete"), 422, "Version locked");

        List<String> v1 = new ArrayList<>();
        backline.api().getOk("/service/" + sid + "/version/1/backend").forEach(b -> v1.add(b.path("name").asText()));
        assertThat(v1).containsExactly("taken");
        List<String> v2 = new ArrayList<>();
        backline.api().getOk("/service/" + sid + "/version/2/backend").forEach(b -> v2.add(b.path("name").asText()));
        assertThat(v2).containsExactly("taken");
        assertFields(BacklineApi.ok(backline.api().backend(sid, 2, "taken")), Map.of("address", "taken.example.com"));
    }

    @Test
    void deleteServiceAnswersStatusOkAndTheServiceIsGone() {
        String sid = backline.api().createService(unique("js delete"));
        JsRun run = backline.js().run(new JsPlan()
                .step("delete", "ServiceApi", "deleteService", Map.of("service_id", sid))
                .step("get", "ServiceApi", "getService", Map.of("service_id", sid)));

        JsStep delete = ok(run.step("delete"));
        assertThat(delete.body().path("status").asText()).as("%s", delete).isEqualTo("ok");
        assertThat(run.step("get").status()).as("%s", run.step("get")).isEqualTo(404);
        assertThat(backline.api().get("/service/" + sid).status()).isEqualTo(404);
    }

    @Test
    void conditionsRoundTripWithPriorityAndVersionAsStrings() {
        String sid = backline.api().createService(unique("js conditions"));
        Map<String, Object> v1 = Map.of("service_id", sid, "version_id", 1);
        Map<String, Object> first = Map.of("service_id", sid, "version_id", 1, "condition_name", "js cond/1");
        JsRun run = backline.js().run(new JsPlan()
                .step("create", "ConditionApi", "createCondition", with(v1, "name", "js cond/1",
                        "statement", "req.http.host == \"api.example.com\"", "type", "REQUEST", "priority", "7",
                        "comment", "from fastly-js"))
                .step("numeric", "ConditionApi", "createCondition", with(v1, "name", "js cond 2",
                        "statement", "req.url ~ \"^/b\"", "type", "REQUEST", "priority", 15))
                .step("list", "ConditionApi", "listConditions", v1)
                .step("get", "ConditionApi", "getCondition", first)
                .step("update", "ConditionApi", "updateCondition", with(first, "statement", "req.url.path ~ \"^/v2\"",
                        "priority", 3))
                .step("rename", "ConditionApi", "updateCondition", with(first, "name", "js moved"))
                .step("malformed", "ConditionApi", "createCondition", with(v1, "name", "js broken",
                        "statement", "req.url ~ (\"^/a\"", "type", "REQUEST"))
                .step("duplicate", "ConditionApi", "createCondition", with(v1, "name", "js cond 2",
                        "statement", "req.url ~ \"^/c\"", "type", "REQUEST"))
                .step("delete", "ConditionApi", "deleteCondition", Map.of("service_id", sid, "version_id", 1,
                        "condition_name", "js cond 2"))
                .step("after", "ConditionApi", "listConditions", v1));

        JsStep create = ok(run.step("create"));
        assertThat(create.request().path("body").asText()).as("what the client sent")
                .contains("name=js%20cond%2F1", "priority=7", "type=REQUEST");
        Map<String, Object> expected = Map.of("name", "js cond/1", "priority", "7", "version", "1",
                "service_id", sid, "type", "REQUEST", "comment", "from fastly-js",
                "statement", "req.http.host == \"api.example.com\"");
        assertFields(create.body(), expected);
        assertFields(create.data(), expected);
        assertThat(create.data().path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\.000Z");
        JsStep numeric = ok(run.step("numeric"));
        assertThat(numeric.request().path("body").asText()).contains("priority=15");
        assertFields(numeric.data(), Map.of("priority", "15", "version", "1", "comment", ""));

        List<String> listed = new ArrayList<>();
        ok(run.step("list")).data().forEach(item -> {
            listed.add(item.path("name").asText());
            assertFields(item, Map.of("version", "1"));
        });
        assertThat(listed).containsExactlyInAnyOrder("js cond/1", "js cond 2");
        JsStep get = ok(run.step("get"));
        assertThat(get.request().path("url").asText()).endsWith("/condition/js%20cond%2F1");
        assertFields(get.data(), expected);

        assertFields(ok(run.step("update")).data(), Map.of("statement", "req.url.path ~ \"^/v2\"", "priority", "3",
                "comment", "from fastly-js"));
        assertError(run.step("rename"), 400, "Bad request");
        assertThat(run.step("rename").body().path("detail").asText()).isEqualTo("Cannot change name");
        assertError(run.step("malformed"), 400, "Bad request");
        assertThat(run.step("malformed").body().path("detail").asText()).startsWith("statement: at column 11:");
        assertError(run.step("duplicate"), 409, "Duplicate record");
        assertThat(run.step("duplicate").body().path("detail").asText()).isEqualTo("Duplicate condition: 'js cond 2'");
        assertThat(ok(run.step("delete")).body().path("status").asText()).isEqualTo("ok");
        assertThat(ok(run.step("after")).data()).hasSize(1);

        assertThat(backline.api().names(sid, 1, "condition")).containsExactly("js cond/1");
        assertFields(BacklineApi.ok(backline.api().object(sid, 1, "condition", "js cond/1")),
                Map.of("priority", "3", "statement", "req.url.path ~ \"^/v2\"", "version", "1"));
    }

    @Test
    void healthchecksSendHeadersAsCsvAndTheServerStoresEachLineInFastlysNormalForm() {
        String sid = backline.api().createService(unique("js healthchecks"));
        Map<String, Object> v1 = Map.of("service_id", sid, "version_id", 1);
        Map<String, Object> create = new LinkedHashMap<>(v1);
        create.put("name", "js hc");
        create.put("host", "probe.example.com");
        create.put("path", "/status");
        create.put("method", "GET");
        create.put("http_version", "1.0");
        create.put("expected_response", 204);
        create.put("check_interval", 10000);
        create.put("timeout", 2000);
        create.put("window", 6);
        create.put("threshold", 4);
        create.put("initial", 4);
        create.put("comment", "from fastly-js");
        create.put("headers", List.of("Foo: Bar", "Accept: text/html, application/json", "X-Probe:1"));
        Map<String, Object> path = Map.of("service_id", sid, "version_id", 1, "healthcheck_name", "js hc");
        Map<String, Object> renamed = Map.of("service_id", sid, "version_id", 1, "healthcheck_name", "js hc/2");
        JsRun run = backline.js().run(new JsPlan()
                .step("create", "HealthcheckApi", "createHealthcheck", create)
                .step("get", "HealthcheckApi", "getHealthcheck", path)
                .step("list", "HealthcheckApi", "listHealthchecks", v1));

        JsStep created = ok(run.step("create"));
        // spec §2.1: the client joins the array with commas into one form value
        assertThat(created.request().path("body").asText()).as("what the client sent")
                .contains("headers=Foo%3A%20Bar%2CAccept%3A%20text%2Fhtml%2C%20application%2Fjson%2CX-Probe%3A1");
        // Each line as Fastly answers it: "Name: value", sorted (go-fastly's recorded health_checks/create).
        List<String> lines = List.of("Accept: text/html, application/json", "Foo: Bar", "X-Probe: 1");
        Map<String, Object> expected = Map.ofEntries(Map.entry("name", "js hc"), Map.entry("host", "probe.example.com"),
                Map.entry("path", "/status"), Map.entry("method", "GET"), Map.entry("http_version", "1.0"),
                Map.entry("expected_response", 204), Map.entry("check_interval", 10000), Map.entry("timeout", 2000),
                Map.entry("window", 6), Map.entry("threshold", 4), Map.entry("initial", 4),
                Map.entry("comment", "from fastly-js"), Map.entry("version", 1), Map.entry("service_id", sid));
        assertFields(created.body(), expected);
        assertFields(created.data(), expected);
        assertThat(CliHealthcheckCommandsTest.texts(created.body().path("headers"))).containsExactlyElementsOf(lines);
        assertThat(CliHealthcheckCommandsTest.texts(created.data().path("headers"))).containsExactlyElementsOf(lines);
        JsonNode stored = BacklineApi.ok(backline.api().object(sid, 1, "healthcheck", "js hc"));
        assertThat(CliHealthcheckCommandsTest.texts(stored.path("headers"))).as("%s", stored)
                .containsExactlyElementsOf(lines);
        assertFields(ok(run.step("get")).data(), expected);
        assertThat(ok(run.step("list")).data()).hasSize(1);

        JsRun changes = backline.js().run(new JsPlan()
                .step("update", "HealthcheckApi", "updateHealthcheck", with(path, "name", "js hc/2",
                        "headers", List.of("Beep:Boop"), "threshold", 2))
                .step("oldName", "HealthcheckApi", "getHealthcheck", path)
                .step("clear", "HealthcheckApi", "updateHealthcheck", with(renamed, "headers", List.of()))
                .step("duplicate", "HealthcheckApi", "createHealthcheck", with(v1, "name", "js hc/2"))
                .step("delete", "HealthcheckApi", "deleteHealthcheck", renamed)
                .step("after", "HealthcheckApi", "listHealthchecks", v1));

        JsStep update = ok(changes.step("update"));
        assertThat(update.request().path("body").asText()).contains("headers=Beep%3ABoop", "name=js%20hc%2F2");
        assertFields(update.body(), Map.of("name", "js hc/2", "threshold", 2, "window", 6, "host", "probe.example.com"));
        assertThat(CliHealthcheckCommandsTest.texts(update.body().path("headers"))).containsExactly("Beep: Boop");
        assertThat(changes.step("oldName").status()).as("%s", changes.step("oldName")).isEqualTo(404);
        JsStep clear = ok(changes.step("clear"));
        assertThat(clear.request().path("body").asText()).as("an empty array goes out as headers=")
                .isEqualTo("headers=");
        assertThat(clear.body().path("headers")).as("%s", clear).isEmpty();
        assertError(changes.step("duplicate"), 409, "Duplicate record");
        assertThat(ok(changes.step("delete")).body().path("status").asText()).isEqualTo("ok");
        assertThat(ok(changes.step("after")).data()).isEmpty();
    }

    @Test
    void csvHeadersKeepACommaFollowedByASpaceInsideTheValue() {
        String sid = backline.api().createService(unique("js csv headers"));
        Map<String, Object> v1 = Map.of("service_id", sid, "version_id", 1);
        JsRun run = backline.js().run(new JsPlan()
                .step("times", "HealthcheckApi", "createHealthcheck", with(v1, "name", "times",
                        "headers", List.of("X-Times: 10:00, 11:00", "Foo: Bar")))
                .step("literal", "HealthcheckApi", "createHealthcheck", with(v1, "name", "literal",
                        "headers", List.of("[\"X-Times: 10:00, 11:00\",\"Foo: Bar\"]"))));

        // The client joins the lines with a bare ',' (no space), so ", 11:00" can only be part of the value.
        JsStep times = ok(run.step("times"));
        assertThat(times.request().path("body").asText())
                .contains("headers=X-Times%3A%2010%3A00%2C%2011%3A00%2CFoo%3A%20Bar");
        // A one-element array holding a JSON literal reaches the server as the go-fastly shape.
        JsStep literal = ok(run.step("literal"));
        // Both answered in Fastly's normal form: the lines sorted.
        assertThat(CliHealthcheckCommandsTest.texts(literal.body().path("headers")))
                .containsExactly("Foo: Bar", "X-Times: 10:00, 11:00");
        assertThat(CliHealthcheckCommandsTest.texts(times.body().path("headers"))).as("%s", times)
                .containsExactly("Foo: Bar", "X-Times: 10:00, 11:00");
    }

    @Test
    void domainsRoundTripThroughTheNpmClient() {
        String sid = backline.api().createService(unique("js domains"));
        String www = CliDomainCommandsTest.host("js www");
        String shop = CliDomainCommandsTest.host("js shop");
        Map<String, Object> v1 = Map.of("service_id", sid, "version_id", 1);
        Map<String, Object> path = Map.of("service_id", sid, "version_id", 1, "domain_name", www);
        Map<String, Object> renamed = Map.of("service_id", sid, "version_id", 1, "domain_name", shop);
        JsRun run = backline.js().run(new JsPlan()
                .step("create", "DomainApi", "createDomain", with(v1, "name", www, "comment", "from fastly-js"))
                .step("duplicate", "DomainApi", "createDomain", with(v1, "name", www))
                .step("list", "DomainApi", "listDomains", v1)
                .step("get", "DomainApi", "getDomain", path)
                .step("update", "DomainApi", "updateDomain", with(path, "name", shop, "comment", "renamed"))
                .step("oldName", "DomainApi", "getDomain", path)
                .step("getRenamed", "DomainApi", "getDomain", renamed)
                .step("delete", "DomainApi", "deleteDomain", renamed)
                .step("after", "DomainApi", "listDomains", v1));

        JsStep create = ok(run.step("create"));
        assertThat(create.request().path("body").asText()).contains("comment=from%20fastly-js");
        Map<String, Object> expected = Map.of("name", www, "comment", "from fastly-js", "service_id", sid, "version", 1);
        assertFields(create.body(), expected);
        assertFields(create.data(), expected);
        assertError(run.step("duplicate"), 409, "Duplicate record");
        assertThat(run.step("duplicate").body().path("detail").asText()).isEqualTo("Duplicate domain: '" + www + "'");
        assertThat(ok(run.step("list")).data()).hasSize(1);
        assertFields(ok(run.step("get")).data(), expected);
        assertFields(ok(run.step("update")).data(), Map.of("name", shop, "comment", "renamed", "version", 1));
        assertThat(run.step("oldName").status()).as("%s", run.step("oldName")).isEqualTo(404);
        assertFields(ok(run.step("getRenamed")).data(), Map.of("name", shop));
        assertThat(ok(run.step("delete")).body().path("status").asText()).isEqualTo("ok");
        assertThat(ok(run.step("after")).data()).isEmpty();
        assertThat(backline.api().names(sid, 1, "domain")).isEmpty();
    }

    /** The options of a step: {@code base} plus alternating keys and values. */
    private static Map<String, Object> with(Map<String, Object> base, Object... keysAndValues) {
        Map<String, Object> options = new LinkedHashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return options;
    }

    private static JsStep ok(JsStep step) {
        assertThat(step.ok()).as("expected the client to succeed: %s", step).isTrue();
        assertThat(step.status()).as("%s", step).isEqualTo(200);
        return step;
    }

    private static void assertError(JsStep step, int status, String msg) {
        assertThat(step.ok()).as("expected the client to fail: %s", step).isFalse();
        assertThat(step.status()).as("%s", step).isEqualTo(status);
        assertThat(step.body().path("msg").asText()).as("%s", step).isEqualTo(msg);
    }

    private static int countAllServices() {
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
}
