package io.backline.store;

import static io.backline.store.StoreFixtures.backend;
import static io.backline.store.StoreFixtures.draft;
import static io.backline.store.StoreFixtures.service;
import static io.backline.store.StoreFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.BackendSchema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Migrations run at every start, apply each script once, and leave the data alone. */
interface MigrationsContract extends StoreContractSupport {

    private List<String> appliedMigrations() throws SQLException {
        try (var connection = connectDirectly();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT version, script FROM schema_migrations ORDER BY version")) {
            var result = new ArrayList<String>();
            while (rows.next()) {
                result.add(rows.getInt(1) + " " + rows.getString(2));
            }
            return result;
        }
    }

    @Test
    default void aFreshDatabaseRecordsEveryMigrationInOrder() throws SQLException {
        assertThat(appliedMigrations()).containsExactly("1 V1__init.sql", "2 V2__objects_revision.sql", "3 V3__edges.sql");
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
        assertThat(appliedMigrations()).containsExactly("1 V1__init.sql", "2 V2__objects_revision.sql", "3 V3__edges.sql");
    }

    @Test
    default void migratingAnUpToDateDatabaseAppliesNothing() throws SQLException {
        restartStore(() -> {
            try (var connection = connectDirectly()) {
                assertThat(Migrations.migrate(connection)).isZero();
            }
        });

        assertThat(appliedMigrations()).containsExactly("1 V1__init.sql", "2 V2__objects_revision.sql", "3 V3__edges.sql");
        assertThat(store().read(StoreTx::countServices)).isZero();
    }
}
