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
 */
public final class Migrations {
    /** The migrations in order; append only, never edit a released one. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__objects_revision.sql", "V3__edges.sql");

    private Migrations() {}

    /** Applies every migration the database lacks; returns how many were applied. */
    public static int migrate(Connection connection) {
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
                    for (var sql : statements(read(SCRIPTS.get(i)))) {
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
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StoreException("migration failed", e);
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

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + script)) {
            if (in == null) {
                throw new StoreException("missing migration " + script);
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
