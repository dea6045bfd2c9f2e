package io.backline.api;

import static io.backline.api.ApiHarness.backendPath;
import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens and scopes (spec §1.2, §1.5): 401, 403 for read-only writes, 404 outside a restriction. */
class AuthApiTest {
    private static final String UNAUTHORIZED = "Provided credentials are missing or invalid";
    private static final String READ_ONLY = "Read only tokens are not allowed to access this endpoint.";

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    @ParameterizedTest(name = "{0} without a token")
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE"})
    void answers401WithoutAToken(String method) {
        var sid = api.createService("no token " + method);

        var reply = api.call(method, method.equals("POST") ? "/service" : "/service/" + sid).token(null).send().status(401);

        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.json().path("msg").asText()).isEqualTo(UNAUTHORIZED);
        assertThat(api.get("/service/" + sid).ok().json().path("deleted_at").isNull()).isTrue();
    }

    @Test
    void everyAnswerCarriesItsOwnFastlyRequestId() {
        var answers = java.util.List.of(
                api.get("/service").ok(),
                api.call("GET", "/service").token("not-a-real-token").send().status(401),
                api.get("/no/such/route").status(404),
                api.raw("GET", "/service/%zz", null, "").status(400));

        var ids = answers.stream().map(reply -> reply.header("Fastly-Request-Id")).toList();
        assertThat(ids).as("%s", answers).doesNotContainNull().doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-z]{6}-[0-9a-z]+"));
    }

    @Test
    void answers401ForAnUnknownToken() {
        var reply = api.call("GET", "/service").token("not-a-real-token").send().status(401);

        assertThat(reply.json().path("msg").asText()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void answers401ForAnEmptyToken() {
        var reply = api.call("GET", "/service").token("").send().status(401);

        assertThat(reply.json().path("msg").asText()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void refusesAWriteWithAnUnknownTokenAndWritesNothing() {
        var name = "never created " + System.nanoTime();

        api.call("POST", "/service").token("wrong").form(form("name", name)).send().status(401);

        api.get("/service/search?name=" + name.replace(' ', '+')).status(404);
    }

    @Test
    void answers401OnceTheTokenIsRevoked() {
        var issued = api.issue("global");
        api.call("GET", "/service").token(issued.secret()).send().ok();

        api.revoke(issued.token().id());

        var reply = api.call("GET", "/service").token(issued.secret()).send().status(401);
        assertThat(reply.json().path("msg").asText()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void readsTheTokenHeaderCaseInsensitively() {
        var reply = api.call("GET", "/service").token(null).header("FASTLY-KEY", api.adminToken()).send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void letsAReadOnlyTokenRead() {
        var sid = api.createService("readable");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        var reader = api.token("global:read");

        for (var path : List.of("/service", "/service/" + sid, "/service/" + sid + "/details", "/service/" + sid + "/version",
                "/service/" + sid + "/version/1", backendPath(sid, 1, "origin"), "/service/" + sid + "/version/1/validate")) {
            var reply = api.call("GET", path).token(reader).send();
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        }
    }

    @Test
    void answers403ToEveryWriteOfAReadOnlyTokenAndWritesNothing() {
        var sid = api.createService("read only");
        var before = api.createBackend(sid, 1, "origin", "origin.example.com");
        var reader = api.token("global:read");
        var name = "by reader " + System.nanoTime();

        var replies = List.of(
                api.call("POST", "/service").token(reader).form(form("name", name)).send(),
                api.call("PUT", "/service/" + sid).token(reader).form(form("name", "renamed")).send(),
                api.call("POST", "/service/" + sid + "/version").token(reader).send(),
                api.call("PUT", "/service/" + sid + "/version/1/lock").token(reader).send(),
                api.call("POST", "/service/" + sid + "/version/1/backend").token(reader)
                        .form(form("name", "other", "address", "x.example.com")).send(),
                api.call("PUT", backendPath(sid, 1, "origin")).token(reader).form(form("weight", "1")).send(),
                api.call("DELETE", backendPath(sid, 1, "origin")).token(reader).send(),
                api.call("DELETE", "/service/" + sid).token(reader).send());

        for (var reply : replies) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
            assertThat(reply.json().path("msg").asText()).as(reply.toString()).isEqualTo(READ_ONLY);
        }
        var service = api.get("/service/" + sid).ok().json();
        assertThat(service.path("name").asText()).isEqualTo("read only");
        assertThat(service.path("versions")).hasSize(1);
        assertThat(service.path("versions").get(0).path("locked").asBoolean(true)).isFalse();
        assertThat(api.get("/service/" + sid + "/version/1/backend").ok().json()).hasSize(1);
        assertThat(api.get(backendPath(sid, 1, "origin")).ok().json()).isEqualTo(before);
        api.get("/service/search?name=" + name.replace(' ', '+')).status(404);
    }

    @Test
    void letsARestrictedTokenUseItsOwnService() {
        var sid = api.createService("mine");
        var token = api.token("global", sid);

        api.call("GET", "/service/" + sid).token(token).send().ok();
        var created = api.call("POST", "/service/" + sid + "/version/1/backend").token(token)
                .form(form("name", "origin", "address", "origin.example.com")).send().ok().json();

        assertThat(created.path("service_id").asText()).isEqualTo(sid);
    }

    @Test
    void answers404ForAnotherServiceWithAServiceRestrictedToken() {
        var mine = api.createService("restricted mine");
        var other = api.createService("restricted other");
        api.createBackend(other, 1, "origin", "origin.example.com");
        var token = api.token("global", mine);

        var replies = List.of(
                api.call("GET", "/service/" + other).token(token).send(),
                api.call("GET", "/service/" + other + "/details").token(token).send(),
                api.call("GET", "/service/" + other + "/version").token(token).send(),
                api.call("GET", backendPath(other, 1, "origin")).token(token).send(),
                api.call("PUT", "/service/" + other).token(token).form(form("name", "taken over")).send(),
                api.call("PUT", backendPath(other, 1, "origin")).token(token).form(form("weight", "1")).send(),
                api.call("DELETE", "/service/" + other).token(token).send());

        for (var reply : replies) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
            assertThat(reply.json().path("msg").asText()).as(reply.toString()).isEqualTo("Record not found");
        }
        var service = api.get("/service/" + other).ok().json();
        assertThat(service.path("name").asText()).isEqualTo("restricted other");
        assertThat(api.get(backendPath(other, 1, "origin")).ok().json().path("weight").asInt()).isEqualTo(100);
    }

    @Test
    void hidesAnotherServiceExactlyAsAnUnknownOne() {
        var mine = api.createService("hider");
        var other = api.createService("hidden");
        var unknown = "Unknown" + other.substring(7);
        var token = api.token("global", mine);

        var hidden = api.call("GET", "/service/" + other).token(token).send().status(404).json();
        var missing = api.call("GET", "/service/" + unknown).token(token).send().status(404).json();

        assertThat(hidden.path("msg")).isEqualTo(missing.path("msg"));
        assertThat(hidden.path("detail").asText().replace(other, "ID"))
                .isEqualTo(missing.path("detail").asText().replace(unknown, "ID"));
    }

    @Test
    void searchDoesNotRevealAnotherServiceToARestrictedToken() {
        var mine = api.createService("search mine");
        var name = "search hidden " + System.nanoTime();
        api.createService(name);
        var token = api.token("global", mine);

        var reply = api.call("GET", "/service/search?name=" + name.replace(' ', '+')).token(token).send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
    }

    @Test
    void answersServiceCreateWithARestrictedTokenWith404CannotFindService() {
        var mine = api.createService("cannot create");
        var token = api.token("global", mine);
        var name = "restricted create " + System.nanoTime();

        var reply = api.call("POST", "/service").token(token).form(form("name", name)).send().status(404);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Record not found");
        assertThat(reply.json().path("detail").asText()).startsWith("Cannot find 'service'");
        api.get("/service/search?name=" + name.replace(' ', '+')).status(404);
    }

    @Test
    void servesTheOpenIdBootstrapWithoutAToken() {
        var reply = api.call("GET", "/realms/fastly/.well-known/openid-configuration").token(null).send().ok();

        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.json().isObject()).isTrue();
        assertThat(reply.json().size()).isZero();
    }

    @Test
    void answersAMethodARouteDoesNotHaveWithA4xxJsonBody() {
        var sid = api.createService("wrong method");

        var reply = api.call("POST", "/service/" + sid + "/details").form("a=b").send();

        assertThat(reply.status()).as(reply.toString()).isBetween(400, 499);
        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.json().path("msg").isTextual()).isTrue();
    }

    @Test
    void answersUnknownRouteWith404NotFoundAndADetailNamingThePath() {
        var reply = api.get("/no/such/route").status(404);

        assertThat(reply.json().path("msg").asText()).isEqualTo("Not found");
        assertThat(reply.json().path("detail").asText()).startsWith("path: '/no/such/route'");
    }
}
