package io.backline.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a database to the newest schema. Each migration is a numbered SQL resource applied in its
 * own transaction together with its row in {@code schema_migrations}, so a crash mid-way leaves
 * the schema at the previous step, never between two.
 *
 * <p>Each database has its own copy of every script, under the same name and number: SQLite's in
 * {@code migrations/}, PostgreSQL's in {@code migrations/postgresql/} (the same tables, with
 * {@code COLLATE "C"} on text so that names compare and sort as SQLite does). Both are changed
 * together. On PostgreSQL, where several API nodes may start at once, migrating holds an advisory
 * lock so that one node migrates and the others then find the work done.
 */
public final class Migrations {
    /** The migrations in order; append only, never edit a released one. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__objects_revision.sql", "V3__edges.sql");

    /** The advisory lock key of migrating ("backline" in ASCII, minus one); see pg_locks. */
    static final long POSTGRES_MIGRATION_LOCK = 0x6261636b6c696e65L - 1;

    /** Where each database's scripts are, beside this class. */
    enum Dialect {
        SQLITE("migrations/"),
        POSTGRESQL("migrations/postgresql/");

        private final String directory;

        Dialect(String directory) {
            this.directory = directory;
        }

        static Dialect of(Connection connection) throws SQLException {
            var product = connection.getMetaData().getDatabaseProductName();
            return switch (product) {
                case "SQLite" -> SQLITE;
                case "PostgreSQL" -> POSTGRESQL;
                default -> throw new StoreException("no migrations for " + product);
            };
        }
    }

    private Migrations() {}

    /** Applies every migration the database lacks; returns how many were applied. */
    public static int migrate(Connection connection) {
        try {
            var dialect = Dialect.of(connection);
            if (dialect != Dialect.POSTGRESQL) {
                return apply(connection, dialect);
            }
            // Session-level, so it spans the commit of every step; before the first statement,
            // because two concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
            advisoryLock(connection, "pg_advisory_lock");
            int applied;
            try {
                applied = apply(connection, dialect);
            } catch (SQLException | RuntimeException e) {
                try {
                    advisoryLock(connection, "pg_advisory_unlock");
                } catch (SQLException suppressed) {
                    // The connection is likely gone, and the lock with its session.
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            advisoryLock(connection, "pg_advisory_unlock");
            return applied;
        } catch (SQLException e) {
            throw new StoreException("migration failed", e);
        }
    }

    private static void advisoryLock(Connection connection, String function) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (var statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, POSTGRES_MIGRATION_LOCK);
            statement.execute();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int apply(Connection connection, Dialect dialect) throws SQLException {
        try {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, script VARCHAR(255) NOT NULL)");
            }
            connection.commit();
            int applied = 0;
            for (int i = 0; i < SCRIPTS.size(); i++) {
                int version = i + 1;
                if (isApplied(connection, version)) {
                    continue;
                }
                try (var statement = connection.createStatement()) {
                    for (var sql : statements(read(dialect, SCRIPTS.get(i)))) {
                        statement.execute(sql);
                    }
                }
                try (var insert = connection.prepareStatement("INSERT INTO schema_migrations (version, script) VALUES (?, ?)")) {
                    insert.setInt(1, version);
                    insert.setString(2, SCRIPTS.get(i));
                    insert.executeUpdate();
                }
                connection.commit();
                applied++;
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static boolean isApplied(Connection connection, int version) throws SQLException {
        try (var query = connection.prepareStatement("SELECT 1 FROM schema_migrations WHERE version = ?")) {
            query.setInt(1, version);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    static String read(Dialect dialect, String script) {
        try (InputStream in = Migrations.class.getResourceAsStream(dialect.directory + script)) {
            if (in == null) {
                throw new StoreException("missing migration " + dialect.directory + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + script, e);
        }
    }

    static List<String> statements(String script) {
        var result = new ArrayList<String>();
        var current = new StringBuilder();
        for (var line : script.split("\n")) {
            var trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                var sql = current.toString().strip();
                result.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            result.add(current.toString().strip());
        }
        return result;
    }
}
