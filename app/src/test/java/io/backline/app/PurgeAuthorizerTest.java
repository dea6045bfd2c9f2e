package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.api.TokenService;
import io.backline.edge.PurgeAuthorizer;
import io.backline.store.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may send {@code PURGE} to an edge: {@code backline serve} asks its token store, an edge node
 * asks the control plane ({@code GET /tokens/self}); both allow {@code purge_select} and
 * {@code global} tokens within their service restriction, and nothing else.
 */
class PurgeAuthorizerTest {
    private static final String SERVICE = "SvcA0000000000000000001";
    private static final String OTHER = "SvcB0000000000000000002";

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (var closeable : running.reversed()) {
            closeable.close();
        }
    }

    @Test
    void serveAsksItsTokenStore() throws Exception {
        var store = SqliteStore.open(dir.resolve("serve.db"));
        running.add(store);
        var tokens = new TokenService(store, Clock.systemUTC());
        var authorizer = new TokenPurgeAuthorizer(tokens);
        running.add(authorizer);

        assertDecisions(authorizer, tokens);
    }

    @Test
    void anEdgeNodeAsksTheControlPlane() throws Exception {
        var store = SqliteStore.open(dir.resolve("api.db"));
        var node = ApiNode.start(store, new HostPort("127.0.0.1", 0), 0);
        running.add(node);
        var tokens = new TokenService(store, Clock.systemUTC());
        URI plane = node.apiUri();
        var authorizer = new ControlPlanePurgeAuthorizer(() -> plane, HttpClient.newHttpClient());

        assertDecisions(authorizer, tokens);
    }

    @Test
    void anEdgeNodeWhoseControlPlaneIsDownRefuses() throws Exception {
        var authorizer = new ControlPlanePurgeAuthorizer(() -> URI.create("http://127.0.0.1:9"), HttpClient.newHttpClient());

        assertThat(decide(authorizer, "any-key", SERVICE)).isFalse();
    }

    private static void assertDecisions(PurgeAuthorizer authorizer, TokenService tokens) throws Exception {
        var select = tokens.create("select", "purge_select", List.of()).secret();
        var global = tokens.create("global", "global", List.of()).secret();
        var all = tokens.create("all", "purge_all", List.of()).secret();
        var reader = tokens.create("reader", "global:read", List.of()).secret();
        var restricted = tokens.create("restricted", "purge_select", List.of(OTHER)).secret();

        assertThat(decide(authorizer, select, SERVICE)).isTrue();
        assertThat(decide(authorizer, global, SERVICE)).isTrue();
        assertThat(decide(authorizer, all, SERVICE)).as("purge_all purges whole services, not URLs").isFalse();
        assertThat(decide(authorizer, reader, SERVICE)).isFalse();
        assertThat(decide(authorizer, restricted, SERVICE)).isFalse();
        assertThat(decide(authorizer, restricted, OTHER)).isTrue();
        assertThat(decide(authorizer, "not-a-token", SERVICE)).isFalse();
        assertThat(decide(authorizer, null, SERVICE)).isFalse();
    }

    private static boolean decide(PurgeAuthorizer authorizer, @org.jspecify.annotations.Nullable String key, String serviceId)
            throws Exception {
        return authorizer.mayPurge(key, serviceId).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
