package io.backline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The two dialects' copies of each migration stay in step: PostgreSQL's is SQLite's with
 * {@code COLLATE "C"} on text columns and nothing else, statement for statement.
 */
class MigrationsTest {
    static final List<String> SCRIPTS = Migrations.SCRIPTS;

    private static List<String> normalised(Migrations.Dialect dialect, String script) {
        return Migrations.statements(Migrations.read(dialect, script)).stream()
                .map(sql -> sql.replace(" COLLATE \"C\"", "").replaceAll("\\s+", " ").strip())
                .toList();
    }

    @ParameterizedTest
    @FieldSource("SCRIPTS")
    void thePostgresqlCopyIsTheSqliteScriptWithByteOrderCollations(String script) {
        var sqlite = normalised(Migrations.Dialect.SQLITE, script);

        assertThat(sqlite).isNotEmpty();
        assertThat(normalised(Migrations.Dialect.POSTGRESQL, script)).isEqualTo(sqlite);
    }

    @ParameterizedTest
    @FieldSource("SCRIPTS")
    void everyTextColumnOfThePostgresqlCopyComparesBytes(String script) {
        for (var sql : Migrations.statements(Migrations.read(Migrations.Dialect.POSTGRESQL, script))) {
            for (var line : sql.split("\n")) {
                if (line.matches("(?i).*\\b(VARCHAR\\(\\d+\\)|TEXT)\\b.*")) {
                    assertThat(line).as("in %s", script).contains("COLLATE \"C\"");
                }
            }
        }
    }
}
