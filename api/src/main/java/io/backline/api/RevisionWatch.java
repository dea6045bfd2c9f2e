package io.backline.api;

import io.backline.store.ConfigStore;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Tells edge-feed calls waiting on this node that the active configuration changed or a purge was
 * logged: at once for an activation or purge made here, and within one poll of the store's revision
 * and last purge sequence for one made on another API node sharing the database. A sole writer
 * (backline serve) has no other node to hear from and does not poll.
 */
final class RevisionWatch implements AutoCloseable {
    static final long POLL_MILLIS = 100;
    private static final System.Logger LOG = System.getLogger(RevisionWatch.class.getName());

    private final ConfigStore store;
    private final @Nullable ScheduledExecutorService poller;
    private volatile long revision;
    private volatile long purged;
    private volatile CompletableFuture<Long> next = new CompletableFuture<>();

    RevisionWatch(ConfigStore store, boolean soleWriter) {
        this.store = store;
        this.revision = store.read(tx -> tx.revision());
        this.purged = store.read(tx -> tx.lastPurge());
        if (soleWriter) {
            this.poller = null;
            return;
        }
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "backline-revision-watch");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    long revision() {
        return revision;
    }

    /** The last purge sequence seen. */
    long purged() {
        return purged;
    }

    /** An activation or a purge committed on this node. */
    void changed() {
        poll();
    }

    /**
     * Releases the calls waiting now without a new revision: something else they answer with
     * changed (the POPs, {@link PopDirectory}); each looks again and waits on if nothing it
     * reports differs.
     */
    synchronized void wake() {
        var done = next;
        next = new CompletableFuture<>();
        done.complete(revision);
    }

    /**
     * Waits until the revision differs from {@code seen}, or the last purge from {@code seenPurge}, or
     * the time is up; returns the revision then.
     */
    long await(long seen, long seenPurge, long timeoutMillis) {
        var waiting = next;
        if (revision != seen || purged != seenPurge || timeoutMillis <= 0) {
            return revision;
        }
        try {
            return waiting.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return revision;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return revision;
        } catch (ExecutionException e) {
            return revision;
        }
    }

    private synchronized void poll() {
        long current;
        long currentPurge;
        try {
            var both = store.read(tx -> new long[] {tx.revision(), tx.lastPurge()});
            current = both[0];
            currentPurge = both[1];
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "revision poll failed; trying again", e);
            return;
        }
        if (current != revision || currentPurge != purged) {
            revision = current;
            purged = currentPurge;
            var done = next;
            next = new CompletableFuture<>();
            done.complete(current);
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        next.complete(revision);
    }
}
