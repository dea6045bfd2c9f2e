package io.backline.app;

import io.backline.api.TokenService;
import io.backline.edge.PurgeAuthorizer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * {@code backline serve}'s answer to who may send {@code PURGE} to its edge: a live token in
 * {@code Fastly-Key} with scope {@code purge_select} or {@code global} that sees the service. The
 * token check may read the store, so it runs on a virtual thread and the edge's event loop only
 * continues from the answer.
 */
final class TokenPurgeAuthorizer implements PurgeAuthorizer, AutoCloseable {
    private final TokenService tokens;
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();

    TokenPurgeAuthorizer(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public CompletionStage<Boolean> mayPurge(@Nullable String fastlyKey, String serviceId) {
        if (fastlyKey == null || fastlyKey.isBlank()) {
            return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.supplyAsync(() -> tokens.maySelectPurge(fastlyKey.strip(), serviceId), checks);
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
