package io.backline.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.backline.sdk.models.components.Backend;
import io.backline.sdk.models.components.Service;
import io.backline.sdk.models.operations.ActivateServiceVersionRequest;
import io.backline.sdk.models.operations.CreateBackendRequest;
import io.backline.sdk.models.operations.CreateServiceRequest;
import io.backline.sdk.models.operations.GetBackendRequest;
import io.backline.sdk.models.operations.GetServiceRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Error statuses become typed exceptions carrying status, msg, detail, rate limits and the call
 * (the real server); retries follow the status and the operation (a stand-in server that answers
 * scripted statuses, since the real one does not fail on demand).
 */
class ErrorsAndRetriesTest {
    private static final RequestOptions FAST_RETRIES = RequestOptions.builder().maxRetries(2)
            .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();

    @AutoClose
    private static final SdkTestServer server = SdkTestServer.start();
    private static final Backline client = server.client();
    private HttpServer fake;

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.stop(0);
        }
    }

    @Test
    void anUnknownTokenIs401() {
        var stranger = server.client("not-a-real-token");
        assertThatThrownBy(() -> stranger.service().getService(GetServiceRequest.builder().serviceId("0000000000000000000000").build()))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.request()).startsWith("GET http://127.0.0.1:").endsWith("/service/0000000000000000000000");
                    assertThat(e.getMessage()).doesNotContain("not-a-real-token");
                });
    }

    @Test
    void aReadOnlyTokenWritingIs403() {
        var reader = server.client(server.token("global:read"));
        assertThatThrownBy(() -> reader.service().createService(CreateServiceRequest.builder()
                .service(Service.builder().name("nope-" + UUID.randomUUID()).build()).build()))
                .isInstanceOfSatisfying(PermissionException.class, e -> assertThat(e.statusCode()).isEqualTo(403))
                .isInstanceOf(ClientErrorException.class);
    }

    @Test
    void aMissingBackendIs404WithFastlysMessage() {
        var id = server.newService(client);
        assertThatThrownBy(() -> client.backend().getBackend(GetBackendRequest.builder().serviceId(id).versionId(1).backendName("ghost")
                .build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.msg()).isNotBlank();
                    assertThat(e.body()).contains("\"msg\"");
                });
    }

    @Test
    void aDuplicateBackendIs409() {
        var id = server.newService(client);
        var create = CreateBackendRequest.builder().serviceId(id).versionId(1)
                .backend(Backend.builder().name("origin").address("example.com").build()).build();
        client.backend().createBackend(create);
        assertThatThrownBy(() -> client.backend().createBackend(create))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.detail()).contains("origin"));
    }

    @Test
    void aWriteToALockedVersionIs422() {
        var id = server.newService(client);
        client.backend().createBackend(CreateBackendRequest.builder().serviceId(id).versionId(1)
                .backend(Backend.builder().name("origin").address("example.com").build()).build());
        client.version().activateServiceVersion(ActivateServiceVersionRequest.builder().serviceId(id).versionId(1).build());
        assertThatThrownBy(() -> client.backend().createBackend(CreateBackendRequest.builder().serviceId(id).versionId(1)
                .backend(Backend.builder().name("second").address("example.com").build()).build()))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.statusCode()).isEqualTo(422));
    }

    @Test
    void aValueBreakingItsRuleIs400WithADetailNamingTheField() {
        var id = server.newService(client);
        assertThatThrownBy(() -> client.backend().createBackend(CreateBackendRequest.builder().serviceId(id).versionId(1)
                .backend(Backend.builder().name("origin").address("example.com").port(70_000).build()).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.detail()).contains("port");
                });
    }

    @Test
    void aSpentWriteBudgetIs429WithTheRateLimitFigures() {
        try (var limited = SdkTestServer.start(2)) {
            var limitedClient = limited.client();
            limitedClient.service().createService(CreateServiceRequest.builder().service(Service.builder().name("a").build()).build());
            limitedClient.service().createService(CreateServiceRequest.builder().service(Service.builder().name("b").build()).build());
            long started = System.nanoTime();
            assertThatThrownBy(() -> limitedClient.service().createService(CreateServiceRequest.builder()
                    .service(Service.builder().name("c").build()).build()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.rateLimit().remaining()).isZero();
                        assertThat(e.rateLimit().reset()).isAfter(Instant.now());
                    });
            // The reset is the next hour, beyond the longest wait: the 429 surfaces at once instead of sleeping.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Transport.MAX_RESET_WAIT);
        }
    }

    @Test
    void idempotentCallsAreRetriedOn5xxUntilTheySucceed() throws IOException {
        var hits = fake(503, 502, 200);
        var fakeClient = fakeClient(FAST_RETRIES);
        var response = fakeClient.service().getService(GetServiceRequest.builder().serviceId("abc").build());
        assertThat(response.serviceResponse().orElseThrow().id()).isEqualTo("abc");
        assertThat(hits.get()).isEqualTo(3);
    }

    @Test
    void retriesStopAtTheLimitAndTheLastErrorSurfaces() throws IOException {
        var hits = fake(500, 500, 500, 200);
        assertThatThrownBy(() -> fakeClient(FAST_RETRIES).service().getService(GetServiceRequest.builder().serviceId("abc").build()))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(hits.get()).isEqualTo(3);
    }

    @Test
    void aCreateIsNotRetriedOn5xxSinceItMayHaveHappened() throws IOException {
        var hits = fake(503, 200);
        assertThatThrownBy(() -> fakeClient(FAST_RETRIES).service().createService(CreateServiceRequest.builder()
                .service(Service.builder().name("x").build()).build())).isInstanceOf(ServerErrorException.class);
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void a429IsRetriedEvenForACreateOnceTheResetHasPassed() throws IOException {
        var hits = fake(429, 200);
        var response = fakeClient(FAST_RETRIES).service().createService(CreateServiceRequest.builder()
                .service(Service.builder().name("x").build()).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(hits.get()).isEqualTo(2);
    }

    @Test
    void retriesCanBeTurnedOffPerRequest() throws IOException {
        var hits = fake(503, 200);
        assertThatThrownBy(() -> fakeClient(FAST_RETRIES).service().getService(GetServiceRequest.builder().serviceId("abc").build(),
                RequestOptions.builder().noRetries().build())).isInstanceOf(ServerErrorException.class);
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void aTimeoutPerRequestEndsTheCallAsAConnectionFailure() throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", exchange -> {
            try {
                Thread.sleep(2_000); // the fake server must stall past the per-request timeout: the sleep is the behaviour
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        fake.start();
        long started = System.nanoTime();
        assertThatThrownBy(() -> fakeClient(FAST_RETRIES).service().getService(GetServiceRequest.builder().serviceId("abc").build(),
                RequestOptions.builder().timeout(Duration.ofMillis(200)).noRetries().build()))
                .isInstanceOf(ApiConnectionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void aClosedPortIsAConnectionFailure() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var nowhere = Backline.builder().security(Security.of("token")).serverUrl("http://127.0.0.1:" + port)
                .defaultOptions(RequestOptions.builder().noRetries().build()).build();
        assertThatThrownBy(() -> nowhere.service().getService(GetServiceRequest.builder().serviceId("abc").build()))
                .isInstanceOf(ApiConnectionException.class).hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void theDefaultServerIsFastlysOwn() {
        var fastly = Backline.builder().security(Security.of("token")).build();
        assertThat(fastly.serverUrl().toString()).isEqualTo("https://api.fastly.com");
        assertThat(Security.of("secret-token").toString()).doesNotContain("secret-token");
    }

    /** A stand-in API answering these statuses in turn (the last one repeats); counts the requests. */
    private AtomicInteger fake(int... statuses) throws IOException {
        var hits = new AtomicInteger();
        Deque<Integer> script = new ArrayDeque<>();
        for (int status : statuses) {
            script.add(status);
        }
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", exchange -> {
            hits.incrementAndGet();
            int status = script.size() > 1 ? script.poll() : script.peek();
            var body = status == 200 ? "{\"id\":\"abc\",\"name\":\"x\",\"versions\":[]}"
                    : "{\"msg\":\"scripted\",\"detail\":\"status " + status + "\"}";
            if (status == 429) {
                exchange.getResponseHeaders().add("Fastly-RateLimit-Remaining", "0");
                exchange.getResponseHeaders().add("Fastly-RateLimit-Reset", Long.toString(Instant.now().getEpochSecond()));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        fake.start();
        return hits;
    }

    private Backline fakeClient(RequestOptions options) {
        return Backline.builder().security(Security.of("token")).serverUrl("http://127.0.0.1:" + fake.getAddress().getPort())
                .defaultOptions(options).build();
    }
}
