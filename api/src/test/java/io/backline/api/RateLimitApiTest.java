package io.backline.api;

import static io.backline.api.ApiHarness.backendPath;
import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Fastly-RateLimit-*} and 429 (spec §1.3) on a server allowing three writes per token and
 * hour. Every test uses fresh tokens, so each has its own budget.
 */
class RateLimitApiTest {
    private static final String REMAINING = "Fastly-RateLimit-Remaining";
    private static final String RESET = "Fastly-RateLimit-Reset";

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(3);

    @Test
    void sendsRateLimitHeadersOnAWrite() {
        var token = api.token("global");
        long now = Instant.now().getEpochSecond();

        var reply = api.call("POST", "/service").token(token).form(form("name", "limited")).send().ok();

        assertThat(reply.header(REMAINING)).isEqualTo("2");
        long reset = Long.parseLong(reply.header(RESET));
        assertThat(reset % 3600).as("the top of an hour").isZero();
        assertThat(reset).isGreaterThan(now).isLessThanOrEqualTo(now + 3600 + 1);
    }

    @Test
    void sendsRateLimitHeadersOnErrorResponsesToWrites() {
        var token = api.token("global");
        var sid = freshService("errors counted");

        var notFound = api.call("DELETE", backendPath(sid, 1, "no-such-backend")).token(token).send().status(404);
        var invalid = api.call("POST", "/service/" + sid + "/version/1/backend").token(token)
                .form(form("name", "bad", "address", "host:80")).send().status(400);

        assertThat(notFound.header(REMAINING)).isEqualTo("2");
        assertThat(notFound.header(RESET)).matches("\\d+");
        assertThat(invalid.header(REMAINING)).isEqualTo("1");
        assertThat(invalid.header(RESET)).matches("\\d+");
    }

    @Test
    void refusesAReadOnlyTokensWritesBeforeChargingThem() {
        var reader = api.token("global:read");

        for (int i = 0; i < 5; i++) {
            var reply = api.call("POST", "/service").token(reader).form(form("name", "not allowed " + i)).send().status(403);
            assertThat(reply.header(REMAINING)).as("refusal %d is not charged", i).isNull();
            assertThat(reply.header(RESET)).isNull();
        }
    }

    @Test
    void sendsNoRateLimitHeadersOnGet() {
        var token = api.token("global");
        var sid = freshService("reads free");

        for (var path : new String[] {"/service", "/service/" + sid, "/service/" + sid + "/version", "/no/such/route"}) {
            var reply = api.call("GET", path).token(token).send();
            assertThat(reply.header(REMAINING)).as(reply.toString()).isNull();
            assertThat(reply.header(RESET)).as(reply.toString()).isNull();
        }
        var unknown = api.call("GET", "/service/NoSuchService0000000000").token(token).send().status(404);
        assertThat(unknown.header(REMAINING)).isNull();
    }

    @Test
    void countsDownAndAnswers429WhenTheBudgetIsSpent() {
        var token = api.token("global");
        var sid = freshService("budget");

        for (int i = 0; i < 3; i++) {
            var reply = api.call("PUT", "/service/" + sid).token(token).form(form("comment", "write " + i)).send().ok();
            assertThat(reply.header(REMAINING)).isEqualTo(Integer.toString(2 - i));
        }
        var limited = api.call("PUT", "/service/" + sid).token(token).form(form("comment", "one too many")).send().status(429);

        assertThat(limited.json().path("msg").asText()).isNotEmpty();
        assertThat(limited.json().has("detail")).isTrue();
        assertThat(limited.header(REMAINING)).isEqualTo("0");
        assertThat(limited.header(RESET)).matches("\\d+");
        assertThat(api.get("/service/" + sid).ok().json().path("comment").asText()).isEqualTo("write 2");
    }

    @Test
    void keepsAnsweringReadsAfterTheBudgetIsSpent() {
        var token = api.token("global");
        for (int i = 0; i < 3; i++) {
            api.call("POST", "/service").token(token).form(form("name", "spend " + i)).send().ok();
        }
        api.call("POST", "/service").token(token).form(form("name", "spend 3")).send().status(429);

        var read = api.call("GET", "/service?per_page=100").token(token).send();

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        api.call("GET", "/service/search?name=spend+3").token(token).send().status(404);
    }

    @Test
    void keepsBudgetsPerToken() {
        var spent = api.token("global");
        var fresh = api.token("global");
        for (int i = 0; i < 4; i++) {
            api.call("POST", "/service").token(spent).form(form("name", "per token " + i)).send();
        }

        var reply = api.call("POST", "/service").token(fresh).form(form("name", "fresh")).send().ok();

        assertThat(reply.header(REMAINING)).isEqualTo("2");
    }

    /** A service made with a token of its own, so the fixture spends no test token's budget. */
    private static String freshService(String name) {
        return api.call("POST", "/service").token(api.token("global")).form(form("name", name)).send().ok()
                .json().path("id").asText();
    }
}
