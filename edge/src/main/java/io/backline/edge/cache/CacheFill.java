package io.backline.edge.cache;

import io.backline.edge.CacheSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One fetch from the origin that fills the cache, and the requests waiting for it (request
 * collapsing). The exchange that leads it copies each body part in as it streams to its own client
 * ({@link #append}), so nobody waits for the whole body but the waiters, who are then served from
 * the stored object. An uncacheable or failed fetch {@link #release releases} them: each goes to
 * the origin on its own. Every waiter is told on its own event loop.
 *
 * <p>Threading: {@link #begin}, {@link #append}, {@link #complete} and {@link #release} are called by
 * the leader only, on its loop; {@link #join} and {@link #leave} from any loop, under this
 * object's lock, which also guards the waiters and {@link #ended}.
 */
public final class CacheFill {
    /** A request waiting for the fetch. */
    public interface Waiter {
        /** The waiter's event loop: where it is told. */
        Executor loop();

        /** Runs on {@link #loop()}: the object fetched, or null when the fetch stored nothing (go to the origin alone). */
        void filled(@Nullable CachedObject object);
    }

    private final HttpCache cache;
    final CacheKey key;
    private final long generation;
    private final CacheSettings settings;
    private final List<Waiter> waiters = new ArrayList<>(0);
    private boolean ended; // guarded by this

    private @Nullable ByteBuf body;
    private int status;
    private @Nullable HttpHeaders headers;
    private CachePolicy.@Nullable Store decision;
    private long fetchedAt;
    private CacheKey storeKey;
    private List<String> varyNames = List.of();

    CacheFill(HttpCache cache, CacheKey key, long generation, CacheSettings settings) {
        this.cache = cache;
        this.key = key;
        this.storeKey = key;
        this.generation = generation;
        this.settings = settings;
    }

    synchronized boolean join(Waiter waiter) {
        if (ended || waiters.size() >= HttpCache.MAX_WAITERS) {
            return false;
        }
        waiters.add(waiter);
        return true;
    }

    /** A waiter that stopped waiting (it timed out or its client left). */
    public synchronized void leave(Waiter waiter) {
        waiters.remove(waiter);
    }

    /**
     * The response head arrived and is to be stored: starts collecting its body. False (and the
     * fill released) when it is declared larger than an object may be.
     *
     * @param stored the headers to store, as the client gets them before the edge's own; owned by the fill from now
     * @param contentLength the declared length, or -1
     * @param requestHeaders the leader's request (its values of the Vary headers choose the variant)
     */
    public boolean begin(int responseStatus, HttpHeaders stored, CachePolicy.Store store, long contentLength, HttpHeaders requestHeaders) {
        if (contentLength > cache.maxObjectBytes()) {
            release();
            return false;
        }
        status = responseStatus;
        headers = stored;
        decision = store;
        fetchedAt = cache.now();
        varyNames = HttpCache.varyNames(stored);
        storeKey = cache.storeKey(key, varyNames, requestHeaders);
        int initial = contentLength >= 0 ? (int) contentLength : 8 * 1024;
        body = contentLength == 0 ? Unpooled.EMPTY_BUFFER : PooledByteBufAllocator.DEFAULT.directBuffer(initial, cache.maxObjectBytes());
        return true;
    }

    /** Whether the body is being collected (begun, not released). */
    public boolean collecting() {
        return body != null;
    }

    /** Copies a body part in (the part itself goes on to the client untouched). A body past the bound releases the fill. */
    public void append(ByteBuf part) {
        var buffer = body;
        if (buffer == null) {
            return;
        }
        int length = part.readableBytes();
        if (length == 0) {
            return;
        }
        if ((long) buffer.readableBytes() + length > cache.maxObjectBytes()) {
            release();
            return;
        }
        buffer.writeBytes(part, part.readerIndex(), length);
    }

    /** The body ended: stores the object and serves the waiters from it. Null when nothing was collected. */
    public @Nullable CachedObject complete() {
        var buffer = body;
        var stored = headers;
        var store = decision;
        if (buffer == null || stored == null || store == null) {
            release();
            return null;
        }
        body = null;
        var object = new CachedObject(storeKey, status, stored, trimmed(buffer), fetchedAt, store, settings.staleIfErrorSeconds(),
                varyNames, new AtomicInteger());
        cache.store(object, generation);
        finish(object);
        return object;
    }

    /** A 304 refreshed the stale object: store it refreshed and serve the waiters. Null when the stale object is gone. */
    public @Nullable CachedObject refreshed(CachedObject stale, HttpHeaders merged, CachePolicy.Store store) {
        var object = cache.refresh(stale, merged, store, settings.staleIfErrorSeconds(), generation);
        if (object == null) {
            release();
            return null;
        }
        finish(object);
        return object;
    }

    /**
     * The response is passed (not stored) for a reason that marks the key hit-for-pass: the requests
     * after it go to the origin without waiting for a fetch. The waiters go now, each on its own.
     */
    public void pass(String reason) {
        cache.markPass(key, reason, generation);
        release();
    }

    /** Nothing is stored: every waiter goes to the origin on its own. Safe to call more than once. */
    public void release() {
        var buffer = body;
        body = null;
        if (buffer != null) {
            buffer.release();
        }
        finish(null);
    }

    private void finish(@Nullable CachedObject object) {
        List<Waiter> told;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            told = List.copyOf(waiters);
            waiters.clear();
        }
        cache.fillEnded(this);
        for (var waiter : told) {
            waiter.loop().execute(() -> waiter.filled(object));
        }
    }

    /** A buffer much larger than its bytes is copied once into one of the right size, so the cache's bound counts what is used. */
    private static ByteBuf trimmed(ByteBuf buffer) {
        int length = buffer.readableBytes();
        if (length == 0) {
            buffer.release();
            return Unpooled.EMPTY_BUFFER;
        }
        if (buffer.capacity() - length <= length / 4) {
            return buffer;
        }
        var exact = PooledByteBufAllocator.DEFAULT.directBuffer(length, length);
        exact.writeBytes(buffer, buffer.readerIndex(), length);
        buffer.release();
        return exact;
    }
}
