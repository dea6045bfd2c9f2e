package io.backline.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.sdk.models.components.Backend;
import io.backline.sdk.models.components.BackendResponse;
import io.backline.sdk.models.operations.CreateBackendRequest;
import io.backline.sdk.models.operations.DeleteBackendRequest;
import io.backline.sdk.models.operations.GetBackendRequest;
import io.backline.sdk.models.operations.ListBackendsRequest;
import io.backline.sdk.models.operations.UpdateBackendRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CreateBackend, GetBackend, ListBackends, UpdateBackend and DeleteBackend against the real server. */
class BackendOperationsTest {
    @AutoClose
    private static final SdkTestServer server = SdkTestServer.start();
    private static final Backline client = server.client();
    private String serviceId;

    @BeforeEach
    void service() {
        serviceId = server.newService(client);
    }

    @Test
    void createBackendAnswersTheTypedBackendWithStatusAndContentType() {
        var response = client.backend().createBackend(CreateBackendRequest.builder()
                .serviceId(serviceId)
                .versionId(1)
                .backend(Backend.builder()
                        .name("test-backend")
                        .address("example.com")
                        .port(443)
                        .useSsl(true)
                        .sslCertHostname("example.com")
                        .overrideHost("origin.example.com")
                        .connectTimeout(2_000)
                        .firstByteTimeout(20_000)
                        .maxConn(50)
                        .weight(7)
                        .keepaliveTime(30)
                        .tcpKeepaliveEnable(true)
                        .comment("made by the SDK")
                        .build())
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.rawResponse().body()).isNotEmpty();
        BackendResponse backend = response.backendResponse().orElseThrow();
        assertThat(backend.name()).isEqualTo("test-backend");
        assertThat(backend.address()).isEqualTo("example.com");
        assertThat(backend.hostname()).isEqualTo("example.com");
        assertThat(backend.port()).isEqualTo(443);
        assertThat(backend.useSsl()).isTrue();
        assertThat(backend.sslCertHostname()).isEqualTo("example.com");
        assertThat(backend.overrideHost()).isEqualTo("origin.example.com");
        assertThat(backend.connectTimeout()).isEqualTo(2_000);
        assertThat(backend.firstByteTimeout()).isEqualTo(20_000);
        assertThat(backend.betweenBytesTimeout()).isEqualTo(10_000); // the API's default
        assertThat(backend.maxConn()).isEqualTo(50);
        assertThat(backend.weight()).isEqualTo(7);
        assertThat(backend.keepaliveTime()).isEqualTo(30);
        assertThat(backend.tcpKeepaliveEnable()).isTrue();
        assertThat(backend.comment()).isEqualTo("made by the SDK");
        assertThat(backend.serviceId()).isEqualTo(serviceId);
        assertThat(backend.version()).isEqualTo(1);
        assertThat(backend.createdAt()).isNotNull();
        assertThat(backend.deletedAt()).isNull();
    }

    @Test
    void getAndListReadWhatWasCreatedInCreationOrder() {
        create("first", "a.example.com");
        create("second", "b.example.com");

        var got = client.backend().getBackend(GetBackendRequest.builder().serviceId(serviceId).versionId(1).backendName("second").build());
        assertThat(got.backendResponse().orElseThrow().address()).isEqualTo("b.example.com");

        var listed = client.backend().listBackends(ListBackendsRequest.builder().serviceId(serviceId).versionId(1).build());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.backendResponses().orElseThrow()).extracting(BackendResponse::name).containsExactly("first", "second");
    }

    @Test
    void anUpdateLeavesUnmentionedFieldsClearsClearedOnesAndSetsSetOnes() {
        client.backend().createBackend(CreateBackendRequest.builder().serviceId(serviceId).versionId(1)
                .backend(Backend.builder().name("origin").address("example.com").overrideHost("old.example.com")
                        .comment("keep me").weight(5).build())
                .build());

        var updated = client.backend().updateBackend(UpdateBackendRequest.builder().serviceId(serviceId).versionId(1)
                .backendName("origin")
                .backend(Backend.builder().clearOverrideHost().weight(9).build())
                .build()).backendResponse().orElseThrow();

        assertThat(updated.overrideHost()).isNull(); // cleared
        assertThat(updated.weight()).isEqualTo(9); // set
        assertThat(updated.comment()).isEqualTo("keep me"); // left as it was
        assertThat(updated.address()).isEqualTo("example.com");
        var read = client.backend().getBackend(GetBackendRequest.builder().serviceId(serviceId).versionId(1).backendName("origin").build());
        assertThat(read.backendResponse().orElseThrow().overrideHost()).isNull();
    }

    @Test
    void clearingAFieldWithADefaultRestoresTheDefault() {
        client.backend().createBackend(CreateBackendRequest.builder().serviceId(serviceId).versionId(1)
                .backend(Backend.builder().name("origin").address("example.com").port(8080).weight(5).build()).build());

        var updated = client.backend().updateBackend(UpdateBackendRequest.builder().serviceId(serviceId).versionId(1).backendName("origin")
                .backend(Backend.builder().clearPort().clearWeight().build()).build()).backendResponse().orElseThrow();

        assertThat(updated.port()).isEqualTo(80);
        assertThat(updated.weight()).isEqualTo(100);
    }

    @Test
    void aNameInTheUpdateBodyRenamesTheBackend() {
        create("old-name", "example.com");
        client.backend().updateBackend(UpdateBackendRequest.builder().serviceId(serviceId).versionId(1).backendName("old-name")
                .backend(Backend.builder().name("new-name").build()).build());

        assertThat(client.backend().getBackend(GetBackendRequest.builder().serviceId(serviceId).versionId(1).backendName("new-name")
                .build()).backendResponse().orElseThrow().address()).isEqualTo("example.com");
        assertThatThrownBy(() -> client.backend().getBackend(GetBackendRequest.builder().serviceId(serviceId).versionId(1)
                .backendName("old-name").build())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteBackendAnswersTheStatusAndTheBackendIsGone() {
        create("doomed", "example.com");
        var deleted = client.backend().deleteBackend(DeleteBackendRequest.builder().serviceId(serviceId).versionId(1).backendName("doomed")
                .build());

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.statusResponse().orElseThrow().status()).isEqualTo("ok");
        assertThat(client.backend().listBackends(ListBackendsRequest.builder().serviceId(serviceId).versionId(1).build())
                .backendResponses().orElseThrow()).isEmpty();
    }

    @Test
    void aBackendNameWithASlashTravelsEscaped() {
        create("api/v1", "example.com");
        var got = client.backend().getBackend(GetBackendRequest.builder().serviceId(serviceId).versionId(1).backendName("api/v1").build());
        assertThat(got.backendResponse().orElseThrow().name()).isEqualTo("api/v1");
    }

    @Test
    void latestAndActiveAreResolvedToTheirNumbers() {
        create("origin", "v1.example.com");
        client.version().activateServiceVersion(io.backline.sdk.models.operations.ActivateServiceVersionRequest.builder()
                .serviceId(serviceId).versionId(1).build());
        client.version().cloneServiceVersion(io.backline.sdk.models.operations.CloneServiceVersionRequest.builder()
                .serviceId(serviceId).versionId(VersionRef.ACTIVE).build());
        client.backend().updateBackend(UpdateBackendRequest.builder().serviceId(serviceId).versionId(VersionRef.LATEST).backendName("origin")
                .backend(Backend.builder().address("v2.example.com").build()).build());

        var active = client.backend().getBackend(GetBackendRequest.builder().serviceId(serviceId).versionId(VersionRef.ACTIVE)
                .backendName("origin").build()).backendResponse().orElseThrow();
        var latest = client.backend().getBackend(GetBackendRequest.builder().serviceId(serviceId).versionId(VersionRef.LATEST)
                .backendName("origin").build()).backendResponse().orElseThrow();
        assertThat(active.version()).isEqualTo(1);
        assertThat(active.address()).isEqualTo("v1.example.com");
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.address()).isEqualTo("v2.example.com");
    }

    @Test
    void activeOnAServiceWithNothingActiveIsANotFoundNamingIt() {
        assertThatThrownBy(() -> client.backend().listBackends(ListBackendsRequest.builder().serviceId(serviceId)
                .versionId(VersionRef.ACTIVE).build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.detail()).contains("no active version"));
    }

    @Test
    void aRequestWithoutItsRequiredPartsIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> GetBackendRequest.builder().serviceId(serviceId).versionId(1).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("backendName is required");
    }

    @Test
    void theClientKeyNeverShowsInToString() {
        var body = Backend.builder().name("mtls").address("example.com").sslClientKey("-----BEGIN PRIVATE KEY-----secret").build();
        assertThat(body.toString()).doesNotContain("secret").contains("ssl_client_key=…");
    }

    private void create(String name, String address) {
        client.backend().createBackend(CreateBackendRequest.builder().serviceId(serviceId).versionId(1)
                .backend(Backend.builder().name(name).address(address).build()).build());
    }
}
