package io.backline.store;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database to the newest schema with Flyway: versioned scripts {@code V<n>__name.sql},
 * each applied in its own transaction together with its row in {@value #HISTORY_TABLE}, checked
 * against its checksum at every start (an edited released script stops the start instead of
 * leaving two databases that differ under one version number).
 *
 * <p>Each database has its own copy of every script, under the same name and number: SQLite's in
 * {@code migrations/sqlite/}, PostgreSQL's in {@code migrations/postgresql/} (the same tables,
 * with {@code COLLATE "C"} on text so that names compare and sort as SQLite does). Both are
 * changed together; {@code MigrationsTest} holds them in step.
 *
 * <p>Upgrade: releases before Flyway kept the versions they applied in {@value #LEGACY_TABLE}. A
 * database with that table and no Flyway history is baselined at the highest version it records,
 * so Flyway applies only the later scripts and the data stays. The old table is left as it was
 * (an older binary started by mistake still finds its own bookkeeping; nothing reads it again).
 *
 * <p>On PostgreSQL, where several API nodes may start at once, migrating holds a session-level
 * advisory lock ({@link #POSTGRES_MIGRATION_LOCK}) on a connection of its own around the
 * detection above and Flyway's run: one node migrates and the others, waiting their turn, find
 * the work done. Flyway's own lock alone would serialise the scripts, but not our look at
 * {@value #LEGACY_TABLE} before it, and two concurrent {@code CREATE TABLE}s of the history table
 * can still collide in the catalog.
 */
public final class Migrations {
    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

    /** Where Flyway records what it applied (its default name, so operators find it). */
    static final String HISTORY_TABLE = "flyway_schema_history";

    /** Where the hand-written runner of releases before Flyway recorded the versions it applied. */
    static final String LEGACY_TABLE = "schema_migrations";

    /** What Flyway's history says of the baseline row of a database taken over from that runner. */
    static final String BASELINE_DESCRIPTION = "applied before Flyway, as recorded in " + LEGACY_TABLE;

    /** The advisory lock key of migrating ("backline" in ASCII, minus one); see pg_locks. */
    static final long POSTGRES_MIGRATION_LOCK = 0x6261636b6c696e65L - 1;

    /** Where each database's scripts are, and how to ask it whether a table exists. */
    enum Dialect {
        SQLITE("sqlite", "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"),
        // to_regclass looks along the search path, so a currentSchema parameter is honoured.
        POSTGRESQL("postgresql", "SELECT COUNT(*) FROM (SELECT to_regclass(?) AS found) t WHERE found IS NOT NULL");

        private final String directory;
        private final String tableExists;

        Dialect(String directory, String tableExists) {
            this.directory = directory;
            this.tableExists = tableExists;
        }

        /** Flyway's location of this dialect's scripts. */
        String location() {
            return "classpath:io/backline/store/migrations/" + directory;
        }
    }

    private Migrations() {}

    /**
     * Applies every migration the database lacks (baselining a database of the hand-written runner
     * first); returns how many were applied.
     */
    static int migrate(DataSource dataSource, Dialect dialect) {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (dialect != Dialect.POSTGRESQL) {
                return flyway(dataSource, dialect, connection);
            }
            advisoryLock(connection, "pg_advisory_lock");
            int applied;
            try {
                applied = flyway(dataSource, dialect, connection);
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
        } catch (FlywayException e) {
            throw new StoreException("migration failed: " + e.getMessage(), e);
        }
    }

    private static int flyway(DataSource dataSource, Dialect dialect, Connection connection) throws SQLException {
        var configuration = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(dialect.location())
                .table(HISTORY_TABLE)
                // A script named against the rule would otherwise be skipped without a word.
                .validateMigrationNaming(true)
                .failOnMissingLocations(true);
        var legacy = legacyVersion(connection, dialect);
        if (legacy.isPresent()) {
            if (legacy.getAsInt() == 0) {
                // Created, then a crash before its first script committed: nothing was applied.
                try (var statement = connection.createStatement()) {
                    statement.execute("DROP TABLE " + LEGACY_TABLE);
                }
            } else {
                configuration.baselineOnMigrate(true)
                        .baselineVersion(Integer.toString(legacy.getAsInt()))
                        .baselineDescription(BASELINE_DESCRIPTION);
            }
        }
        var result = configuration.load().migrate();
        if (legacy.isPresent() && legacy.getAsInt() > 0) {
            LOG.log(Level.INFO, "took over the schema at version " + legacy.getAsInt() + " from " + LEGACY_TABLE + " (Flyway's baseline)");
        }
        if (result.migrationsExecuted > 0) {
            LOG.log(Level.INFO, "applied " + result.migrationsExecuted + " migration(s); the schema is at version " + result.targetSchemaVersion);
        }
        return result.migrationsExecuted;
    }

    /**
     * The highest version the hand-written runner recorded (0 for its table with no rows), or
     * empty when Flyway already keeps this database or the runner never did.
     */
    static OptionalInt legacyVersion(Connection connection, Dialect dialect) throws SQLException {
        if (tableExists(connection, dialect, HISTORY_TABLE) || !tableExists(connection, dialect, LEGACY_TABLE)) {
            return OptionalInt.empty();
        }
        try (var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + LEGACY_TABLE)) {
            rows.next();
            return OptionalInt.of(rows.getInt(1));
        }
    }

    private static boolean tableExists(Connection connection, Dialect dialect, String table) throws SQLException {
        try (var query = connection.prepareStatement(dialect.tableExists)) {
            query.setString(1, table);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        }
    }

    private static void advisoryLock(Connection connection, String function) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, POSTGRES_MIGRATION_LOCK);
            statement.execute();
        }
    }
}
