package io.backline.store;

import static io.backline.store.StoreFixtures.backend;
import static io.backline.store.StoreFixtures.draft;
import static io.backline.store.StoreFixtures.service;
import static io.backline.store.StoreFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.BackendSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migrations run at every start, apply each script once, and leave the data alone; a database the
 * hand-written runner of earlier releases brought to some version is taken over by Flyway at that
 * version and migrated onward with its rows intact.
 */
interface MigrationsContract extends StoreContractSupport {
    /** What a fresh database's Flyway history holds: version, script, success. */
    List<String> ALL_APPLIED = List.of("1 V1__init.sql true", "2 V2__objects_revision.sql true", "3 V3__edges.sql true",
            "4 V4__rate_windows.sql true", "5 V5__edge_staged.sql true", "6 V6__purges.sql true",
            "7 V7__edge_pops.sql true", "8 V8__tls.sql true");

    /** The tables of the newest schema, and Flyway's, so a test can empty the database. */
    List<String> TABLES = List.of("tls_activations", "tls_certificates", "tls_private_keys", "tls_configurations",
            "edge_pops", "purges", "edge_purges", "edge_staged", "rate_windows",
            "edge_services", "objects", "versions", "services", "tokens", "counters",
            Migrations.HISTORY_TABLE, Migrations.LEGACY_TABLE);

    /** Which copy of the scripts the store's database runs. */
    Migrations.Dialect dialect();

    private List<String> history() throws SQLException {
        try (var connection = connectDirectly();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT version, script, success FROM " + Migrations.HISTORY_TABLE
                        + " ORDER BY installed_rank")) {
            var result = new ArrayList<String>();
            while (rows.next()) {
                result.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getBoolean(3));
            }
            return result;
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    default void aFreshDatabaseRecordsEveryMigrationInOrder() throws SQLException {
        assertThat(history()).containsExactlyElementsOf(ALL_APPLIED);
    }

    @Test
    default void reopeningTheSameDatabaseKeepsEveryRowAndAppliesNothingTwice() throws SQLException {
        var shop = service("A", "shop");
        writeAll(tx -> {
            tx.insertService(shop);
            tx.insertVersion(draft(SHOP, 1));
            tx.insertObject(backend(SHOP, 1, "origin"));
            tx.insertToken(token("tok1", "h1"));
            tx.nextCounter("unnamed_service");
            tx.bumpRevision();
        });

        restartStore();
        restartStore();

        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).contains(shop);
        assertThat(store().read((StoreTx tx) -> tx.versions(SHOP))).containsExactly(draft(SHOP, 1));
        assertThat(store().read((StoreTx tx) -> tx.object(SHOP, 1, BackendSchema.SCHEMA, "origin")))
                .contains(backend(SHOP, 1, "origin"));
        assertThat(store().read((StoreTx tx) -> tx.tokenByHash("h1"))).contains(token("tok1", "h1"));
        assertThat(store().read(StoreTx::revision)).isEqualTo(1);
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("unnamed_service"))).isEqualTo(2);
        assertThat(history()).containsExactlyElementsOf(ALL_APPLIED);
    }

    @Test
    default void anEditedReleasedScriptStopsTheStartInsteadOfMigratingADifferentSchema() {
        restartStore(() -> {
            try (var connection = connectDirectly(); var statement = connection.createStatement()) {
                // As if V2 had been edited after this database applied it: its checksum no longer matches.
                statement.executeUpdate("UPDATE " + Migrations.HISTORY_TABLE + " SET checksum = checksum + 1 WHERE version = '2'");
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(this::anotherStore)
                    .isInstanceOf(StoreException.class)
                    .hasStackTraceContaining("checksum");
            try (var connection = connectDirectly(); var statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE " + Migrations.HISTORY_TABLE + " SET checksum = checksum - 1 WHERE version = '2'");
            }
        });

        assertThat(store().read(StoreTx::countServices)).isZero();
    }

    /**
     * The upgrade from a release before Flyway, for real: an empty database gets the scripts up to
     * {@code reached} as the old runner ran them (split on {@code ;}, its {@code schema_migrations}
     * rows beside them) and data written by plain SQL; the new store must keep every row, record
     * the old versions as Flyway's baseline and apply only the scripts after them.
     */
    @ParameterizedTest(name = "the old runner had reached V{0}")
    @ValueSource(ints = {2, 3})
    default void aDatabaseOfTheHandWrittenRunnerIsBaselinedAtItsVersionAndMigratedOnwardWithItsData(int reached)
            throws SQLException {
        restartStore(() -> {
            try (var connection = connectDirectly()) {
                givenTheHandWrittenRunnerAppliedUpTo(connection, reached);
                try (var statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO services (id, seq, name, comment, type, customer_id, created_at, updated_at)"
                            + " VALUES ('svcA', 1, 'shop', '', 'vcl', 'customer1', 1714557600, 1714557600)");
                    statement.executeUpdate("INSERT INTO versions (service_id, number, comment, active, locked, staging, created_at,"
                            + " updated_at) VALUES ('svcA', 1, '', 0, 0, 0, 1714557600, 1714557600)");
                    statement.executeUpdate("INSERT INTO tokens (id, name, hash, scope, services, created_at)"
                            + " VALUES ('tok1', 'token tok1', 'h1', 'global', '', 1714557600)");
                    statement.executeUpdate("INSERT INTO counters (name, value) VALUES ('unnamed_service', 7)");
                    // The write budget's rows before V4: V4 moves the budget to its own table and drops these.
                    statement.executeUpdate("INSERT INTO counters (name, value) VALUES ('ratelimit:tok1:1714554000', 3)");
                }
            }
        });

        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).contains(service("A", "shop"));
        assertThat(store().read((StoreTx tx) -> tx.versions(SHOP))).containsExactly(draft(SHOP, 1));
        assertThat(store().read((StoreTx tx) -> tx.tokenByHash("h1"))).contains(token("tok1", "h1"));
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("unnamed_service"))).isEqualTo(8);
        assertThat(store().write((StoreTx tx) -> tx.chargeWindow("tok1", 1714554000L))).as("V4's table").isEqualTo(1);
        writeAll(tx -> tx.recordEdge("edge-a", java.util.Map.of("svcA", 1), StoreFixtures.T0));
        assertThat(store().read((StoreTx tx) -> tx.edges(SHOP))).hasSize(1);

        var expected = new ArrayList<String>();
        expected.add(reached + " " + Migrations.BASELINE_DESCRIPTION + " true");
        expected.addAll(ALL_APPLIED.subList(reached, ALL_APPLIED.size()));
        assertThat(history()).containsExactlyElementsOf(expected);
        try (var connection = connectDirectly()) {
            assertThat(count(connection, "SELECT COUNT(*) FROM counters WHERE name LIKE 'ratelimit:%'")).isZero();
            assertThat(count(connection, "SELECT MAX(version) FROM " + Migrations.LEGACY_TABLE)).as("left as it was")
                    .isEqualTo(reached);
        }

        restartStore();
        assertThat(history()).as("after another start").containsExactlyElementsOf(expected);
        assertThat(store().read((StoreTx tx) -> tx.service(SHOP))).contains(service("A", "shop"));
    }

    @Test
    default void anEmptyTableOfTheHandWrittenRunnerMeansNothingWasAppliedAndAllIsMigrated() throws SQLException {
        restartStore(() -> {
            try (var connection = connectDirectly()) {
                givenTheHandWrittenRunnerAppliedUpTo(connection, 0);
            }
        });

        assertThat(history()).containsExactlyElementsOf(ALL_APPLIED);
        assertThat(store().write((StoreTx tx) -> tx.nextCounter("a"))).isEqualTo(1);
    }

    /** Empties the database, then does what the runner before Flyway did, up to version {@code reached}. */
    private void givenTheHandWrittenRunnerAppliedUpTo(Connection connection, int reached) throws SQLException {
        try (var statement = connection.createStatement()) {
            for (var table : TABLES) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, script VARCHAR(255) NOT NULL)");
            for (int version = 1; version <= reached; version++) {
                var script = MigrationsTest.SCRIPTS.get(version - 1);
                for (var sql : MigrationsTest.statements(MigrationsTest.read(dialect(), script))) {
                    statement.execute(sql);
                }
                statement.executeUpdate("INSERT INTO schema_migrations (version, script) VALUES (" + version + ", '" + script + "')");
            }
        }
    }
}
