package io.backline.sdk;

import io.backline.app.BacklineServer;
import io.backline.app.HostPort;
import io.backline.app.ServeConfig;
import io.backline.sdk.models.components.Service;
import io.backline.sdk.models.operations.CreateServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The real server, in this JVM on free loopback ports, and clients for it. A test class holds one
 * in a static {@code @AutoClose} field: JUnit starts it when the class first runs and closes it
 * after the class's last test, so no class repeats the start and stop methods.
 */
final class SdkTestServer implements AutoCloseable {
    private final BacklineServer server;

    private SdkTestServer(BacklineServer server) {
        this.server = server;
    }

    /** A server without a write budget. */
    static SdkTestServer start() {
        return start(0);
    }

    static SdkTestServer start(int writesPerHour) {
        try {
            Path dir = Files.createTempDirectory("backline-sdk-test");
            var localhost = new HostPort("127.0.0.1", 0);
            return new SdkTestServer(BacklineServer.start(new ServeConfig(dir, localhost, localhost, writesPerHour)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Backline client() {
        return client(server.adminToken());
    }

    Backline client(String token) {
        return Backline.builder().security(Security.of(token)).serverUrl(server.apiUri()).build();
    }

    /** A token of this scope ({@code global}, {@code global:read}). */
    String token(String scope) {
        return server.tokens().create("sdk-test-" + scope, scope, List.of()).secret();
    }

    /** A new service with a unique name; its version 1 is a draft. */
    String newService(Backline client) {
        var name = "sdk-" + UUID.randomUUID();
        var created = client.service().createService(CreateServiceRequest.builder().service(Service.builder().name(name).build()).build());
        return created.serviceResponse().orElseThrow().id();
    }

    @Override
    public void close() {
        server.close();
    }
}
