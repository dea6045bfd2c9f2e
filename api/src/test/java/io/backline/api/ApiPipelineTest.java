package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.store.SqliteStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on its own, with a real store and token service but routes of the test's own: what
 * no route of the product can be made to do on purpose (a handler that throws), and what is
 * hidden from HTTP (the budget of a token that may not write).
 */
class ApiPipelineTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:15:00Z");

    @TempDir
    Path directory;

    private SqliteStore store;
    private TokenService tokens;
    /** Moved by the tests, for the hours of the write budget. */
    private final MovableClock clock = MovableClock.at(NOW);


    @BeforeEach
    void openStore() {
        store = SqliteStore.open(directory.resolve("db"));
        tokens = new TokenService(store, clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static ApiPipeline.Request post(String path, @Nullable String token) {
        var headers = new java.util.HashMap<String, String>();
        headers.put("content-type", "application/x-www-form-urlencoded");
        if (token != null) {
            headers.put("fastly-key", token);
        }
        var body = "name=x".getBytes(StandardCharsets.UTF_8);
        return new ApiPipeline.Request("POST", path, null, headers, body.length, new ByteArrayInputStream(body));
    }

    private ApiPipeline pipeline(Router router, RateLimiter limiter) {
        return new ApiPipeline(router, tokens, limiter, ApiConfig.DEFAULT_MAX_BODY,
                new ApiMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    @Test
    void everyAnswerCarriesARequestIdAndA5xxIsLoggedWithItAndItsCause() {
        var failure = new IllegalStateException("the handler broke");
        var router = new Router()
                .add("POST", "boom", call -> {
                    throw failure;
                })
                .add("POST", "fine", call -> ApiResponse.ok(io.backline.wire.Json.object()));
        var pipeline = pipeline(router, new RateLimiter(0, clock));
        var admin = tokens.create("admin", "global", List.of()).secret();
        var logged = new CopyOnWriteArrayList<LogRecord>();
        var capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        var errors = Logger.getLogger("io.backline.api.errors");
        errors.addHandler(capture);
        // The console need not show the failure this test makes on purpose.
        errors.setUseParentHandlers(false);
        try {
            var fine = pipeline.handle(post("/fine", admin));
            var unauthorised = pipeline.handle(post("/fine", null));
            var broken = pipeline.handle(post("/boom", admin));

            assertThat(List.of(fine.status(), unauthorised.status(), broken.status())).containsExactly(200, 401, 500);
            var ids = new ArrayList<String>();
            for (var response : List.of(fine, unauthorised, broken)) {
                assertThat(response.headers()).containsKey(ApiPipeline.REQUEST_ID_HEADER);
                ids.add(response.headers().get(ApiPipeline.REQUEST_ID_HEADER));
            }
            assertThat(ids).doesNotHaveDuplicates();
            var brokenId = broken.headers().get(ApiPipeline.REQUEST_ID_HEADER);
            assertThat(new String(broken.body(), StandardCharsets.UTF_8)).contains("request " + brokenId + " failed");
            assertThat(logged).as("one log record: the 5xx only").singleElement().satisfies(record -> {
                assertThat(record.getMessage()).contains(brokenId, "POST /boom", "500").doesNotContain(admin);
                assertThat(record.getThrown()).isSameAs(failure);
            });
        } finally {
            errors.removeHandler(capture);
            errors.setUseParentHandlers(true);
        }
    }

    @Test
    void anUnavailableDatabaseIsA503ToRetryAndABrokenCommitSaysTheOutcomeIsUnknown() {
        var router = new Router()
                .add("POST", "down", call -> {
                    throw new io.backline.store.StoreException(io.backline.store.StoreException.Reason.UNAVAILABLE, "no connection");
                })
                .add("POST", "commit", call -> {
                    throw new io.backline.store.StoreException(io.backline.store.StoreException.Reason.OUTCOME_UNKNOWN, "commit broke");
                })
                .add("POST", "bug", call -> {
                    throw new io.backline.store.StoreException("corrupt row");
                });
        var pipeline = pipeline(router, new RateLimiter(0, clock));
        var admin = tokens.create("admin", "global", List.of()).secret();
        var errors = Logger.getLogger("io.backline.api.errors");
        errors.setUseParentHandlers(false); // the failures here are made on purpose
        try {
            var down = pipeline.handle(post("/down", admin));
            var commit = pipeline.handle(post("/commit", admin));
            var bug = pipeline.handle(post("/bug", admin));

            assertThat(List.of(down.status(), commit.status(), bug.status())).containsExactly(503, 503, 500);
            assertThat(down.headers()).containsEntry("Retry-After", "1");
            assertThat(new String(down.body(), StandardCharsets.UTF_8)).contains("Service unavailable", "nothing was written");
            assertThat(new String(commit.body(), StandardCharsets.UTF_8)).contains("may or may not have happened");
            assertThat(bug.headers()).doesNotContainKey("Retry-After");
        } finally {
            errors.setUseParentHandlers(true);
        }
    }

    @Test
    void aReadOnlyTokensRefusedWritesLeaveItsBudgetUnchanged() {
        var limiter = new RateLimiter(3, clock);
        var pipeline = pipeline(new Router().add("POST", "service", call -> ApiResponse.ok(io.backline.wire.Json.object())), limiter);
        var reader = tokens.create("reader", "global:read", List.of());

        for (int i = 0; i < 5; i++) {
            var refused = pipeline.handle(post("/service", reader.secret()));
            assertThat(refused.status()).as("refusal %d: read-only, never rate-limited", i).isEqualTo(403);
            assertThat(refused.headers()).doesNotContainKey("fastly-ratelimit-remaining");
        }

        assertThat(limiter.charge(reader.token().id()).remaining()).as("the first charge of the hour").isEqualTo(2);
    }

    @Test
    void theSharedBudgetDeletesTheRowsOfHoursThatAreOver() throws SQLException {
        var limiter = new RateLimiter(3, clock, store);
        limiter.charge("tok1");
        limiter.charge("tok1");
        limiter.charge("tok2");
        assertThat(windows()).containsExactlyInAnyOrder(Map.entry("tok1", 2L), Map.entry("tok2", 1L));

        clock.advanceSeconds(3600);
        var charge = limiter.charge("tok1");

        assertThat(charge.remaining()).as("a new hour, a new budget").isEqualTo(2);
        assertThat(windows()).as("only the current hour's rows").containsExactly(Map.entry("tok1", 1L));
        assertThat(limiter.charge("tok2").remaining()).isEqualTo(2);
    }

    /** The rows of the shared budget, read below the store port. */
    private List<Map.Entry<String, Long>> windows() throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("db"));
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT token_id, used FROM rate_windows ORDER BY token_id")) {
            var result = new ArrayList<Map.Entry<String, Long>>();
            while (rows.next()) {
                result.add(Map.entry(rows.getString(1), rows.getLong(2)));
            }
            return result;
        }
    }
}
