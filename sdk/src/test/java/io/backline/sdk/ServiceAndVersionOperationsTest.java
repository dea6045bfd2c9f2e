package io.backline.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.sdk.models.components.Backend;
import io.backline.sdk.models.components.Condition;
import io.backline.sdk.models.components.ConditionResponse;
import io.backline.sdk.models.components.Domain;
import io.backline.sdk.models.components.DomainResponse;
import io.backline.sdk.models.components.Healthcheck;
import io.backline.sdk.models.components.HealthcheckResponse;
import io.backline.sdk.models.components.Service;
import io.backline.sdk.models.components.ServiceResponse;
import io.backline.sdk.models.components.Version;
import io.backline.sdk.models.components.VersionResponse;
import io.backline.sdk.models.operations.ActivateServiceVersionRequest;
import io.backline.sdk.models.operations.CloneServiceVersionRequest;
import io.backline.sdk.models.operations.CreateBackendRequest;
import io.backline.sdk.models.operations.CreateConditionRequest;
import io.backline.sdk.models.operations.CreateDomainRequest;
import io.backline.sdk.models.operations.CreateHealthcheckRequest;
import io.backline.sdk.models.operations.CreateServiceRequest;
import io.backline.sdk.models.operations.CreateServiceVersionRequest;
import io.backline.sdk.models.operations.DeactivateServiceVersionRequest;
import io.backline.sdk.models.operations.DeleteConditionRequest;
import io.backline.sdk.models.operations.DeleteDomainRequest;
import io.backline.sdk.models.operations.DeleteHealthcheckRequest;
import io.backline.sdk.models.operations.DeleteServiceRequest;
import io.backline.sdk.models.operations.GetConditionRequest;
import io.backline.sdk.models.operations.GetDomainRequest;
import io.backline.sdk.models.operations.GetHealthcheckRequest;
import io.backline.sdk.models.operations.GetServiceDetailRequest;
import io.backline.sdk.models.operations.GetServiceRequest;
import io.backline.sdk.models.operations.GetServiceVersionRequest;
import io.backline.sdk.models.operations.ListBackendsRequest;
import io.backline.sdk.models.operations.ListConditionsRequest;
import io.backline.sdk.models.operations.ListDomainsRequest;
import io.backline.sdk.models.operations.ListHealthchecksRequest;
import io.backline.sdk.models.operations.ListServiceVersionsRequest;
import io.backline.sdk.models.operations.ListServicesRequest;
import io.backline.sdk.models.operations.LockServiceVersionRequest;
import io.backline.sdk.models.operations.SearchServiceRequest;
import io.backline.sdk.models.operations.UpdateConditionRequest;
import io.backline.sdk.models.operations.UpdateDomainRequest;
import io.backline.sdk.models.operations.UpdateHealthcheckRequest;
import io.backline.sdk.models.operations.UpdateServiceRequest;
import io.backline.sdk.models.operations.UpdateServiceVersionRequest;
import io.backline.sdk.models.operations.ValidateServiceVersionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The service, version, condition, health-check and domain groups against the real server. */
class ServiceAndVersionOperationsTest {
    @AutoClose
    private static final SdkTestServer server = SdkTestServer.start();
    private static final Backline client = server.client();

    @Test
    void serviceLifecycleCreateGetDetailSearchUpdateDelete() {
        var name = "shop-" + UUID.randomUUID();
        var created = client.service().createService(CreateServiceRequest.builder()
                .service(Service.builder().name(name).comment("storefront").build()).build());
        var id = created.serviceResponse().orElseThrow().id();
        assertThat(created.serviceResponse().orElseThrow().versions()).extracting(VersionResponse::number).containsExactly(1);

        var got = client.service().getService(GetServiceRequest.builder().serviceId(id).build()).serviceResponse().orElseThrow();
        assertThat(got.name()).isEqualTo(name);
        assertThat(got.comment()).isEqualTo("storefront");
        assertThat(got.type()).isEqualTo("vcl");
        var detail = client.service().getServiceDetail(GetServiceDetailRequest.builder().serviceId(id).build()).serviceDetail().orElseThrow();
        assertThat(detail.id()).isEqualTo(id);
        assertThat(detail.activeVersion()).isNull();
        assertThat(detail.version().number()).isEqualTo(1);
        assertThat(client.service().searchService(SearchServiceRequest.builder().name(name).build())
                .serviceResponse().orElseThrow().id()).isEqualTo(id);

        var renamed = client.service().updateService(UpdateServiceRequest.builder().serviceId(id)
                .service(Service.builder().name(name + "-2").build()).build()).serviceResponse().orElseThrow();
        assertThat(renamed.name()).isEqualTo(name + "-2");
        assertThat(renamed.comment()).isEqualTo("storefront");

        var deleted = client.service().deleteService(DeleteServiceRequest.builder().serviceId(id).build());
        assertThat(deleted.statusResponse().orElseThrow().status()).isEqualTo("ok");
        assertThatThrownBy(() -> client.service().getService(GetServiceRequest.builder().serviceId(id).build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void listServicesAutoPagingWalksEveryPage() {
        var prefix = "paged-" + UUID.randomUUID() + "-";
        var ids = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.service().createService(CreateServiceRequest.builder()
                    .service(Service.builder().name(prefix + i).build()).build()).serviceResponse().orElseThrow().id());
        }
        var firstPage = client.service().listServices(ListServicesRequest.builder().perPage(2).build());
        assertThat(firstPage.serviceResponses().orElseThrow()).hasSize(2);
        assertThat(firstPage.hasNextPage()).isTrue();

        var seen = new ArrayList<String>();
        for (var service : client.service().listServicesAutoPaging(ListServicesRequest.builder().perPage(2).build())) {
            seen.add(service.id());
        }
        assertThat(seen).containsAll(ids).doesNotHaveDuplicates();
        int total = seen.size();
        var lastPage = client.service().listServices(ListServicesRequest.builder().perPage(2).page((total + 1) / 2).build());
        assertThat(lastPage.hasNextPage()).isFalse();
    }

    @Test
    void versionLifecycleCreateUpdateCloneValidateActivateDeactivateLock() {
        var id = server.newService(client);
        client.backend().createBackend(CreateBackendRequest.builder().serviceId(id).versionId(1)
                .backend(Backend.builder().name("origin").address("example.com").build()).build());
        client.domain().createDomain(CreateDomainRequest.builder().serviceId(id).versionId(1)
                .domain(Domain.builder().name(id.toLowerCase() + ".example.com").build()).build());

        var blank = client.version().createServiceVersion(CreateServiceVersionRequest.builder().serviceId(id).build())
                .versionResponse().orElseThrow();
        assertThat(blank.number()).isEqualTo(2);
        var commented = client.version().updateServiceVersion(UpdateServiceVersionRequest.builder().serviceId(id).versionId(1)
                .version(Version.builder().comment("first").build()).build()).versionResponse().orElseThrow();
        assertThat(commented.comment()).isEqualTo("first");

        var valid = client.version().validateServiceVersion(ValidateServiceVersionRequest.builder().serviceId(id).versionId(1).build())
                .validatorResult().orElseThrow();
        assertThat(valid.status()).isEqualTo("ok");

        var activated = client.version().activateServiceVersion(ActivateServiceVersionRequest.builder().serviceId(id).versionId(1)
                .build()).versionResponse().orElseThrow();
        assertThat(activated.active()).isTrue();
        assertThat(activated.locked()).isTrue();

        var clone = client.version().cloneServiceVersion(CloneServiceVersionRequest.builder().serviceId(id).versionId(1).build())
                .versionResponse().orElseThrow();
        assertThat(clone.number()).isEqualTo(3);
        assertThat(clone.active()).isFalse();
        assertThat(client.backend().listBackends(ListBackendsRequest.builder().serviceId(id).versionId(3).build())
                .backendResponses().orElseThrow()).hasSize(1);

        var locked = client.version().lockServiceVersion(LockServiceVersionRequest.builder().serviceId(id).versionId(3).build())
                .versionResponse().orElseThrow();
        assertThat(locked.locked()).isTrue();

        var deactivated = client.version().deactivateServiceVersion(DeactivateServiceVersionRequest.builder().serviceId(id)
                .versionId(VersionRef.ACTIVE).build()).versionResponse().orElseThrow();
        assertThat(deactivated.number()).isEqualTo(1);
        assertThat(deactivated.active()).isFalse();

        client.version().activateServiceVersion(ActivateServiceVersionRequest.builder().serviceId(id).versionId(1).build());
        var detail = client.service().getServiceDetail(GetServiceDetailRequest.builder().serviceId(id).build()).serviceDetail().orElseThrow();
        assertThat(detail.activeVersion().number()).isEqualTo(1);
        assertThat(detail.activeVersion().backends()).extracting(b -> b.name()).containsExactly("origin");
        assertThat(detail.activeVersion().domains()).hasSize(1);
        assertThat(detail.versions()).hasSize(3);
        var versions = client.version().listServiceVersions(ListServiceVersionsRequest.builder().serviceId(id).build())
                .versionResponses().orElseThrow();
        assertThat(versions).extracting(VersionResponse::number).containsExactly(1, 2, 3);
        assertThat(client.version().getServiceVersion(GetServiceVersionRequest.builder().serviceId(id).versionId(VersionRef.LATEST)
                .build()).versionResponse().orElseThrow().number()).isEqualTo(3);
    }

    @Test
    void validatingAVersionWithADanglingConditionReportsTheError() {
        var id = server.newService(client);
        client.backend().createBackend(CreateBackendRequest.builder().serviceId(id).versionId(1)
                .backend(Backend.builder().name("origin").address("example.com").requestCondition("missing").build()).build());

        var result = client.version().validateServiceVersion(ValidateServiceVersionRequest.builder().serviceId(id).versionId(1).build())
                .validatorResult().orElseThrow();
        assertThat(result.status()).isEqualTo("error");
        assertThat(String.join("\n", result.errors())).contains("missing");
    }

    @Test
    void conditionOperationsReadPriorityAsANumber() {
        var id = server.newService(client);
        var created = client.condition().createCondition(CreateConditionRequest.builder().serviceId(id).versionId(1)
                .condition(Condition.builder().name("is_api").statement("req.url ~ \"^/api/\"").type("REQUEST").priority(10).build())
                .build()).conditionResponse().orElseThrow();
        assertThat(created.priority()).isEqualTo(10);
        assertThat(created.version()).isEqualTo(1);

        var updated = client.condition().updateCondition(UpdateConditionRequest.builder().serviceId(id).versionId(1).conditionName("is_api")
                .condition(Condition.builder().priority(20).build()).build()).conditionResponse().orElseThrow();
        assertThat(updated.priority()).isEqualTo(20);
        assertThat(updated.statement()).isEqualTo("req.url ~ \"^/api/\"");
        assertThat(client.condition().getCondition(GetConditionRequest.builder().serviceId(id).versionId(1).conditionName("is_api").build())
                .conditionResponse().orElseThrow().type()).isEqualTo("REQUEST");
        assertThat(client.condition().listConditions(ListConditionsRequest.builder().serviceId(id).versionId(1).build())
                .conditionResponses().orElseThrow()).extracting(ConditionResponse::name).containsExactly("is_api");
        assertThat(client.condition().deleteCondition(DeleteConditionRequest.builder().serviceId(id).versionId(1).conditionName("is_api")
                .build()).statusResponse().orElseThrow().status()).isEqualTo("ok");
    }

    @Test
    void healthcheckOperationsKeepTheHeaderList() {
        // Sent as "X-Probe:1" (no space, as go-fastly sends it) and out of order: answered in
        // Fastly's normal form, "Name: value" and sorted (docs/compatibility.md).
        var id = server.newService(client);
        var created = client.healthcheck().createHealthcheck(CreateHealthcheckRequest.builder().serviceId(id).versionId(1)
                .healthcheck(Healthcheck.builder().name("alive").path("/health").host("example.com").checkInterval(5_000)
                        .headers(List.of("X-Probe:1", "Accept: */*")).build())
                .build()).healthcheckResponse().orElseThrow();
        assertThat(created.headers()).containsExactly("Accept: */*", "X-Probe: 1");
        assertThat(created.checkInterval()).isEqualTo(5_000);

        var cleared = client.healthcheck().updateHealthcheck(UpdateHealthcheckRequest.builder().serviceId(id).versionId(1)
                .healthcheckName("alive").healthcheck(Healthcheck.builder().clearHost().build()).build()).healthcheckResponse().orElseThrow();
        assertThat(cleared.host()).isNull();
        assertThat(cleared.path()).isEqualTo("/health");
        assertThat(client.healthcheck().listHealthchecks(ListHealthchecksRequest.builder().serviceId(id).versionId(1).build())
                .healthcheckResponses().orElseThrow()).extracting(HealthcheckResponse::name).containsExactly("alive");
        assertThat(client.healthcheck().getHealthcheck(GetHealthcheckRequest.builder().serviceId(id).versionId(1).healthcheckName("alive")
                .build()).healthcheckResponse().orElseThrow().method()).isEqualTo("HEAD");
        client.healthcheck().deleteHealthcheck(DeleteHealthcheckRequest.builder().serviceId(id).versionId(1).healthcheckName("alive").build());
        assertThat(client.healthcheck().listHealthchecks(ListHealthchecksRequest.builder().serviceId(id).versionId(1).build())
                .healthcheckResponses().orElseThrow()).isEmpty();
    }

    @Test
    void domainOperations() {
        var id = server.newService(client);
        var name = id.toLowerCase() + ".example.com";
        client.domain().createDomain(CreateDomainRequest.builder().serviceId(id).versionId(1)
                .domain(Domain.builder().name(name).comment("shop").build()).build());
        assertThat(client.domain().getDomain(GetDomainRequest.builder().serviceId(id).versionId(1).domainName(name).build())
                .domainResponse().orElseThrow().comment()).isEqualTo("shop");
        client.domain().updateDomain(UpdateDomainRequest.builder().serviceId(id).versionId(1).domainName(name)
                .domain(Domain.builder().clearComment().build()).build());
        var listed = client.domain().listDomains(ListDomainsRequest.builder().serviceId(id).versionId(1).build()).domainResponses().orElseThrow();
        assertThat(listed).extracting(DomainResponse::name).containsExactly(name);
        assertThat(listed.getFirst().comment()).isEmpty();
        client.domain().deleteDomain(DeleteDomainRequest.builder().serviceId(id).versionId(1).domainName(name).build());
        assertThat(client.domain().listDomains(ListDomainsRequest.builder().serviceId(id).versionId(1).build()).domainResponses()
                .orElseThrow()).isEmpty();
    }

    @Test
    void serviceResponsesCarryTheirVersions() {
        var id = server.newService(client);
        client.version().cloneServiceVersion(CloneServiceVersionRequest.builder().serviceId(id).versionId(1).build());
        ServiceResponse service = client.service().getService(GetServiceRequest.builder().serviceId(id).build()).serviceResponse().orElseThrow();
        assertThat(service.versions()).extracting(VersionResponse::number).containsExactly(1, 2);
    }
}
