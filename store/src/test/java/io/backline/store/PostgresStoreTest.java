package io.backline.store;

import static io.backline.store.StoreContractSupport.await;
import static io.backline.store.StoreContractSupport.inBackground;
import static io.backline.store.StoreContractSupport.result;
import static io.backline.store.StoreFixtures.draft;
import static io.backline.store.StoreFixtures.service;
import static io.backline.store.StoreFixtures.serviceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What only the PostgreSQL store promises, beside the contract: its URL forms, migrating when
 * several nodes start at once, writers taking turns across nodes, running a unit of work again
 * after a serialization failure (and only then), a bounded pool that replaces dead connections,
 * and refusing a database that is not UTF-8.
 */
class PostgresStoreTest {

    /** Settings from the URL forms operators write; no server needed. */
    @Nested
    class Urls {
        @Test
        void aLibpqUrlGivesTheDriverItsHostsDatabaseAndParametersAndKeepsTheCredentialsApart() {
            var settings = PostgresStore.Settings.of("postgresql://backline:s%40cret@db.internal:6432/config?sslmode=require");

            assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/config?sslmode=require");
            assertThat(settings.user()).isEqualTo("backline");
            assertThat(settings.password()).isEqualTo("s@cret");
            assertThat(settings.readers()).isEqualTo(PostgresStore.Settings.DEFAULT_READERS);
        }

        @Test
        void thePostgresSchemeUserWithoutPasswordAndNoCredentialsAtAllAreAccepted() {
            var userOnly = PostgresStore.Settings.of("postgres://backline@db/config");
            assertThat(List.of(userOnly.jdbcUrl(), String.valueOf(userOnly.user()), String.valueOf(userOnly.password())))
                    .containsExactly("jdbc:postgresql://db/config", "backline", "null");

            var none = PostgresStore.Settings.of("postgresql://db:5432/config");
            assertThat(none.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/config");
            assertThat(none.user()).isNull();
            assertThat(none.password()).isNull();
        }

        @Test
        void aMissingHostIsLocalhostAndAMissingDatabaseIsLeftToTheServer() {
            assertThat(PostgresStore.Settings.of("postgresql:///config").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/config");
            assertThat(PostgresStore.Settings.of("postgresql://u:p@db").jdbcUrl()).isEqualTo("jdbc:postgresql://db/");
            assertThat(PostgresStore.Settings.of("postgresql://db?sslmode=verify-full").jdbcUrl())
                    .isEqualTo("jdbc:postgresql://db/?sslmode=verify-full");
        }

        @Test
        void severalHostsAndIpv6AddressesPassThrough() {
            var settings = PostgresStore.Settings.of("postgresql://u:p@[::1]:5432,db2.internal:5433/config?targetServerType=primary");

            assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432,db2.internal:5433/config?targetServerType=primary");
            assertThat(settings.user()).isEqualTo("u");
        }

        @Test
        void aPasswordMayHoldAnUnencodedAtSignColonsAndPercentEncodedUtf8() {
            var settings = PostgresStore.Settings.of("postgresql://us%20er:p@ss:w%E2%98%83rd%@db/config");

            assertThat(settings.user()).isEqualTo("us er");
            assertThat(settings.password()).isEqualTo("p@ss:w☃rd%");
            assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db/config");
        }

        @Test
        void aJdbcUrlIsTakenAsItIsAndExplicitCredentialsJoinIt() {
            var settings = PostgresStore.Settings.of("jdbc:postgresql://db/config?ssl=true").withCredentials("backline", "secret");

            assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db/config?ssl=true");
            assertThat(settings.user()).isEqualTo("backline");
            assertThat(settings.password()).isEqualTo("secret");
        }

        @Test
        void passwordsNeverShowInToStringOrInTheMessageAboutAWrongUrl() {
            var settings = PostgresStore.Settings.of("postgresql://backline:hunter2@db/config");
            assertThat(settings.toString()).doesNotContain("hunter2").contains("backline", "***");
            assertThat(PostgresStore.Settings.of("jdbc:postgresql://db/config?user=u&password=hunter2").toString())
                    .doesNotContain("hunter2");

            assertThatThrownBy(() -> PostgresStore.Settings.of("mysql://backline:hunter2@db/config"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("postgresql://")
                    .hasMessageNotContaining("hunter2");
            assertThatThrownBy(() -> PostgresStore.Settings.of("postgresql://db/config").withReaders(0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Against the real server, each test in a schema of its own. */
    @Nested
    class OnTheServer {
        private final List<String> schemas = new ArrayList<>();
        private final List<ConfigStore> stores = new ArrayList<>();
        private String schema = "";

        @BeforeEach
        void freshSchema() {
            schema = newSchema();
        }

        @AfterEach
        void cleanUp() {
            stores.forEach(ConfigStore::close);
            schemas.forEach(PostgresTestServer::drop);
        }

        private String newSchema() {
            var name = PostgresTestServer.freshSchema();
            schemas.add(name);
            return name;
        }

        private PostgresStore node(boolean writersTakeTurns) {
            var store = PostgresStore.open(PostgresStore.Settings.of(PostgresTestServer.url(schema)), writersTakeTurns);
            stores.add(store);
            return store;
        }

        private PostgresStore node() {
            return node(true);
        }

        private long count(String sql) throws SQLException {
            try (var connection = PostgresTestServer.connect(schema);
                    var statement = connection.createStatement();
                    var rows = statement.executeQuery(sql)) {
                assertThat(rows.next()).isTrue();
                return rows.getLong(1);
            }
        }

        /** As an operator's psql session would, outside the store and its turns. */
        private void updateOutsideTheStore(String sql) {
            try (var connection = PostgresTestServer.connect(schema); var statement = connection.createStatement()) {
                statement.executeUpdate(sql);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void opensByAJdbcUrlWithCredentialsAsByALibpqUrl() {
            try (var store = PostgresStore.open(PostgresTestServer.jdbcUrl(schema), PostgresTestServer.SUPERUSER, "")) {
                store.write(tx -> tx.nextCounter("a"));
            }
            try (var store = PostgresStore.open(PostgresTestServer.url(schema))) {
                assertThat(store.write((StoreTx tx) -> tx.nextCounter("a"))).isEqualTo(2);
            }
        }

        @Test
        void nodesStartingAtOnceOnAnEmptyDatabaseMigrateItOnceAndAllWork() throws SQLException {
            for (int round = 0; round < 10; round++) {
                schema = newSchema();
                var settings = PostgresStore.Settings.of(PostgresTestServer.url(schema));
                var opened = TwoNodeRaces.atOnce(List.<Callable<PostgresStore>>of(
                        () -> PostgresStore.open(settings), () -> PostgresStore.open(settings),
                        () -> PostgresStore.open(settings), () -> PostgresStore.open(settings)));
                stores.addAll(opened);

                assertThat(count("SELECT COUNT(*) FROM " + Migrations.HISTORY_TABLE + " WHERE success"))
                        .as("round %d: migrations recorded", round).isEqualTo(MigrationsTest.SCRIPTS.size());
                for (var store : opened) {
                    store.write(tx -> {
                        tx.bumpRevision();
                        return null;
                    });
                }
                assertThat(opened.getFirst().read(StoreTx::revision)).isEqualTo(4);
            }
        }

        @Test
        void aWriteHoldsTheAdvisoryLockThatOperatorsSeeInPgLocks() throws SQLException {
            var store = node();
            long held = store.write(tx -> {
                tx.nextCounter("a");
                try {
                    // The key's high and low halves, as pg_locks shows an advisory lock on a bigint.
                    return count("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                            + " AND classid = " + (PostgresStore.WRITE_LOCK >>> 32)
                            + " AND objid = " + (PostgresStore.WRITE_LOCK & 0xffffffffL) + " AND objsubid = 1");
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            });

            assertThat(held).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'")).as("after the write").isZero();
        }

        @Test
        void aSecondNodesWriteWaitsForItsTurnAndThenSeesTheFirstsCommitWhileReadsNeverWait() {
            var first = node();
            var second = node();
            first.write(tx -> {
                tx.bumpRevision();
                return null;
            });
            var holding = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            var firstWrite = inBackground(() -> first.write(tx -> {
                tx.bumpRevision();
                holding.countDown();
                await(release);
                return true;
            }));
            await(holding);

            var secondWrite = inBackground(() -> second.write(tx -> {
                tx.bumpRevision();
                return tx.revision();
            }));
            try {
                assertThat(second.read(StoreTx::revision)).as("what a read sees meanwhile").isEqualTo(1);
                assertThat(waitFor(secondWrite, 300)).as("the second node's write, while the first's runs").isFalse();
            } finally {
                release.countDown();
            }

            assertThat(result(firstWrite)).isTrue();
            assertThat(result(secondWrite)).as("the revision the second node's write saw, after the first's commit").isEqualTo(3);
            assertThat(first.retries() + second.retries()).as("retries: the turn came with a fresh snapshot").isZero();
        }

        private static boolean waitFor(java.util.concurrent.Future<?> future, long millis) {
            try {
                future.get(millis, TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void aWriteRefusedForSerializationRunsAgainAndCommitsOnce() {
            var store = node();
            store.write(tx -> {
                tx.bumpRevision();
                return null;
            });
            var runs = new AtomicInteger();

            long answered = store.write(tx -> {
                long seen = tx.revision();
                if (runs.incrementAndGet() == 1) {
                    updateOutsideTheStore("UPDATE counters SET value = value + 10 WHERE name = 'revision'");
                }
                tx.bumpRevision();
                return seen;
            });

            assertThat(runs).hasValue(2);
            assertThat(answered).as("what the second run read").isEqualTo(11);
            assertThat(store.read(StoreTx::revision)).isEqualTo(12);
            assertThat(store.retries()).isEqualTo(1);
        }

        @Test
        void aWriteRefusedEveryTimeGivesUpAfterTheLastAttemptAndLeavesNothing() {
            var store = node();
            store.write(tx -> {
                tx.bumpRevision();
                return null;
            });
            var runs = new AtomicInteger();

            assertThatThrownBy(() -> store.write(tx -> {
                runs.incrementAndGet();
                tx.revision();
                tx.insertService(service("A", "never"));
                updateOutsideTheStore("UPDATE counters SET value = value + 10 WHERE name = 'revision'");
                tx.bumpRevision();
                return null;
            })).isInstanceOf(StoreException.class)
                    .hasMessageContaining(PostgresStore.MAX_ATTEMPTS + " attempts")
                    .cause().isInstanceOf(SQLException.class);

            assertThat(runs).hasValue(PostgresStore.MAX_ATTEMPTS);
            assertThat(store.read(StoreTx::revision)).isEqualTo(1 + 10L * PostgresStore.MAX_ATTEMPTS);
            assertThat(store.read((StoreTx tx) -> tx.service(serviceId("A")))).isEmpty();
            assertThat(store.write((StoreTx tx) -> tx.nextCounter("after"))).as("the store still writes").isEqualTo(1);
        }

        @Test
        void aFailureThatIsNotAConflictRunsOnceAndIsRethrown() {
            var store = node();
            store.write(tx -> {
                tx.insertService(service("A", "shop"));
                return null;
            });
            var runs = new AtomicInteger();

            assertThatThrownBy(() -> store.write(tx -> {
                runs.incrementAndGet();
                tx.insertService(service("A", "duplicate"));
                return null;
            })).isInstanceOf(StoreException.class);

            assertThat(runs).hasValue(1);
            assertThat(store.retries()).isZero();
        }

        @Test
        void aWriteThatGoesOnAfterAFailedStatementFailsInsteadOfCommittingHalf() {
            var store = node();
            store.write(tx -> {
                tx.insertService(service("A", "shop"));
                return null;
            });

            assertThatThrownBy(() -> store.write(tx -> {
                tx.insertService(service("B", "before the failure"));
                try {
                    tx.insertService(service("A", "duplicate"));
                } catch (StoreException swallowed) {
                    // Going on as if nothing happened.
                }
                return "done";
            })).isInstanceOf(StoreException.class).hasMessageContaining("cannot commit");

            assertThat(store.read((StoreTx tx) -> tx.service(serviceId("B")))).isEmpty();
            assertThat(store.write((StoreTx tx) -> tx.nextCounter("after"))).isEqualTo(1);
        }

        @Test
        void writersWithoutTurnsKeepTheInvariantsByRetryingAlone() {
            var a = node(false);
            var b = node(false);

            TwoNodeRaces.activations(a, b);
            TwoNodeRaces.clones(a, b);

            assertThat(a.retries() + b.retries()).as("retries: the nodes did race").isPositive();
        }

        @Test
        void readsShareABoundedPoolAndOpenConnectionsOnlyAsNeeded() {
            var store = PostgresStore.open(PostgresStore.Settings.of(PostgresTestServer.url(schema)).withReaders(2));
            stores.add(store);
            assertThat(store.openConnections()).as("after opening").isZero();

            var calls = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> store.read(tx -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                    return tx.countServices();
                }));
            }
            assertThat(TwoNodeRaces.atOnce(calls)).hasSize(20).containsOnly(0);

            assertThat(store.openConnections()).isEqualTo(2);
            store.write(tx -> tx.nextCounter("a"));
            assertThat(store.openConnections()).isEqualTo(3);
        }

        @Test
        void connectionsTheServerEndedAreReplacedWithoutFailingACall() throws SQLException {
            var store = node();
            store.write(tx -> {
                tx.insertService(service("A", "shop"));
                return null;
            });
            assertThat(store.read(StoreTx::countServices)).isEqualTo(1);

            assertThat(count("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name = 'backline'"))
                    .as("sessions ended").isEqualTo(2);

            assertThat(store.read(StoreTx::countServices)).isEqualTo(1);
            store.write(tx -> {
                tx.insertVersion(draft(serviceId("A"), 1));
                return null;
            });
            assertThat(store.read((StoreTx tx) -> tx.versions(serviceId("A")))).hasSize(1);
        }

        @Test
        void aDatabaseThatIsNotUtf8IsRefused() {
            var database = "backline_latin1";
            PostgresTestServer.execute("DROP DATABASE IF EXISTS " + database);
            PostgresTestServer.execute("CREATE DATABASE " + database + " TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C'");
            try {
                var url = "postgresql://" + PostgresTestServer.SUPERUSER + "@localhost:" + PostgresTestServer.port() + "/" + database;
                assertThatThrownBy(() -> PostgresStore.open(url)).isInstanceOf(StoreException.class).hasMessageContaining("UTF8");
            } finally {
                PostgresTestServer.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }

        @Test
        void theTestDatabaseSortsByLanguageSoTheContractsByteOrderMeansSomething() throws SQLException {
            assertThat(count("SELECT CASE WHEN 'a' < 'B' AND 'Ähre' < 'b' THEN 1 ELSE 0 END")).isEqualTo(1);
            assertThat(count("SELECT CASE WHEN 'a' COLLATE \"C\" < 'B' THEN 1 ELSE 0 END")).isZero();
        }
    }
}
