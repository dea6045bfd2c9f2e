package io.backline.edge;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a {@code PURGE} request sent to the edge may purge: the key is the request's
 * {@code Fastly-Key} (null when absent). {@code backline serve} asks its token store and an edge node
 * asks the control plane; both answer off the event loop, so the answer is a stage the edge
 * continues from on the client's loop. Set with {@link EdgeServer#purgeAuthorizer}; until then the
 * edge follows {@link EdgeConfig#allowUnauthenticatedPurge()}.
 */
@FunctionalInterface
public interface PurgeAuthorizer {
    /** Refuses every purge sent to the edge. */
    PurgeAuthorizer CLOSED = (key, serviceId) -> CompletableFuture.completedFuture(false);
    /** Obeys every purge sent to the edge (Fastly's default). */
    PurgeAuthorizer OPEN = (key, serviceId) -> CompletableFuture.completedFuture(true);

    CompletionStage<Boolean> mayPurge(@Nullable String fastlyKey, String serviceId);
}
