package io.backline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bounded set of connections, each with its prepared statements, opened when first needed and
 * reused most-recently-released first so that a quiet store keeps few of them busy. A connection
 * that failed is closed instead of returned and a new one is opened in its place later, so a
 * restarted database server costs the calls in flight, not the store.
 *
 * <p>Small on purpose: the store holds a connection for exactly one transaction and never hands it
 * out, so it needs no leak detection, validation queries or idle eviction.
 */
final class ConnectionPool implements AutoCloseable {

    /** Opens one new connection, ready for use. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final String name;
    private final Opener opener;
    private final Semaphore permits;
    private final Duration maxWait;
    private final Deque<StatementCache> idle = new ConcurrentLinkedDeque<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ConnectionPool(String name, int size, Duration maxWait, Opener opener) {
        this.name = name;
        this.opener = opener;
        // Fair, so that under load a caller waits its turn instead of losing to later ones.
        this.permits = new Semaphore(size, true);
        this.maxWait = maxWait;
    }

    /** A connection for one transaction; give it back with {@link #release}. */
    StatementCache acquire() {
        try {
            if (!permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreException("no free " + name + " connection after " + maxWait.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a " + name + " connection");
        }
        try {
            if (closed) {
                throw new StoreException("the store is closed");
            }
            var reused = idle.pollFirst();
            if (reused != null) {
                return reused;
            }
            var connection = opener.open();
            open.add(connection);
            return new StatementCache(connection);
        } catch (SQLException e) {
            permits.release();
            throw new StoreException("cannot open a " + name + " connection", e);
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Takes a connection back; a broken or closed one is closed for good, never reused. */
    void release(StatementCache statements) {
        if (!closed && !statements.broken() && isOpen(statements.connection())) {
            idle.addFirst(statements);
            if (closed) {
                // close() ran between the check and the add and may have missed this one.
                closeIdle();
            }
        } else {
            discard(statements.connection());
        }
        permits.release();
    }

    private static boolean isOpen(Connection connection) {
        try {
            return !connection.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    /** How many connections are open, idle or in use. */
    int openConnections() {
        return open.size();
    }

    private void discard(Connection connection) {
        open.remove(connection);
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Already broken: that is why it is discarded. The server ends its session either way.
        }
    }

    private void closeIdle() {
        StatementCache statements;
        while ((statements = idle.pollFirst()) != null) {
            discard(statements.connection());
        }
    }

    /** Closes the idle connections now and those in use when they come back. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }
}
