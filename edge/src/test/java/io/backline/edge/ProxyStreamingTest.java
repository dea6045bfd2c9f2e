package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies stream through in both directions, with backpressure, keep-alive and pipelining intact. */
class ProxyStreamingTest {
    private ProxyOrigin origin;
    private EdgeServer edge;

    @BeforeEach
    void start() {
        origin = ProxyOrigin.start("origin");
        edge = ProxyFixtures.start(snapshot(backend("origin", origin.port(), "between_bytes_timeout", "5000")));
    }

    @AfterEach
    void stop() {
        edge.close();
        origin.close();
    }

    @Test
    void hundredKibibyteBodiesArriveIntactChunkedOrWithALength() {
        try (var client = new ProxyClient(edge.port())) {
            var chunked = client.request("GET", "example.com", "/big/100");
            assertThat(chunked.header("Transfer-Encoding")).isEqualTo("chunked");
            assertPattern(chunked.body(), 100 * 1024);

            var fixed = client.request("GET", "example.com", "/bigfixed/100");
            assertThat(fixed.header("Content-Length")).isEqualTo(Integer.toString(100 * 1024));
            assertPattern(fixed.body(), 100 * 1024);
        }
    }

    @Test
    void responseIsStreamedAsItArrivesNotAfterItEnds() {
        try (var client = new ProxyClient(edge.port())) {
            long start = System.nanoTime();
            client.send("GET /stall/1500/chunked HTTP/1.1\r\nHost: example.com\r\n\r\n");
            client.readUntil("part1");
            long firstPart = (System.nanoTime() - start) / 1_000_000;
            client.readUntil("part2");
            long secondPart = (System.nanoTime() - start) / 1_000_000;
            assertThat(firstPart).isLessThan(1_000L);
            assertThat(secondPart).isGreaterThanOrEqualTo(1_400L);
        }
    }

    @Test
    void slowReaderHoldsBackTheOriginAndStillGetsEveryByte() throws InterruptedException {
        // 64 MiB is more than every kernel buffer on the path can hold while the client does not read
        // (its own 64 KiB, the edge's send buffer up to tcp_wmem's 4 MiB, the edge's receive buffer
        // from the origin, which autotuning may have grown before the pause, and the origin's send
        // buffer): the origin can only finish early if the edge buffers the body itself. With 16 MiB
        // the kernel alone sometimes held it all and the origin finished in 224 ms.
        int kib = 64 * 1024;
        try (var client = new ProxyClient(edge.port(), null, 64 * 1024)) {
            client.send("GET /bigfixed/" + kib + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
            Thread.sleep(1_500); // not reading: the edge must stop reading the origin rather than buffer the body
            assertThat(origin.lastBodyMillis()).as("the origin finished while the client was not reading").isEqualTo(-1L);
            var response = client.read(false);
            assertPattern(response.body(), kib * 1024);
            assertThat(origin.lastBodyMillis()).isGreaterThanOrEqualTo(1_000L);
            assertThat(client.request("GET", "example.com", "/").text()).isEqualTo("origin");
        }
        assertThat(origin.connections()).isEqualTo(1);
    }

    @Test
    void requestBodiesAreForwardedWithLengthOrChunked() {
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 11\r\n\r\nhello world");
            assertThat(client.read(false).status()).isEqualTo(200);
            assertThat(origin.last().body()).isEqualTo("hello world");
            assertThat(origin.last().headers().get("Content-Length")).isEqualTo("11");

            var part = "x".repeat(300);
            var chunk = Integer.toHexString(part.length()) + "\r\n" + part + "\r\n";
            client.send("PUT /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n");
            assertThat(client.read(false).status()).isEqualTo(200);
            assertThat(origin.last().method()).isEqualTo("PUT");
            assertThat(origin.last().body()).isEqualTo(part + part);
        }
        assertThat(origin.connections()).isEqualTo(1);
    }

    @Test
    void expectContinueIsAnsweredByTheEdge() {
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(client.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(client.readLine()).isEmpty();
            client.send("hello");
            assertThat(client.read(false).status()).isEqualTo(200);
            assertThat(origin.last().body()).isEqualTo("hello");
            assertThat(origin.last().headers().contains("Expect")).isFalse();
        }
    }

    @Test
    void headResponseHasNoBodyAndKeepsTheConnectionUsable() {
        try (var client = new ProxyClient(edge.port())) {
            var head = client.request("HEAD", "example.com", "/big/64");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(client.request("GET", "example.com", "/").text()).isEqualTo("origin");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        try (var client = new ProxyClient(edge.port())) {
            client.send("GET /sleep/200 HTTP/1.1\r\nHost: example.com\r\n\r\n"
                    + "GET /a HTTP/1.1\r\nHost: unknown.test\r\n\r\n"
                    + "GET /b HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertThat(client.read(false).status()).isEqualTo(200);
            assertThat(client.read(false).status()).isEqualTo(404);
            assertThat(client.read(false).status()).isEqualTo(200);
        }
        assertThat(origin.seen()).extracting(ProxyOrigin.Seen::uri).containsExactly("/sleep/200", "/b");
    }

    private static void assertPattern(byte[] body, int length) {
        assertThat(body.length).isEqualTo(length);
        for (int i = 0; i < length; i++) {
            if (body[i] != ProxyOrigin.pattern(i)) {
                throw new AssertionError("byte " + i + " differs");
            }
        }
    }
}
