package io.backline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against {@link SqliteStore}, one new database file per test. */
class SqliteStoreContractTest extends ConfigStoreContract {
    @TempDir(factory = MemoryBackedTempDirFactory.class)
    Path directory;

    private Path file() {
        return directory.resolve("data").resolve("backline.db");
    }

    @Override
    protected ConfigStore openFreshStore() {
        return SqliteStore.open(file());
    }

    @Override
    protected ConfigStore reopenStore() {
        return SqliteStore.open(file());
    }

    @Override
    public Migrations.Dialect dialect() {
        return Migrations.Dialect.SQLITE;
    }

    @Override
    public Connection connectDirectly() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file());
    }
}
