package io.backline.store;

import static io.backline.store.StoreFixtures.service;
import static io.backline.store.StoreFixtures.serviceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops under an open store and starts again on the same data directory and port, as a
 * crashed or restarted database server does: the same store object, never reopened, fails calls
 * promptly while the server is gone and serves reads and writes again once it is back, because the
 * pools evict the dead connections and open new ones. A server of its own, not the shared one of
 * {@link PostgresTestServer}, since it goes down mid-test.
 */
class PostgresRestartTest {
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path data;

    private EmbeddedPostgres start(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theSameStoreServesAgainAfterTheServerRestartsAndFailsFastWhileItIsDown() throws IOException, SQLException {
        int port = freePort();
        var server = start(port);
        try {
            try (var connection = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"));
                    var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE backline TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
            }
            var settings = PostgresStore.Settings.of("postgresql://postgres@localhost:" + port + "/backline")
                    .withConnectionTimeout(CONNECTION_TIMEOUT);
            try (var store = PostgresStore.open(settings)) {
                store.write(tx -> {
                    tx.insertService(service("A", "before"));
                    return null;
                });
                assertThat(store.read(StoreTx::countServices)).isEqualTo(1);

                server.close();

                long downAt = System.nanoTime();
                assertThatThrownBy(() -> store.write(tx -> {
                    tx.insertService(service("B", "during"));
                    return null;
                })).isInstanceOf(StoreException.class).hasMessageContaining("no PostgreSQL connection within")
                        .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.UNAVAILABLE);
                assertThatThrownBy(() -> store.read(StoreTx::countServices)).isInstanceOf(StoreException.class)
                        .hasMessageContaining("no PostgreSQL connection within")
                        .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.UNAVAILABLE);
                assertThat(Duration.ofNanos(System.nanoTime() - downAt)).as("two calls while the server is down, each bounded")
                        .isLessThan(CONNECTION_TIMEOUT.multipliedBy(2).plusSeconds(5));

                server = start(port);

                assertThat(store.read(StoreTx::countServices)).as("the first read after the restart").isEqualTo(1);
                store.write(tx -> {
                    tx.insertService(service("C", "after"));
                    return null;
                });
                assertThat(store.read((StoreTx tx) -> tx.service(serviceId("B")))).as("the write that failed").isEmpty();
                assertThat(store.read((StoreTx tx) -> tx.service(serviceId("C")))).contains(service("C", "after"));
                assertThat(store.openConnections()).as("a writer and a reader, new ones").isEqualTo(2);
            }
        } finally {
            server.close();
        }
    }
}
