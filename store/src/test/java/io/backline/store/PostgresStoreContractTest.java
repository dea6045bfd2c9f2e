package io.backline.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract against {@link PostgresStore} on a real PostgreSQL server (one per test JVM,
 * see {@link PostgresTestServer}), in a new, empty schema for each test, opened by the URL form
 * operators use.
 */
class PostgresStoreContractTest extends ConfigStoreContract {
    private String schema = "";

    /** After the contract's own clean-up has closed the stores: extension callbacks run last. */
    @RegisterExtension
    final AfterEachCallback dropSchema = context -> {
        if (!schema.isEmpty()) {
            PostgresTestServer.drop(schema);
        }
    };

    @Override
    protected ConfigStore openFreshStore() {
        schema = PostgresTestServer.freshSchema();
        return PostgresStore.open(PostgresTestServer.url(schema));
    }

    @Override
    protected ConfigStore reopenStore() {
        return PostgresStore.open(PostgresTestServer.url(schema));
    }

    @Override
    public Migrations.Dialect dialect() {
        return Migrations.Dialect.POSTGRESQL;
    }

    @Override
    public Connection connectDirectly() throws SQLException {
        return PostgresTestServer.connect(schema);
    }
}
