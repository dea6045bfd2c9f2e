package io.backline.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test JVM, started from Maven artifacts on first use
 * and stopped when the JVM exits, with one database for the tests and a new, empty schema in it
 * for each test: a schema costs a millisecond where CREATE DATABASE costs 40 to 400 (it copies a
 * template through the WAL), and the store sees an empty database either way.
 *
 * <p>The database's default collation is ICU's {@code en-US}, which sorts {@code "alpha"} before
 * {@code "Alpha"} and {@code "Ähre"} beside {@code "ahre"}, as an operator's database often does:
 * the store must sort names by code point all the same, as SQLite does.
 */
public final class PostgresTestServer {
    public static final String SUPERUSER = "postgres";
    public static final String DATABASE = "backline_tests";

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private PostgresTestServer() {}

    /** The holder idiom: the server starts when a test first asks for a schema. */
    private static final class Holder {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                var server = EmbeddedPostgres.builder().start();
                try (var connection = DriverManager.getConnection(server.getJdbcUrl(SUPERUSER, "postgres"));
                        var statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + DATABASE
                            + " TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'");
                }
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the test database", e);
            }
        }
    }

    public static int port() {
        return Holder.SERVER.getPort();
    }

    /** Creates a new, empty schema and answers its name. */
    public static String freshSchema() {
        var name = "test_" + SCHEMAS.incrementAndGet();
        execute("CREATE SCHEMA " + name);
        return name;
    }

    /** Drops a test's schema with everything in it. */
    public static void drop(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** Runs one statement as the superuser in the tests' database. */
    public static void execute(String sql) {
        try (var connection = DriverManager.getConnection(jdbcUrl(), SUPERUSER, "");
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + sql, e);
        }
    }

    /** The schema as an operator would name it to {@code backline api --database}. */
    public static String url(String schema) {
        return "postgresql://" + SUPERUSER + "@localhost:" + port() + "/" + DATABASE + "?currentSchema=" + schema;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    public static String jdbcUrl(String schema) {
        return jdbcUrl() + "?currentSchema=" + schema;
    }

    /** A plain connection as the superuser, with the schema first on the search path; the caller closes it. */
    public static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(schema), SUPERUSER, "");
    }
}
