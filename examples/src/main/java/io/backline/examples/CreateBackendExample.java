package io.backline.examples;

import io.backline.sdk.Backline;
import io.backline.sdk.Security;
import io.backline.sdk.models.components.Backend;
import io.backline.sdk.models.operations.CreateBackendRequest;
import io.backline.sdk.models.operations.CreateBackendResponse;

/**
 * The Fastly SDK's CreateBackend example, in Java: build the client, create {@code test-backend}
 * with its fields, read the typed response.
 *
 * <pre>{@code
 * FASTLY_API_TOKEN=… java … io.backline.examples.CreateBackendExample http://127.0.0.1:8080 SERVICE_ID 1
 * }</pre>
 */
public final class CreateBackendExample {
    private CreateBackendExample() {}

    public static void main(String[] args) {
        String serverUrl = args[0];
        String serviceId = args[1];
        int versionId = Integer.parseInt(args[2]);

        Backline sdk = Backline.builder()
                .security(Security.of(System.getenv("FASTLY_API_TOKEN")))
                .serverUrl(serverUrl)
                .build();

        CreateBackendRequest req = CreateBackendRequest.builder()
                .serviceId(serviceId)
                .versionId(versionId)
                .backend(Backend.builder()
                        .address("example.com")
                        .autoLoadbalance(false)
                        .betweenBytesTimeout(10_000)
                        .comment("")
                        .connectTimeout(1_000)
                        .firstByteTimeout(15_000)
                        .maxConn(200)
                        .name("test-backend")
                        .overrideHost("")
                        .port(443)
                        .preferIpv6(true)
                        .shield("")
                        .sslCertHostname("example.com")
                        .sslCheckCert(true)
                        .sslSniHostname("example.com")
                        .useSsl(true)
                        .weight(100)
                        .build())
                .build();

        CreateBackendResponse res = sdk.backend().createBackend(req);

        if (res.backendResponse().isPresent()) {
            var backend = res.backendResponse().get();
            System.out.println(res.statusCode() + " " + backend.name() + " -> " + backend.address() + ":" + backend.port()
                    + " (use_ssl=" + backend.useSsl() + ", version " + backend.version() + ")");
        }
    }
}
