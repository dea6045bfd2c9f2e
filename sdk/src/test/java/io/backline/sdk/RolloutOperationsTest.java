package io.backline.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.sdk.models.components.Backend;
import io.backline.sdk.models.components.Domain;
import io.backline.sdk.models.operations.ActivateServiceVersionRequest;
import io.backline.sdk.models.operations.CloneServiceVersionRequest;
import io.backline.sdk.models.operations.CreateBackendRequest;
import io.backline.sdk.models.operations.CreateDomainRequest;
import io.backline.sdk.models.operations.GetServiceVersionRequest;
import io.backline.sdk.models.operations.StartRolloutRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rollout group ({@code client.rollout()}) against the real server: start, get, list, promote, abort and refusals. */
class RolloutOperationsTest {
    @AutoClose
    private static final SdkTestServer server = SdkTestServer.start();
    private static final Backline client = server.client();
    private String serviceId;

    /** A service whose version 1 is active and whose version 2, a clone, is the candidate. */
    @BeforeEach
    void serviceWithACandidate() {
        serviceId = server.newService(client);
        client.backend().createBackend(CreateBackendRequest.builder().serviceId(serviceId).versionId(1)
                .backend(Backend.builder().name("origin").address("127.0.0.1").port(9).build()).build());
        client.domain().createDomain(CreateDomainRequest.builder().serviceId(serviceId).versionId(1)
                .domain(Domain.builder().name("sdk-rollout-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com").build())
                .build());
        client.version().activateServiceVersion(ActivateServiceVersionRequest.builder().serviceId(serviceId).versionId(1).build());
        client.version().cloneServiceVersion(CloneServiceVersionRequest.builder().serviceId(serviceId).versionId(1).build());
    }

    @Test
    void startAnswersTheRunningRolloutAtItsFirstStepAndGetAndListShowIt() {
        var started = client.rollout().start(StartRolloutRequest.builder().serviceId(serviceId).version(2)
                .steps(List.of(10, 50, 100)).stepSeconds(600).minRequests(50).maxErrorRatio(0.02).baselineMargin(0.01).build());

        assertThat(started.running()).isTrue();
        assertThat(started.id()).isNotBlank();
        assertThat(started.serviceId()).isEqualTo(serviceId);
        assertThat(started.version()).isEqualTo(2);
        assertThat(started.fromVersion()).isEqualTo(1);
        assertThat(started.steps()).containsExactly(10, 50, 100);
        assertThat(started.stepIndex()).isZero();
        assertThat(started.percent()).isEqualTo(10);
        assertThat(started.startedAt()).isNotNull();
        assertThat(started.candidate().stepRequests()).isZero();
        assertThat(started.candidate().stepErrorRatio()).isZero();

        var read = client.rollout().get(serviceId);
        assertThat(read.id()).isEqualTo(started.id());
        assertThat(read.state()).isEqualTo("running");
        assertThat(client.rollout().list(serviceId)).extracting(r -> r.id()).containsExactly(started.id());
    }

    @Test
    void abortLeavesTheOldVersionActiveAndPromoteMakesTheCandidateActive() {
        var plan = StartRolloutRequest.builder().serviceId(serviceId).version(2).stepSeconds(600).build();
        client.rollout().start(plan);

        var aborted = client.rollout().abort(serviceId);

        assertThat(aborted.state()).isEqualTo("aborted");
        assertThat(aborted.running()).isFalse();
        assertThat(client.rollout().get(serviceId).state()).isEqualTo("aborted");
        assertThat(version(1).active()).isTrue();
        assertThat(version(2).active()).isFalse();

        client.rollout().start(plan);
        var promoted = client.rollout().promote(serviceId);

        assertThat(promoted.state()).isEqualTo("promoted");
        assertThat(promoted.percent()).isEqualTo(100);
        assertThat(version(2).active()).isTrue();
        assertThat(version(2).locked()).isTrue();
        assertThat(client.rollout().list(serviceId)).hasSize(2).extracting(r -> r.state())
                .containsExactlyInAnyOrder("aborted", "promoted");
    }

    @Test
    void badPlansASecondRolloutAndAnActivationDuringOneAreRefusedWithTheirStatus() {
        assertThatThrownBy(() -> client.rollout().start(StartRolloutRequest.builder().serviceId(serviceId).version(2)
                .steps(List.of(50, 20, 100)).build())).isInstanceOf(BadRequestException.class).hasMessageContaining("steps");
        assertThatThrownBy(() -> client.rollout().start(StartRolloutRequest.builder().serviceId(serviceId).version(1).build()))
                .isInstanceOf(ClientErrorException.class).hasMessageContaining("version");

        client.rollout().start(StartRolloutRequest.builder().serviceId(serviceId).version(2).stepSeconds(600).build());

        assertThatThrownBy(() -> client.rollout().start(StartRolloutRequest.builder().serviceId(serviceId).version(2).build()))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.version().activateServiceVersion(
                ActivateServiceVersionRequest.builder().serviceId(serviceId).versionId(2).build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("rollout");
        var readOnly = server.client(server.token("global:read"));
        assertThat(readOnly.rollout().get(serviceId).running()).isTrue();
        assertThatThrownBy(() -> readOnly.rollout().abort(serviceId)).isInstanceOf(PermissionException.class);
    }

    private io.backline.sdk.models.components.VersionResponse version(int number) {
        return client.version().getServiceVersion(GetServiceVersionRequest.builder().serviceId(serviceId).versionId(number).build())
                .versionResponse().orElseThrow();
    }
}
