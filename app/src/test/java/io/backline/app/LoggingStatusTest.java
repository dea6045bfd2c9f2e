package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A syslog endpoint made through the API reaches a real receiver from the edge of {@code backline
 * serve}, and {@code GET /service/{id}/logging-status} shows each endpoint's delivery.
 */
class LoggingStatusTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private BacklineServer server;
    private CrashApi api;
    private HttpClient http;
    private HttpServer origin;
    private ServerSocket receiver;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        origin.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Cache-Control", "private"); // counted per request: the edge's cache (on by default) must pass it
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        origin.start();
        receiver = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!receiver.isClosed()) {
                try {
                    var socket = receiver.accept();
                    Thread.ofVirtual().start(() -> {
                        try (var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                            for (var line = in.readLine(); line != null; line = in.readLine()) {
                                received.add(line);
                            }
                        } catch (IOException e) {
                            // closed
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        server = BacklineServer.start(ServeConfig.ephemeral(dir));
        api = new CrashApi(server.apiUri(), server.adminToken());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        api.close();
        server.close();
        receiver.close();
        origin.stop(0);
    }

    @Test
    void anEndpointMadeThroughTheApiGetsTheLinesAndItsStateIsShown() throws Exception {
        var sid = ok(api.post("/service", Map.of("name", "logs.test"))).json().get("id").asText();
        ok(api.post("/service/" + sid + "/version/1/domain", Map.of("name", "logs.test")));
        ok(api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1",
                "port", Integer.toString(origin.getAddress().getPort()))));
        ok(api.post("/service/" + sid + "/version/1/logging/syslog", Map.of("name", "collector", "address", "127.0.0.1",
                "port", Integer.toString(receiver.getLocalPort()), "format", "%m %U %>s", "message_type", "blank")));
        int closedPort;
        try (var closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        ok(api.post("/service/" + sid + "/version/1/logging/syslog", Map.of("name", "nobody", "address", "127.0.0.1",
                "port", Integer.toString(closedPort), "format", "%U")));
        ok(api.put("/service/" + sid + "/version/1/activate", Map.of()));

        await().atMost(WAIT).until(() -> edge("logs.test", "/hello").statusCode() == 200);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("GET /hello 200");

        await().atMost(WAIT).until(() -> endpoint(status(sid), "collector").get("sent").asLong() == 1
                && endpoint(status(sid), "nobody").get("failed").asLong() >= 1);
        var report = status(sid);
        assertThat(report.get("service_id").asText()).isEqualTo(sid);
        var collector = endpoint(report, "collector");
        assertThat(collector.get("kind").asText()).isEqualTo("logging/syslog");
        assertThat(collector.get("dropped").asLong()).isZero();
        assertThat(collector.get("failed").asLong()).isZero();
        assertThat(collector.get("last_error").isNull()).isTrue();
        assertThat(collector.get("last_success_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        var nobody = endpoint(report, "nobody");
        assertThat(nobody.get("sent").asLong()).isZero();
        assertThat(nobody.get("last_error").asText()).contains("Connection refused");
        assertThat(nobody.get("last_success_at").isNull()).isTrue();
        assertThat(api.get("/service/nosuchservice00000000/logging-status").status()).isEqualTo(404);

        // The same counts in the metrics, which a later activation that retires both endpoints does not lower.
        ok(api.put("/service/" + sid + "/version/1/clone", Map.of()));
        ok(api.delete("/service/" + sid + "/version/2/logging/syslog/collector"));
        ok(api.delete("/service/" + sid + "/version/2/logging/syslog/nobody"));
        ok(api.put("/service/" + sid + "/version/2/activate", Map.of()));
        await().atMost(WAIT).until(() -> status(sid).get("endpoints").isEmpty());
        var metrics = ok(api.get("/_backline/metrics")).body();
        assertThat(metrics).contains("backline_edge_logging_lines_total{kind=\"logging/syslog\",result=\"sent\"} 1.0");
        assertThat(metrics).containsPattern("backline_edge_logging_lines_total\\{kind=\"logging/syslog\",result=\"failed\"} [1-9]");
        assertThat(metrics).contains("backline_edge_logging_lines_total{kind=\"logging/https\",result=\"sent\"} 0.0");
    }

    @Test
    void anAddressWrittenUdpSendsDatagramsToARealReceiver() throws Exception {
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(10_000);
            var sid = ok(api.post("/service", Map.of("name", "udp.test"))).json().get("id").asText();
            ok(api.post("/service/" + sid + "/version/1/domain", Map.of("name", "udp.test")));
            ok(api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1",
                    "port", Integer.toString(origin.getAddress().getPort()))));
            var created = ok(api.post("/service/" + sid + "/version/1/logging/syslog", Map.of("name", "udp", "address",
                    "udp://127.0.0.1", "port", Integer.toString(socket.getLocalPort()), "format", "%m %U %>s",
                    "message_type", "blank"))).json();
            assertThat(created.get("address").asText()).isEqualTo("udp://127.0.0.1");
            assertThat(created.get("ipv4").asText()).isEqualTo("127.0.0.1");
            assertThat(created.get("hostname").isNull()).isTrue();
            assertThat(api.post("/service/" + sid + "/version/1/logging/syslog", Map.of("name", "bad", "address", "udp://",
                    "port", "514")).status()).isEqualTo(400);
            ok(api.put("/service/" + sid + "/version/1/activate", Map.of()));

            await().atMost(WAIT).until(() -> edge("udp.test", "/datagram").statusCode() == 200);
            var packet = new DatagramPacket(new byte[2048], 2048);
            socket.receive(packet);
            assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).strip()).isEqualTo("GET /datagram 200");
            await().atMost(WAIT).until(() -> endpoint(status(sid), "udp").get("sent").asLong() >= 1);
        }
    }

    private JsonNode status(String sid) throws IOException {
        return ok(api.get("/service/" + sid + "/logging-status")).json();
    }

    private static JsonNode endpoint(JsonNode report, String name) {
        for (var endpoint : report.get("endpoints")) {
            if (endpoint.get("name").asText().equals(name)) {
                return endpoint;
            }
        }
        throw new AssertionError("no endpoint " + name + " in " + report);
    }

    private static CrashApi.Reply ok(CrashApi.Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply;
    }

    private HttpResponse<String> edge(String host, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(server.edgeUri().resolve(path)).header("Host", host).timeout(WAIT).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
