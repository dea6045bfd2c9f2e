package io.backline.app;

import io.backline.store.ConfigStore;
import io.backline.store.SqliteStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where token commands find the tokens: the data directory of backline serve, or a shared database. */
final class TokenStoreOption {
    @Mixin
    DataDirOption data = new DataDirOption();

    @Option(names = "--database", defaultValue = "${env:BACKLINE_DATABASE}",
            description = "The API nodes' database (postgresql://…); without it, the data directory's SQLite file.")
    String database;

    ConfigStore open() {
        return database != null && !database.isBlank() ? Databases.open(database) : SqliteStore.open(new DataDir(data.dataDir).database());
    }
}
