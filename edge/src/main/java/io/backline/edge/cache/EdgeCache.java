package io.backline.edge.cache;

import io.backline.edge.PurgeAuthorizer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the listeners of one edge share about caching: the store (absent when the cache size is 0:
 * the edge is a plain proxy) and who may send {@code PURGE} ({@link PurgeAuthorizer}, replaceable
 * at run time).
 */
public final class EdgeCache {
    private final @Nullable HttpCache store;
    private volatile PurgeAuthorizer authorizer;

    public EdgeCache(@Nullable HttpCache store, PurgeAuthorizer authorizer) {
        this.store = store;
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    }

    /** The store, or null when caching is off. */
    public @Nullable HttpCache store() {
        return store;
    }

    public PurgeAuthorizer authorizer() {
        return authorizer;
    }

    public void authorizer(PurgeAuthorizer value) {
        authorizer = Objects.requireNonNull(value, "authorizer");
    }
}
