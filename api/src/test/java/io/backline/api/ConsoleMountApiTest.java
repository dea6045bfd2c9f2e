package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web console on the API listener: / and /console/ are its files, every other path stays the API's. */
class ConsoleMountApiTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    @Test
    void rootAnswersTheConsolePageWithAStrictContentSecurityPolicy() {
        var reply = api.call("GET", "/").token(null).send().status(200);

        assertThat(reply.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(reply.header("content-security-policy")).startsWith("default-src 'none'; script-src 'self';")
                .contains("frame-ancestors 'none'");
        assertThat(reply.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(reply.header("referrer-policy")).isEqualTo("no-referrer");
        assertThat(reply.body()).contains("/console/app.js");
    }

    @Test
    void consoleAssetsAnswerNotModifiedToTheirOwnEtag() {
        var first = api.call("GET", "/console/vendor/lit-html/lit-html.js").token(null).send().status(200);
        var etag = first.header("etag");

        var again = api.call("GET", "/console/vendor/lit-html/lit-html.js").token(null).header("If-None-Match", etag).send();

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void everyOtherPathIsStillTheApisWithItsOwnEnvelope() {
        var reply = api.call("GET", "/consoles").token(null).send().status(404);

        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.header("content-security-policy")).isNull();
        assertThat(reply.header("fastly-request-id")).isNotNull();
    }

    @Test
    void writesToTheRootAndMissingConsoleFilesGetTheApisErrorShape() {
        var post = api.call("POST", "/").token(null).send();
        var missing = api.call("GET", "/console/missing.js").token(null).send().status(404);

        assertThat(post.status()).isBetween(400, 499);
        assertThat(post.json().has("msg")).isTrue();
        assertThat(missing.json().path("msg").asText()).isNotEmpty();
    }

    @Test
    void tokensSelfTellsTheCallerItsScopeAndServices() {
        var sid = api.createService("seen by a restricted token");
        var restricted = api.token("global:read", sid);

        var self = api.call("GET", "/tokens/self").token(restricted).send().ok().json();

        assertThat(self.path("scope").asText()).isEqualTo("global:read");
        assertThat(self.path("services").get(0).asText()).isEqualTo(sid);
        assertThat(api.get("/tokens/self").ok().json().path("scope").asText()).isEqualTo("global");
        assertThat(api.call("GET", "/tokens/self").token(null).send().status()).isEqualTo(401);
    }
}
