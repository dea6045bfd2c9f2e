package io.backline.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.sdk.models.components.Backend;
import io.backline.sdk.models.components.Domain;
import io.backline.sdk.models.operations.ActivateServiceVersionRequest;
import io.backline.sdk.models.operations.CreateBackendRequest;
import io.backline.sdk.models.operations.CreateDomainRequest;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The purge group ({@code client.purge()}) against the real server: every kind of purge, soft ones, and refusals. */
class PurgeOperationsTest {
    private static final String PURGE_ID = "[0-9]+-[0-9]{10}-[0-9]+";

    @AutoClose
    private static final SdkTestServer server = SdkTestServer.start();
    private static final Backline client = server.client();
    private String serviceId;

    @BeforeEach
    void newService() {
        serviceId = server.newService(client);
    }

    @Test
    void purgeAllAnswersOkWithoutAnId() {
        var purged = client.purge().purgeAll(serviceId);

        assertThat(purged.status()).isEqualTo("ok");
        assertThat(purged.id()).isNull();
    }

    @Test
    void keyPurgesHardAndSoftAnswerDistinctIds() {
        var hard = client.purge().purgeKey(serviceId, "product-1");
        var soft = client.purge().softPurgeKey(serviceId, "product-1");

        assertThat(hard.status()).isEqualTo("ok");
        assertThat(hard.id()).matches(PURGE_ID);
        assertThat(soft.id()).matches(PURGE_ID).isNotEqualTo(hard.id());
    }

    @Test
    void batchPurgesAnswerEveryKeyWithItsId() {
        var ids = client.purge().purgeKeys(serviceId, List.of("a", "b", "c"));
        var softIds = client.purge().softPurgeKeys(serviceId, List.of("d"));

        assertThat(ids).containsOnlyKeys("a", "b", "c");
        assertThat(ids.values()).allMatch(id -> id.matches(PURGE_ID)).doesNotHaveDuplicates();
        assertThat(softIds).containsOnlyKeys("d");
    }

    @Test
    void urlPurgesReachTheServiceWhoseDomainIsTheHost() {
        var domain = "sdk-purge-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        client.backend().createBackend(CreateBackendRequest.builder().serviceId(serviceId).versionId(1)
                .backend(Backend.builder().name("origin").address("origin.example.com").build()).build());
        client.domain().createDomain(CreateDomainRequest.builder().serviceId(serviceId).versionId(1)
                .domain(Domain.builder().name(domain).build()).build());
        client.version().activateServiceVersion(ActivateServiceVersionRequest.builder().serviceId(serviceId).versionId(1).build());

        assertThat(client.purge().purgeUrl("https://" + domain + "/a%20b?x=1").id()).matches(PURGE_ID);
        assertThat(client.purge().softPurgeUrl(domain + "/index.html").status()).isEqualTo("ok");
        assertThatThrownBy(() -> client.purge().purgeUrl("https://nobody.example.net/")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void tooManyKeysAndAMissingScopeAreRefusedWithTheirStatus() {
        var keys = IntStream.rangeClosed(1, 257).mapToObj(i -> "k" + i).toList();
        var readOnly = server.client(server.token("global:read"));

        assertThatThrownBy(() -> client.purge().purgeKeys(serviceId, keys)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("at most 256");
        assertThatThrownBy(() -> readOnly.purge().purgeAll(serviceId)).isInstanceOf(PermissionException.class);
        assertThat(server.client(server.token("purge_select")).purge().purgeKey(serviceId, "k").status()).isEqualTo("ok");
    }
}
