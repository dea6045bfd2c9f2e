package io.backline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the SQLite store promises, beside the contract: the file is in WAL mode, every
 * connection commits with {@code synchronous=FULL}, and another process (such as
 * {@code backline token}) can write to the file while a server has it open.
 */
class SqliteStoreTest {
    private static final int FULL = 2;

    @TempDir(factory = MemoryBackedTempDirFactory.class)
    Path directory;

    private Path file() {
        return directory.resolve("backline.db");
    }

    /** A connection as another process would open one, waiting at most {@code busyMillis} for a lock. */
    private Connection anotherProcess(int busyMillis) throws SQLException {
        var connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        try (var statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + busyMillis);
        }
        return connection;
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery("PRAGMA " + name)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    @Test
    void theDatabaseFileIsInWalMode() throws SQLException {
        try (var store = SqliteStore.open(file()); var connection = anotherProcess(1_000)) {
            assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
        }
    }

    /**
     * {@code synchronous} belongs to a connection, not to the file, so another connection cannot
     * see it: this borrows every connection of the store's pools at once and reads it on each.
     * This sqlite-jdbc build's own default is FULL too, so the test guards against a store that
     * lowers it; what sets it is {@code SQLiteConfig.setSynchronous(FULL)} in {@code SqliteStore}.
     */
    @Test
    void everyConnectionOfTheStoreSyncsFully() throws Exception {
        try (var store = SqliteStore.open(file())) {
            var connections = new ArrayList<Connection>();
            try {
                for (var pool : store.pools()) {
                    for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                        connections.add(pool.getConnection());
                    }
                }

                assertThat(connections).as("the writer and the readers").hasSize(5);
                for (var connection : connections) {
                    assertThat(Integer.parseInt(pragma(connection, "synchronous"))).isEqualTo(FULL);
                    assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
                    assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
                    assertThat(Integer.parseInt(pragma(connection, "busy_timeout"))).isPositive();
                }
            } finally {
                for (var connection : connections) {
                    connection.close();
                }
            }
        }
    }

    @Test
    void anotherProcessCanWriteWhileTheStoreIsIdle() throws SQLException {
        try (var store = SqliteStore.open(file())) {
            store.write(tx -> tx.nextCounter("server"));

            try (var other = anotherProcess(1_000); var statement = other.createStatement()) {
                statement.executeUpdate("INSERT INTO counters (name, value) VALUES ('other-process', 1)");
            }

            assertThat(store.write((StoreTx tx) -> tx.nextCounter("other-process"))).isEqualTo(2);
        }
    }

    @Test
    void aSecondStoreOnTheSameFileFindsItMigrated() {
        try (var first = SqliteStore.open(file())) {
            first.write(tx -> tx.nextCounter("a"));
        }
        try (var second = SqliteStore.open(file())) {
            assertThat(second.write((StoreTx tx) -> tx.nextCounter("a"))).isEqualTo(2);
        }
    }

    @Test
    void openingCreatesMissingParentDirectories() {
        var nested = directory.resolve("a").resolve("b").resolve("backline.db");
        try (var store = SqliteStore.open(nested)) {
            assertThat(store.read(StoreTx::revision)).isZero();
        }
        assertThat(nested).exists();
    }
}
