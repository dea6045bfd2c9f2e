package io.backline.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a commit is on
 * disk before the call that made it is answered.
 *
 * <p>Concurrency: SQLite allows one writer at a time, so writes share one connection behind a
 * lock and begin {@code IMMEDIATE} (no lock upgrade, no deadlock with another process such as
 * {@code backline token}). Reads take a read-only connection from a small pool and see one
 * snapshot each. Transactions are begun and ended explicitly, so no lock outlives its call.
 */
public final class SqliteStore implements ConfigStore {
    private static final int READERS = 4;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> all = new ArrayList<>();
    private final java.util.Map<Connection, StatementCache> caches = new java.util.IdentityHashMap<>();

    private SqliteStore(Path file) throws SQLException {
        this.writer = connect(file);
        Migrations.migrate(writer);
        writer.setAutoCommit(true);
        this.readers = new ArrayBlockingQueue<>(READERS);
        for (int i = 0; i < READERS; i++) {
            var reader = connect(file);
            reader.setAutoCommit(true);
            try (var statement = reader.createStatement()) {
                // A read transaction that tries to write fails at once instead of taking the write lock.
                statement.execute("PRAGMA query_only = 1");
            }
            readers.add(reader);
        }
    }

    /** Opens (creating when needed) the database file and runs pending migrations. */
    public static SqliteStore open(Path file) {
        try {
            var parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new SqliteStore(file);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open SQLite database " + file, e);
        }
    }

    private Connection connect(Path file) throws SQLException {
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        var connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        all.add(connection);
        caches.put(connection, new StatementCache(connection));
        return connection;
    }

    @Override
    public <T> T write(Function<StoreTx, T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            // The inner commit would also commit the outer work: one call, one transaction.
            throw new IllegalStateException("nested write transaction");
        }
        writeLock.lock();
        try {
            // BEGIN IMMEDIATE takes the write lock up front (no upgrade deadlock with another
            // process such as `backline token`), and only for the length of this call: the
            // driver's own commit() would begin the next transaction at once and hold the lock.
            return inTransaction(caches.get(writer), "BEGIN IMMEDIATE", work);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> T read(Function<StoreTx, T> work) {
        Connection connection;
        try {
            connection = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection");
        }
        try {
            return inTransaction(caches.get(connection), "BEGIN", work);
        } finally {
            readers.add(connection);
        }
    }

    private static <T> T inTransaction(StatementCache statements, String begin, Function<StoreTx, T> work) {
        var connection = statements.connection();
        try {
            statements.prepare(begin).execute();
        } catch (SQLException e) {
            throw new StoreException("cannot begin a transaction", e);
        }
        T result;
        try {
            result = work.apply(new JdbcTx(statements));
        } catch (Throwable e) {
            rollback(connection, e);
            throw e;
        }
        try {
            statements.prepare("COMMIT").execute();
            return result;
        } catch (SQLException e) {
            rollback(connection, e);
            throw new StoreException("commit failed", e);
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try (var statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    @Override
    public void close() {
        for (var connection : all) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing at shutdown: the WAL is already durable, nothing to recover here.
            }
        }
    }
}
