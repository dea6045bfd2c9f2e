package io.backline.examples;

import io.backline.sdk.Backline;
import io.backline.sdk.Security;
import io.backline.sdk.VersionRef;
import io.backline.sdk.models.components.Backend;
import io.backline.sdk.models.components.Domain;
import io.backline.sdk.models.components.Service;
import io.backline.sdk.models.operations.ActivateServiceVersionRequest;
import io.backline.sdk.models.operations.CloneServiceVersionRequest;
import io.backline.sdk.models.operations.CreateBackendRequest;
import io.backline.sdk.models.operations.CreateDomainRequest;
import io.backline.sdk.models.operations.CreateServiceRequest;
import io.backline.sdk.models.operations.GetServiceDetailRequest;
import io.backline.sdk.models.operations.ListBackendsRequest;
import io.backline.sdk.models.operations.UpdateBackendRequest;
import java.util.Objects;

/**
 * A service from nothing to traffic: create it (version 1 comes with it), add a domain and a
 * backend, activate, clone, repoint the backend in the clone, activate that, and print each step.
 *
 * <pre>{@code
 * FASTLY_API_TOKEN=$(cat data/admin-token) java … io.backline.examples.Tour http://127.0.0.1:8080 shop.test
 * }</pre>
 */
public final class Tour {
    private Tour() {}

    public static void main(String[] args) {
        String serverUrl = args[0];
        String domain = args.length > 1 ? args[1] : "shop.test";
        Backline client = Backline.builder().security(Security.of(System.getenv("FASTLY_API_TOKEN"))).serverUrl(serverUrl).build();

        var service = client.service().createService(CreateServiceRequest.builder()
                .service(Service.builder().name("tour-" + domain).comment("made by the SDK tour").build()).build())
                .serviceResponse().orElseThrow();
        // A response's fields are nullable (a field the server left out); these ones the API always sends.
        String id = Objects.requireNonNull(service.id(), "service id");
        System.out.println("service " + id + " " + service.name() + ", version " + service.versions().getFirst().number());

        client.domain().createDomain(CreateDomainRequest.builder().serviceId(id).versionId(1)
                .domain(Domain.builder().name(domain).build()).build());
        var backend = client.backend().createBackend(CreateBackendRequest.builder().serviceId(id).versionId(1)
                .backend(Backend.builder().name("origin").address("blue.example.com").port(80).build()).build())
                .backendResponse().orElseThrow();
        System.out.println("backend " + backend.name() + " -> " + backend.address() + ":" + backend.port() + " in version 1");

        var first = client.version().activateServiceVersion(ActivateServiceVersionRequest.builder().serviceId(id).versionId(1).build())
                .versionResponse().orElseThrow();
        System.out.println("activated version " + first.number() + " (locked " + first.locked() + ")");

        var clone = client.version().cloneServiceVersion(CloneServiceVersionRequest.builder().serviceId(id).versionId(VersionRef.ACTIVE)
                .build()).versionResponse().orElseThrow();
        int cloned = Objects.requireNonNull(clone.number(), "version number");
        System.out.println("cloned into version " + cloned);
        client.backend().updateBackend(UpdateBackendRequest.builder().serviceId(id).versionId(cloned).backendName("origin")
                .backend(Backend.builder().address("green.example.com").build()).build());
        client.version().activateServiceVersion(ActivateServiceVersionRequest.builder().serviceId(id).versionId(cloned).build());

        var detail = client.service().getServiceDetail(GetServiceDetailRequest.builder().serviceId(id).build()).serviceDetail().orElseThrow();
        var active = Objects.requireNonNull(detail.activeVersion(), "active version");
        var served = active.backends().getFirst();
        System.out.println("active version " + active.number() + ": " + served.name() + " -> " + served.address());
        var listed = client.backend().listBackends(ListBackendsRequest.builder().serviceId(id).versionId(VersionRef.ACTIVE).build())
                .backendResponses().orElseThrow();
        System.out.println("backends of the active version: " + listed.size());
    }
}
