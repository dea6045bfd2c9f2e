package io.backline.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the answers of {@link ObjectReads} in two layers, lists and single objects alike:
 *
 * <ul>
 *   <li>by the version's objects revision: every object write bumps it in the same transaction,
 *       so an entry can never be stale, on this node or any other. A hit costs one short read
 *       transaction (the revision) instead of reading and rendering the objects. Bounded by
 *       bytes; when full it starts over (entries are cheap to rebuild).
 *   <li>when this process is the store's only writer, by this process's write count: while no
 *       write has begun or finished since an answer was read, the answer is still current and
 *       the database is not asked at all.
 * </ul>
 *
 * Thread-safe: both maps are concurrent and entries are immutable; a lost race renders twice.
 */
final class CachedObjectReads implements ObjectReads {
    private static final long LIMIT_BYTES = 64L << 20;
    private static final int HOT_ENTRIES = 10_000;
    /** The revision in a hot key, which is checked by write count instead. */
    private static final long ANY_REVISION = -1;

    /** A list (name null) or one object of one kind in one version at one objects revision. */
    private record Key(String serviceId, int version, String kind, @Nullable String name, long revision) {
        static Key of(ObjectRead read, long revision) {
            return new Key(read.service().value(), read.version().value(), read.rules().schema().kind(), read.name(), revision);
        }
    }

    /** An answer and this process's write count when it was read. */
    private record Hot(long generation, Rendered rendered) {}

    private final ObjectReads delegate;
    private final @Nullable WriteCountingStore soleWriter;
    private final ConcurrentHashMap<Key, byte[]> byRevision = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final ConcurrentHashMap<Key, Hot> hot = new ConcurrentHashMap<>();

    /**
     * @param soleWriter the store when this process is its only writer: hot reads then skip the
     *     database while no write has happened since (null when several processes write)
     */
    CachedObjectReads(ObjectReads delegate, @Nullable WriteCountingStore soleWriter) {
        this.delegate = delegate;
        this.soleWriter = soleWriter;
    }

    @Override
    public long revision(ObjectRead read) {
        return delegate.revision(read);
    }

    @Override
    public Rendered render(ObjectRead read) {
        var hotKey = Key.of(read, ANY_REVISION);
        var fast = hot(hotKey);
        if (fast != null) {
            return fast;
        }
        long generation = soleWriter == null ? 0 : soleWriter.generation();
        long revision = delegate.revision(read);
        var cached = byRevision.get(Key.of(read, revision));
        Rendered rendered;
        if (cached != null) {
            rendered = new Rendered(revision, cached);
        } else {
            // Filed under the revision the delegate read it at, which a write may have moved
            // past the one just read: an entry always holds its own revision's answer.
            rendered = delegate.render(read);
            put(Key.of(read, rendered.revision()), rendered.json());
        }
        remember(hotKey, generation, rendered);
        return rendered;
    }

    private @Nullable Rendered hot(Key key) {
        if (soleWriter == null) {
            return null;
        }
        var entry = hot.get(key);
        return entry != null && entry.generation() == soleWriter.generation() ? entry.rendered() : null;
    }

    private void remember(Key key, long generation, Rendered rendered) {
        if (soleWriter != null) {
            if (hot.size() > HOT_ENTRIES) {
                hot.clear();
            }
            hot.put(key, new Hot(generation, rendered));
        }
    }

    private void put(Key key, byte[] json) {
        if (json.length > LIMIT_BYTES / 4) {
            return;
        }
        if (bytes.addAndGet(json.length) > LIMIT_BYTES) {
            byRevision.clear();
            bytes.set(json.length);
        }
        byRevision.put(key, json);
    }
}
