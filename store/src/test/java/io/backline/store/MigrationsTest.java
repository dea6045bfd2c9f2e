package io.backline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The two dialects' copies of each migration stay in step: PostgreSQL's is SQLite's with
 * {@code COLLATE "C"} on text columns and nothing else, statement for statement.
 */
class MigrationsTest {
    /** Every migration, in order; append only, never edit a released one (Flyway checks). */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__objects_revision.sql", "V3__edges.sql",
            "V4__rate_windows.sql", "V5__edge_staged.sql", "V6__purges.sql",
            "V7__edge_pops.sql", "V8__tls.sql");

    static String read(Migrations.Dialect dialect, String script) {
        var path = dialect.location().substring("classpath:".length()) + "/" + script;
        try (InputStream in = MigrationsTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of a script as the hand-written runner before Flyway split them: on a line ending in ';'. */
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

    private static List<String> normalised(Migrations.Dialect dialect, String script) {
        return statements(read(dialect, script)).stream()
                .map(sql -> sql.replace(" COLLATE \"C\"", "").replaceAll("\\s+", " ").strip())
                .toList();
    }

    @ParameterizedTest
    @EnumSource(Migrations.Dialect.class)
    void eachDialectHoldsExactlyTheListedScripts(Migrations.Dialect dialect) throws IOException, URISyntaxException {
        var url = MigrationsTest.class.getClassLoader().getResource(dialect.location().substring("classpath:".length()));
        assertThat(url).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted()).containsExactlyElementsOf(SCRIPTS);
        }
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
        for (var sql : statements(read(Migrations.Dialect.POSTGRESQL, script))) {
            for (var line : sql.split("\n")) {
                if (line.matches("(?i).*\\b(VARCHAR\\(\\d+\\)|TEXT)\\b.*")) {
                    assertThat(line).as("in %s", script).contains("COLLATE \"C\"");
                }
            }
        }
    }

    @Test
    void migratingTwiceAppliesEverythingOnceAndThenNothing(@org.junit.jupiter.api.io.TempDir Path directory) {
        var dataSource = new org.sqlite.SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + directory.resolve("m.db"));

        assertThat(Migrations.migrate(dataSource, Migrations.Dialect.SQLITE)).isEqualTo(SCRIPTS.size());
        assertThat(Migrations.migrate(dataSource, Migrations.Dialect.SQLITE)).isZero();
    }
}
