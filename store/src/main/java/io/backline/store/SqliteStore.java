package io.backline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a commit is on
 * disk before the call that made it is answered.
 *
 * <p>Connections: two fixed HikariCP pools over the same file. SQLite allows one writer at a
 * time, whatever the number of connections, so writes share a pool of exactly one connection,
 * entered behind a fair lock (one turn per call, in arrival order, with a deadline instead of an
 * endless wait), and begin {@code IMMEDIATE} (no lock upgrade, no deadlock with another process
 * such as {@code backline token}; the busy timeout covers that process's turn). In WAL mode readers
 * never wait for the writer, so reads get a pool of {@value #READERS} {@code query_only}
 * connections, each read one snapshot. A bigger write pool would only move the wait from the lock
 * into SQLite's busy handler, which polls instead of queueing. The pools never retire connections
 * (no server can drop them, and a new one re-reads the schema) and evict one that failed.
 */
public final class SqliteStore implements ConfigStore {
    private static final int READERS = 4;
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    /** A call waits this long for its turn to write, or for a read connection, before it fails. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final HikariDataSource writer;
    private final HikariDataSource readers;

    private SqliteStore(SQLiteDataSource file) {
        this.writer = pool(file, "backline-sqlite-writer", 1, null);
        try {
            // A read transaction that tries to write fails at once instead of taking the write lock.
            this.readers = pool(file, "backline-sqlite-reader", READERS, "PRAGMA query_only = 1");
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private static HikariDataSource pool(SQLiteDataSource file, String name, int size, @Nullable String initSql) {
        var config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(file);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(MAX_WAIT.toMillis());
        config.setMaxLifetime(0);
        config.setIdleTimeout(0);
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        return new HikariDataSource(config);
    }

    /** Opens (creating when needed) the database file and runs pending migrations. */
    public static SqliteStore open(Path file) {
        try {
            var parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            var dataSource = dataSource(file);
            Migrations.migrate(dataSource, Migrations.Dialect.SQLITE);
            return new SqliteStore(dataSource);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot open SQLite database " + file, e);
        }
    }

    /** New connections to the file, each with the settings above; the pools and migrations share it. */
    private static SQLiteDataSource dataSource(Path file) {
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        var dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return dataSource;
    }

    @Override
    public <T extends @Nullable Object> T write(Function<StoreTx, T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            // The inner commit would also commit the outer work: one call, one transaction.
            throw new IllegalStateException("nested write transaction");
        }
        try {
            if (!writeLock.tryLock(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "no turn to write after " + MAX_WAIT.toSeconds() + " s (other writes are queued)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to write");
        }
        try {
            // BEGIN IMMEDIATE takes the write lock up front, and only for the length of this call:
            // the driver's own commit() would begin the next transaction at once and hold the lock.
            return inTransaction(writer, "BEGIN IMMEDIATE", work);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T extends @Nullable Object> T read(Function<StoreTx, T> work) {
        return inTransaction(readers, "BEGIN", work);
    }

    private static <T extends @Nullable Object> T inTransaction(HikariDataSource pool, String begin, Function<StoreTx, T> work) {
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "no SQLite connection: " + e.getMessage(), e);
        }
        var transaction = new Transaction(connection);
        try {
            try {
                transaction.execute(begin);
            } catch (SQLException e) {
                transaction.markBroken();
                throw new StoreException("cannot begin a transaction", e);
            }
            return transaction.run(work);
        } catch (Transaction.Failed failed) {
            throw Transaction.unchecked(failed);
        } finally {
            if (transaction.broken()) {
                pool.evictConnection(connection);
            } else {
                close(connection);
            }
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Giving a pooled connection back: the pool already dropped it if it was broken.
        }
    }

    /** The pools, writer first, for tests that look at every connection. */
    List<HikariDataSource> pools() {
        return List.of(writer, readers);
    }

    @Override
    public void close() {
        readers.close();
        writer.close();
    }
}
