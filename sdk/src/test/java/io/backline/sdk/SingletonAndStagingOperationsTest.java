package io.backline.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.sdk.models.components.Backend;
import io.backline.sdk.models.components.Domain;
import io.backline.sdk.models.components.Http3;
import io.backline.sdk.models.components.Settings;
import io.backline.sdk.models.components.VersionResponse;
import io.backline.sdk.models.operations.ActivateServiceVersionEnvironmentRequest;
import io.backline.sdk.models.operations.ActivateServiceVersionRequest;
import io.backline.sdk.models.operations.CloneServiceVersionRequest;
import io.backline.sdk.models.operations.CreateBackendRequest;
import io.backline.sdk.models.operations.CreateDomainRequest;
import io.backline.sdk.models.operations.CreateHttp3Request;
import io.backline.sdk.models.operations.DeactivateServiceVersionEnvironmentRequest;
import io.backline.sdk.models.operations.DeleteHttp3Request;
import io.backline.sdk.models.operations.GetHttp3Request;
import io.backline.sdk.models.operations.GetServiceSettingsRequest;
import io.backline.sdk.models.operations.GetServiceVersionRequest;
import io.backline.sdk.models.operations.UpdateServiceSettingsRequest;
import java.util.Objects;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The singleton groups ({@code settings()}, {@code http3()}) and staging on the version group
 * (ActivateServiceVersionEnvironment, DeactivateServiceVersionEnvironment) against the real server.
 */
class SingletonAndStagingOperationsTest {
    @AutoClose
    private static final SdkTestServer server = SdkTestServer.start();
    private static final Backline client = server.client();
    private String serviceId;

    @BeforeEach
    void newService() {
        serviceId = server.newService(client);
    }

    @Test
    void settingsAnswerTheDefaultsTakeATtlAndRefuseANegativeOne() {
        var read = client.settings().getServiceSettings(GetServiceSettingsRequest.builder().serviceId(serviceId).versionId(1).build());
        assertThat(read.statusCode()).isEqualTo(200);
        var defaults = read.settingsResponse().orElseThrow();
        assertThat(defaults.serviceId()).isEqualTo(serviceId);
        assertThat(defaults.version()).isEqualTo(1);
        assertThat(defaults.generalDefaultTtl()).isEqualTo(3600);
        assertThat(defaults.generalStaleIfError()).isFalse();
        assertThat(defaults.generalStaleIfErrorTtl()).isEqualTo(43_200);

        var updated = client.settings().updateServiceSettings(UpdateServiceSettingsRequest.builder().serviceId(serviceId).versionId(1)
                .settings(Settings.builder().generalDefaultTtl(300).generalStaleIfError(true).build()).build())
                .settingsResponse().orElseThrow();
        assertThat(updated.generalDefaultTtl()).isEqualTo(300);
        assertThat(updated.generalStaleIfError()).isTrue();
        assertThat(updated.generalStaleIfErrorTtl()).isEqualTo(43_200); // not mentioned: left as it was
        var reread = client.settings().getServiceSettings(GetServiceSettingsRequest.builder().serviceId(serviceId).versionId(1).build())
                .settingsResponse().orElseThrow();
        assertThat(reread.generalDefaultTtl()).isEqualTo(300);

        var negative = UpdateServiceSettingsRequest.builder().serviceId(serviceId).versionId(1)
                .settings(Settings.builder().generalDefaultTtl(-1).build()).build();
        assertThatThrownBy(() -> client.settings().updateServiceSettings(negative))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.detail()).contains("general.default_ttl");
                });
        assertThat(client.settings().getServiceSettings(GetServiceSettingsRequest.builder().serviceId(serviceId).versionId(1).build())
                .settingsResponse().orElseThrow().generalDefaultTtl()).isEqualTo(300);
    }

    @Test
    void http3IsEnabledReadAndDisabled() {
        var absent = GetHttp3Request.builder().serviceId(serviceId).versionId(1).build();
        assertThatThrownBy(() -> client.http3().getHttp3(absent)).isInstanceOf(NotFoundException.class);

        var enabled = client.http3().createHttp3(CreateHttp3Request.builder().serviceId(serviceId).versionId(1).build());
        assertThat(enabled.statusCode()).isEqualTo(200);
        var flag = enabled.http3Response().orElseThrow();
        assertThat(flag.serviceId()).isEqualTo(serviceId);
        assertThat(flag.version()).isEqualTo(1);
        assertThat(flag.featureRevision()).isEqualTo(1);
        assertThat(flag.id()).hasSize(22);
        assertThat(flag.createdAt()).isNotNull();

        var again = CreateHttp3Request.builder().serviceId(serviceId).versionId(1).http3(Http3.builder().featureRevision(1).build()).build();
        assertThatThrownBy(() -> client.http3().createHttp3(again)).isInstanceOf(BadRequestException.class);
        assertThat(client.http3().getHttp3(absent).http3Response().orElseThrow().id()).isEqualTo(flag.id());

        var disabled = client.http3().deleteHttp3(DeleteHttp3Request.builder().serviceId(serviceId).versionId(1).build());
        assertThat(disabled.statusResponse().orElseThrow().status()).isEqualTo("ok");
        assertThatThrownBy(() -> client.http3().getHttp3(absent)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aVersionIsStagedAfterOneIsActiveAndUnstaged() {
        client.backend().createBackend(CreateBackendRequest.builder().serviceId(serviceId).versionId(1)
                .backend(Backend.builder().name("origin").address("example.com").build()).build());
        client.domain().createDomain(CreateDomainRequest.builder().serviceId(serviceId).versionId(1)
                .domain(Domain.builder().name(serviceId.toLowerCase() + ".example.com").build()).build());
        var early = ActivateServiceVersionEnvironmentRequest.builder().serviceId(serviceId).versionId(1).environmentName("staging").build();
        assertThatThrownBy(() -> client.version().activateServiceVersionEnvironment(early))
                .isInstanceOfSatisfying(ClientErrorException.class, e -> assertThat(e.detail()).contains("active version"));

        client.version().activateServiceVersion(ActivateServiceVersionRequest.builder().serviceId(serviceId).versionId(1).build());
        int draft = Objects.requireNonNull(client.version().cloneServiceVersion(CloneServiceVersionRequest.builder().serviceId(serviceId)
                .versionId(1).build()).versionResponse().orElseThrow().number());

        var staged = client.version().activateServiceVersionEnvironment(ActivateServiceVersionEnvironmentRequest.builder()
                .serviceId(serviceId).versionId(draft).environmentName("staging").build());
        assertThat(staged.statusCode()).isEqualTo(200);
        var version = staged.versionResponse().orElseThrow();
        assertThat(version.number()).isEqualTo(draft);
        assertThat(version.staging()).isTrue();
        assertThat(version.active()).isFalse();
        assertThat(version.locked()).isFalse(); // staging does not lock, activation does
        assertThat(read(draft).staging()).isTrue();

        var unstaged = client.version().deactivateServiceVersionEnvironment(DeactivateServiceVersionEnvironmentRequest.builder()
                .serviceId(serviceId).versionId(draft).environmentName("staging").build()).versionResponse().orElseThrow();
        assertThat(unstaged.staging()).isFalse();
        assertThat(read(draft).staging()).isFalse();
        assertThat(read(1).active()).isTrue();
    }

    private VersionResponse read(int number) {
        return client.version().getServiceVersion(GetServiceVersionRequest.builder().serviceId(serviceId).versionId(number).build())
                .versionResponse().orElseThrow();
    }
}
