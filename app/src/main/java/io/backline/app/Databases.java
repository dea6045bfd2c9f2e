package io.backline.app;

import io.backline.store.ConfigStore;
import io.backline.store.PostgresStore;
import io.backline.store.SqliteStore;
import java.nio.file.Path;

/** Opens the store a {@code --database} value names: {@code postgresql://…}, or {@code sqlite:PATH} / a file path. */
public final class Databases {
    private Databases() {}

    public static ConfigStore open(String database) {
        if (database.startsWith("postgresql://") || database.startsWith("postgres://") || database.startsWith("jdbc:postgresql:")) {
            return openPostgres(database);
        }
        var path = database.startsWith("sqlite:") ? database.substring("sqlite:".length()) : database;
        var file = Path.of(path);
        if (file.getParent() != null) {
            file.getParent().toFile().mkdirs();
        }
        return SqliteStore.open(file);
    }

    private static ConfigStore openPostgres(String database) {
        return PostgresStore.open(database);
    }

    /**
     * The URL without its password, for messages: the store's own redaction, which also hides a
     * {@code ?password=} parameter (the copy that stood here kept that one in the start-up line).
     */
    public static String redacted(String url) {
        return PostgresStore.Settings.redact(url);
    }
}
