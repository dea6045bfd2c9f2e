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
 * {@code backline token}). Reads take a connection from a small pool and see one snapshot each.
 */
public final class SqliteStore implements ConfigStore {
    private static final int READERS = 4;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> all = new ArrayList<>();

    private SqliteStore(Path file) throws SQLException {
        this.writer = open(file, SQLiteConfig.TransactionMode.IMMEDIATE);
        Migrations.migrate(writer);
        this.readers = new ArrayBlockingQueue<>(READERS);
        for (int i = 0; i < READERS; i++) {
            var reader = open(file, SQLiteConfig.TransactionMode.DEFERRED);
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

    private Connection open(Path file, SQLiteConfig.TransactionMode mode) throws SQLException {
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(mode);
        config.enforceForeignKeys(true);
        var connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        connection.setAutoCommit(false);
        all.add(connection);
        return connection;
    }

    @Override
    public <T> T write(Function<StoreTx, T> work) {
        writeLock.lock();
        try {
            return inTransaction(writer, work);
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
            return inTransaction(connection, work);
        } finally {
            readers.add(connection);
        }
    }

    private static <T> T inTransaction(Connection connection, Function<StoreTx, T> work) {
        try {
            T result = work.apply(new JdbcTx(connection));
            connection.commit();
            return result;
        } catch (RuntimeException e) {
            rollback(connection, e);
            throw e;
        } catch (SQLException e) {
            rollback(connection, e);
            throw new StoreException("commit failed", e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
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
