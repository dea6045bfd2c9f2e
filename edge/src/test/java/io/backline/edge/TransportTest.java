package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backline.edge.EdgeConfig.IoTransport;
import io.backline.edge.health.HealthView;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The edge on each socket implementation it can run on: the whole suite runs on the one {@code auto}
 * picks (io_uring on the CI machine), so these cases keep epoll and NIO honest too. Each proxies
 * keep-alive requests, a request body, a large streamed response and a refused connect.
 */
class TransportTest {

    private static void assumeAvailable(IoTransport kind) {
        switch (kind) {
            case IO_URING -> assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
            case EPOLL -> assumeTrue(Epoll.isAvailable(), "native epoll is not available here");
            default -> { }
        }
    }

    private static EdgeServer start(IoTransport kind, EdgeSnapshot snapshot) {
        return EdgeServer.start(ProxyFixtures.config().transport(kind).build(), () -> snapshot, HealthView.ALL_HEALTHY);
    }

    private static EdgeServer start(IoTransport kind, boolean loopYield, EdgeSnapshot snapshot) {
        return EdgeServer.start(ProxyFixtures.config().transport(kind).loopYield(loopYield).build(), () -> snapshot, HealthView.ALL_HEALTHY);
    }

    /** Each transport with its event loops yielding after busy turns (the default) and without. */
    @ParameterizedTest(name = "{0}, loopYield {1}")
    @CsvSource({"IO_URING, true", "IO_URING, false", "EPOLL, true", "EPOLL, false", "NIO, true", "NIO, false"})
    void proxiesOnEveryTransport(IoTransport kind, boolean loopYield) {
        assumeAvailable(kind);
        try (var origin = ProxyOrigin.start("origin"); var edge = start(kind, loopYield, snapshot(backend("origin", origin.port())));
                var client = new ProxyClient(edge.port())) {
            assertThat(edge.transport()).isEqualTo(kind.label());
            for (int i = 0; i < 20; i++) {
                var response = client.request("GET", "example.com", "/n/" + i);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("origin");
            }
            client.send("POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 11\r\n\r\nhello world");
            assertThat(client.read(false).status()).isEqualTo(200);
            assertThat(origin.last().body()).isEqualTo("hello world");

            var big = client.request("GET", "example.com", "/big/512");
            assertThat(big.status()).isEqualTo(200);
            assertThat(big.complete()).isTrue();
            assertThat(big.body()).hasSize(512 * 1024);
            for (int i = 0; i < big.body().length; i += 4099) {
                assertThat(big.body()[i]).as("byte %d", i).isEqualTo(ProxyOrigin.pattern(i));
            }
            assertThat(origin.connections()).as("one kept-alive origin connection").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void aRefusedConnectIsA503ConnectionRefusedOnEveryTransport(IoTransport kind) {
        assumeAvailable(kind);
        try (var edge = start(kind, snapshot(backend("origin", ClosedPort.any())))) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("Connection refused");
        }
    }

    @Test
    void autoTakesTheBestTransportThisMachineOffers() {
        var expected = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", ClosedPort.any())))) {
            assertThat(edge.transport()).isEqualTo(expected);
        }
    }

    @Test
    void transportNamesParseInAnyCase() {
        assertThat(IoTransport.parse("auto")).isEqualTo(IoTransport.AUTO);
        assertThat(IoTransport.parse(" IO_URING ")).isEqualTo(IoTransport.IO_URING);
        assertThat(IoTransport.parse("io-uring")).isEqualTo(IoTransport.IO_URING);
        assertThat(IoTransport.parse("Epoll")).isEqualTo(IoTransport.EPOLL);
        assertThat(IoTransport.parse("nio")).isEqualTo(IoTransport.NIO);
        assertThatThrownBy(() -> IoTransport.parse("kqueue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transport: 'kqueue' (expected: auto, io_uring, epoll or nio)");
    }
}
