package io.backline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The shared store: one PostgreSQL database that several API nodes use at once.
 *
 * <pre>{@code
 * try (var store = PostgresStore.open("postgresql://backline:secret@db.internal:5432/backline")) {
 *     int next = store.write(tx -> tx.maxVersion(id) + 1);
 * }
 * // or: PostgresStore.open("jdbc:postgresql://db.internal/backline", "backline", "secret")
 * }</pre>
 *
 * <p>Writes: every write transaction is {@code SERIALIZABLE}, so its outcome is one that running
 * the writes one after another would give, whatever runs beside it on any node. On top of that,
 * writers take turns: one thread per node at a time (a fair lock in the process), and one node at
 * a time (a session-level advisory lock, {@link #WRITE_LOCK}, taken before the transaction begins
 * so that its snapshot already sees the previous writer's commit). Serializable transactions alone
 * are correct too, but on a hot row (every object write of a version bumps that version's
 * revision) all but one of the contenders fail and run again: eight nodes adding objects to one
 * version, each call reading for 2 ms before it writes, needed 360 retries for 200 writes, took
 * twice as long, and 7 writes still failed after {@value #MAX_ATTEMPTS} attempts; taking turns, none
 * failed. So conflicts are left to writers outside the store (an operator's {@code psql}); those
 * and deadlocks (SQLState {@code 40001}, {@code 40P01}) run the unit of work again, at most
 * {@value #MAX_ATTEMPTS} times in all, after a short randomised pause. Configuration writes are
 * few and short, so one writer at a time costs little; it is the model of {@link SqliteStore} too.
 *
 * <p>Reads: {@code REPEATABLE READ READ ONLY} on a small pool of connections; one read sees one
 * snapshot, takes no lock, and never waits for a writer.
 *
 * <p>Connections: two HikariCP pools, the writer's of one connection and the readers' (see {@code
 * pool} for timeouts, validation and eviction). When the server goes away, calls fail after the
 * connection timeout with a {@link StoreException}; when it is back, the same store serves again
 * on new connections ({@code PostgresRestartTest}).
 *
 * <p>Text columns are {@code COLLATE "C"} (see {@link Migrations}), so names sort by code point as
 * in SQLite whatever the database's default collation; the database must be UTF-8.
 */
public final class PostgresStore implements ConfigStore {
    /** Runs of one unit of work, the first included, before a serialization failure is final. */
    public static final int MAX_ATTEMPTS = 10;
    private static final long BACKOFF_BASE_MILLIS = 2;
    private static final long BACKOFF_CAP_MILLIS = 100;

    /** The advisory lock key writers take turns on ("backline" in ASCII); see pg_locks. */
    public static final long WRITE_LOCK = 0x6261636b6c696e65L;

    /** A caller waits this long for the other nodes' writes (lock_timeout) before it fails. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /**
     * A pooled connection is closed and replaced after this long, busy ones when given back: so
     * sessions move to a failed-over primary, and stay under any proxy's or firewall's age limit.
     */
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(30);

    /**
     * A session idle inside a transaction for this long is ended by the server, so that a frozen
     * node cannot hold the write lock, or an old snapshot, for ever.
     */
    private static final String IDLE_IN_TRANSACTION_TIMEOUT = "60s";

    private final boolean writersTakeTurns;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final HikariDataSource writer;
    private final HikariDataSource readers;
    private final AtomicLong retries = new AtomicLong();

    /**
     * Where the database is, how many read connections to keep and how long a call waits for one.
     * The {@code toString} hides the password.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL the driver accepts; its parameters are the driver's
     * @param user the role to connect as, or null for the URL's {@code user} parameter
     * @param password that role's password, or null for none or the URL's
     * @param readers the most read connections open at once (writes use one more)
     * @param connectionTimeout how long a call waits for a connection (the server down, the pool
     *     busy) before it fails with a {@link StoreException}
     */
    public record Settings(String jdbcUrl, @Nullable String user, @Nullable String password, int readers,
            Duration connectionTimeout) {
        public static final int DEFAULT_READERS = 4;
        public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
        private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&]*");

        public Settings {
            // The driver's own parser: what it refuses here it would refuse at the first connection.
            if (!jdbcUrl.startsWith("jdbc:postgresql:") || Driver.parseURL(jdbcUrl, null) == null) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + redact(jdbcUrl)
                        + " (expected: jdbc:postgresql://host:port/database?parameters)");
            }
            if (readers < 1) {
                throw new IllegalArgumentException("readers: " + readers + " (expected: at least 1)");
            }
            if (connectionTimeout.toMillis() < 250) {
                throw new IllegalArgumentException("connectionTimeout: " + connectionTimeout + " (expected: at least 250 ms)");
            }
        }

        /**
         * Settings from either a {@code jdbc:postgresql://…} URL or a libpq-style
         * {@code postgresql://[user[:password]@][host[:port][,…]][/database][?parameters]} URL
         * ({@code postgres://} too), as {@code backline api --database} takes it. The driver does
         * not take credentials in the authority, so they are cut out here (percent-decoded) and the
         * rest, as a {@code jdbc:postgresql:} URL, is the driver's to parse: hosts, ports, the
         * database and the parameters, with the driver's names ({@code sslmode},
         * {@code sslrootcert} and {@code options} are the same as libpq's). A missing host means
         * localhost (the driver has no Unix sockets).
         */
        public static Settings of(String url) {
            if (url.startsWith("jdbc:postgresql:")) {
                return new Settings(url, null, null, DEFAULT_READERS, DEFAULT_CONNECTION_TIMEOUT);
            }
            String rest;
            if (url.startsWith("postgresql://")) {
                rest = url.substring("postgresql://".length());
            } else if (url.startsWith("postgres://")) {
                rest = url.substring("postgres://".length());
            } else {
                throw new IllegalArgumentException("not a PostgreSQL URL: " + redact(url)
                        + " (expected: postgresql://user:password@host:port/database or jdbc:postgresql://host:port/database)");
            }
            int authorityEnd = rest.length();
            for (int i = 0; i < rest.length(); i++) {
                if (rest.charAt(i) == '/' || rest.charAt(i) == '?') {
                    authorityEnd = i;
                    break;
                }
            }
            var authority = rest.substring(0, authorityEnd);
            var pathAndQuery = rest.substring(authorityEnd);
            // The last @: a password may hold an unencoded one, a host never does.
            int at = authority.lastIndexOf('@');
            String user = null;
            String password = null;
            if (at >= 0) {
                var userInfo = authority.substring(0, at);
                int colon = userInfo.indexOf(':');
                user = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : percentDecode(userInfo.substring(colon + 1));
                if (user.isEmpty()) {
                    user = null;
                }
            }
            var hosts = at >= 0 ? authority.substring(at + 1) : authority;
            if (hosts.isEmpty()) {
                hosts = "localhost";
            }
            if (pathAndQuery.isEmpty() || pathAndQuery.startsWith("?")) {
                pathAndQuery = "/" + pathAndQuery;
            }
            return new Settings("jdbc:postgresql://" + hosts + pathAndQuery, user, password, DEFAULT_READERS,
                    DEFAULT_CONNECTION_TIMEOUT);
        }

        public Settings withCredentials(String user, String password) {
            return new Settings(jdbcUrl, user, password, readers, connectionTimeout);
        }

        public Settings withReaders(int readers) {
            return new Settings(jdbcUrl, user, password, readers, connectionTimeout);
        }

        public Settings withConnectionTimeout(Duration connectionTimeout) {
            return new Settings(jdbcUrl, user, password, readers, connectionTimeout);
        }

        @Override
        public String toString() {
            return "Settings[jdbcUrl=" + redact(jdbcUrl) + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + ", readers=" + readers + ", connectionTimeout=" + connectionTimeout + "]";
        }

        /** The URL without its password, in the authority or as a {@code password=} parameter: for messages and logs. */
        public static String redact(String url) {
            var hidden = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
            // scheme://user:password@host: keep the user, hide the password.
            return hidden.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://[^:/?@]*:)[^/?]*@", "$1***@");
        }

        /**
         * Percent-decoding as libpq does it: {@code +} stays a plus and a {@code %} not followed by
         * two hex digits stays itself ({@code URLDecoder} would turn the one into a space and
         * refuse the other, and passwords hold both).
         */
        private static String percentDecode(String text) {
            if (text.indexOf('%') < 0) {
                return text;
            }
            var bytes = new ByteArrayOutputStream();
            for (int i = 0; i < text.length(); ) {
                if (text.charAt(i) == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                    bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                    i += 3;
                } else {
                    int codePoint = text.codePointAt(i);
                    bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                    i += Character.charCount(codePoint);
                }
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        private static int hex(char c) {
            return c < 128 ? Character.digit(c, 16) : -1;
        }
    }

    private PostgresStore(Settings settings, boolean writersTakeTurns) {
        this.writersTakeTurns = writersTakeTurns;
        var connections = dataSource(settings);
        this.writer = pool(settings, connections, "backline-postgresql-writer", 1);
        this.readers = pool(settings, connections, "backline-postgresql-reader", settings.readers());
    }

    /**
     * New connections, unpooled, as the driver parses the URL: its parameters win over the
     * defaults set here first. Migrating uses it directly, the pools through HikariCP.
     */
    private static PGSimpleDataSource dataSource(Settings settings) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setApplicationName("backline");
        dataSource.setURL(settings.jdbcUrl());
        if (settings.user() != null) {
            dataSource.setUser(settings.user());
        }
        if (settings.password() != null) {
            dataSource.setPassword(settings.password());
        }
        return dataSource;
    }

    /**
     * A HikariCP pool of at most {@code size} connections, opened only when needed (none at start:
     * migrating has its own) and kept while in use. A borrowed connection idle for more than half
     * a second is checked with {@code isValid} first; one that failed with a connection-level
     * SQLState is evicted by Hikari, one that may hold state (a lock, half a transaction) by us; and
     * each is retired after {@link #MAX_LIFETIME} so that a failed-over or restarted server, or a
     * proxy that drops old sessions, costs nothing. With the server down, a caller waits {@link
     * Settings#connectionTimeout()} for a connection and then fails with a {@link StoreException}.
     */
    private static HikariDataSource pool(Settings settings, PGSimpleDataSource connections, String name, int size) {
        var config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(connections);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, Math.min(5_000, settings.connectionTimeout().toMillis() / 2)));
        config.setMaxLifetime(MAX_LIFETIME.toMillis());
        config.setConnectionInitSql("SELECT set_config('idle_in_transaction_session_timeout', '" + IDLE_IN_TRANSACTION_TIMEOUT
                + "', false), set_config('lock_timeout', '" + MAX_WAIT.toSeconds() + "s', false)");
        return new HikariDataSource(config);
    }

    /** Opens the database of a {@code postgresql://} or {@code jdbc:postgresql:} URL and migrates it. */
    public static PostgresStore open(String url) {
        return open(Settings.of(url));
    }

    /** Opens the database with these credentials (instead of any in the URL) and migrates it. */
    public static PostgresStore open(String url, String user, String password) {
        return open(Settings.of(url).withCredentials(user, password));
    }

    /** Connects, checks the database is UTF-8, and runs pending migrations. */
    public static PostgresStore open(Settings settings) {
        return open(settings, true);
    }

    /** {@code writersTakeTurns} false leaves writers to serializable transactions alone: for tests. */
    static PostgresStore open(Settings settings, boolean writersTakeTurns) {
        var connections = dataSource(settings);
        // A connection of its own: closing it ends the session, and so any lock migrating held.
        try (var connection = connections.getConnection()) {
            requireUtf8(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot open PostgreSQL database " + Settings.redact(settings.jdbcUrl()), e);
        }
        Migrations.migrate(connections, Migrations.Dialect.POSTGRESQL);
        return new PostgresStore(settings, writersTakeTurns);
    }

    private static void requireUtf8(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery("SHOW server_encoding")) {
            rows.next();
            var encoding = rows.getString(1);
            if (!"UTF8".equals(encoding)) {
                // COLLATE "C" orders bytes: code points only in UTF-8; and names may be any Unicode.
                throw new StoreException("the database's encoding is " + encoding + " (expected: UTF8, e.g. CREATE DATABASE … ENCODING 'UTF8')");
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here {@code work} may run more than once: after a serialization failure or a deadlock the
     * transaction is rolled back and run again, and what the last run returns is answered.
     */
    @Override
    public <T extends @Nullable Object> T write(Function<StoreTx, T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            // The inner commit would also commit the outer work: one call, one transaction.
            throw new IllegalStateException("nested write transaction");
        }
        writeLock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return attemptWrite(work);
                } catch (Conflict conflict) {
                    if (attempt >= MAX_ATTEMPTS) {
                        var failure = new StoreException("write gave up after " + attempt + " attempts, each a serialization"
                                + " failure or deadlock", conflict.failure);
                        if (conflict.thrown != null && conflict.thrown != conflict.failure) {
                            failure.addSuppressed(conflict.thrown);
                        }
                        throw failure;
                    }
                    retries.incrementAndGet();
                    pause(attempt);
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** A write the database refused to serialize; the unit of work may run again. */
    private static final class Conflict extends Exception {
        private static final long serialVersionUID = 1L;
        // The cause again, typed: getCause() may answer null for the compiler, this never does.
        final SQLException failure;
        final transient @Nullable Throwable thrown;

        Conflict(SQLException cause, @Nullable Throwable thrown) {
            super(cause.getMessage(), cause, false, false);
            this.failure = cause;
            this.thrown = thrown;
        }
    }

    private <T extends @Nullable Object> T attemptWrite(Function<StoreTx, T> work) throws Conflict {
        // The lock before BEGIN: a transaction's snapshot is taken by its first statement, and
        // must not predate the commit of the node that held the lock before.
        var transaction = begin(writer, writersTakeTurns, "BEGIN ISOLATION LEVEL SERIALIZABLE");
        try {
            return transaction.run(work);
        } catch (Transaction.Failed failed) {
            if (retryable(failed.sqlCause())) {
                throw new Conflict(failed.sqlCause(), failed.thrown());
            }
            throw Transaction.unchecked(failed);
        } finally {
            if (writersTakeTurns && !transaction.broken()) {
                try {
                    advisory(transaction, "SELECT pg_advisory_unlock(?)");
                } catch (SQLException e) {
                    // Closing the connection ends its session, and so releases the lock.
                    transaction.markBroken();
                }
            }
            giveBack(writer, transaction);
        }
    }

    @Override
    public <T extends @Nullable Object> T read(Function<StoreTx, T> work) {
        var transaction = begin(readers, false, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        try {
            return transaction.run(work);
        } catch (Transaction.Failed failed) {
            throw Transaction.unchecked(failed);
        } finally {
            giveBack(readers, transaction);
        }
    }

    /**
     * A connection of the pool in a begun transaction (after the write lock, if {@code lock}). A
     * pooled connection may have died since its last use within Hikari's half-second of trust (the
     * server restarted, a proxy dropped it): nothing has run yet, so such a one is evicted and the
     * next tried, at most once per connection the pool may hold.
     */
    private static Transaction begin(HikariDataSource pool, boolean lock, String begin) {
        for (int tries = 1; ; tries++) {
            Connection connection;
            try {
                connection = pool.getConnection();
            } catch (SQLException e) {
                throw new StoreException(StoreException.Reason.UNAVAILABLE,
                        "no PostgreSQL connection within " + pool.getConnectionTimeout() + " ms: " + e.getMessage(), e);
            }
            var transaction = new Transaction(connection);
            try {
                if (lock) {
                    advisory(transaction, "SELECT pg_advisory_lock(?)");
                }
                transaction.execute(begin);
                return transaction;
            } catch (SQLException e) {
                // Never reused: it may hold the lock or half a BEGIN; closing it ends its session.
                transaction.markBroken();
                giveBack(pool, transaction);
                if (tries <= pool.getMaximumPoolSize() && Transaction.isConnectionFailure(e)) {
                    continue;
                }
                throw new StoreException(Transaction.isConnectionFailure(e) ? StoreException.Reason.UNAVAILABLE : StoreException.Reason.FAILED,
                        lock ? "cannot take the write lock" : "cannot begin a transaction", e);
            }
        }
    }

    private static void giveBack(HikariDataSource pool, Transaction transaction) {
        var connection = transaction.statements().connection();
        if (transaction.broken()) {
            pool.evictConnection(connection);
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Back to the pool: Hikari has already dropped it if it was broken.
        }
    }

    private static void advisory(Transaction transaction, String sql) throws SQLException {
        var statement = transaction.statements().prepare(sql);
        statement.setLong(1, WRITE_LOCK);
        statement.execute();
    }

    private static boolean retryable(@Nullable SQLException e) {
        if (e == null) {
            return false;
        }
        var state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    /** Full jitter: contenders that failed together come back at different times. */
    private static void pause(int attempt) {
        long ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(attempt - 1, 16));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to retry a write");
        }
    }

    /** How many times a unit of work has run again after a conflict, since the store opened. */
    long retries() {
        return retries.get();
    }

    /** Open connections, for tests: writer and readers. */
    int openConnections() {
        return writer.getHikariPoolMXBean().getTotalConnections() + readers.getHikariPoolMXBean().getTotalConnections();
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
