package io.backline.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Rendered JSON of per-version objects, keyed by the version's objects revision: every object
 * write bumps that revision in the same transaction, so an entry can never be stale, on this
 * node or any other. Bounded by bytes; when full it starts over (entries are cheap to rebuild).
 */
final class RenderedCache {
    /** A list (name null) or one object of one kind in one version at one objects revision. */
    record Key(String serviceId, int version, String kind, @Nullable String name, long revision) {}

    private final long limitBytes;
    private final ConcurrentHashMap<Key, byte[]> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    RenderedCache(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    byte @Nullable [] get(Key key) {
        return entries.get(key);
    }

    void put(Key key, byte[] rendered) {
        if (rendered.length > limitBytes / 4) {
            return;
        }
        if (bytes.addAndGet(rendered.length) > limitBytes) {
            entries.clear();
            bytes.set(rendered.length);
        }
        entries.put(key, rendered);
    }
}
