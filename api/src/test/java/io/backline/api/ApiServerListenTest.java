package io.backline.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.condition.StandardKinds;
import io.backline.store.SqliteStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port another process holds fails the API's start with the address, instead of a server without a listener. */
class ApiServerListenTest {

    @Test
    void aPortInUseFailsTheStartNamingTheAddress(@TempDir Path dir) throws Exception {
        try (var busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); var store = SqliteStore.open(dir.resolve("db"))) {
            var clock = Clock.systemUTC();
            var tokens = new TokenService(store, clock);
            tokens.create("admin", "global", List.of());
            int port = busy.getLocalPort();

            assertThatThrownBy(() -> ApiServer.start(ApiConfig.of("127.0.0.1", port), store, tokens, clock, () -> {}, null,
                    StandardKinds.KINDS, DomainResolver.SYSTEM))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("api: cannot listen on 127.0.0.1:" + port + " (");
        }
    }
}
