package io.backline.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.sdk.models.components.Backend;
import io.backline.sdk.models.components.Director;
import io.backline.sdk.models.components.DirectorBackendResponse;
import io.backline.sdk.models.components.DirectorResponse;
import io.backline.sdk.models.operations.ActivateServiceVersionRequest;
import io.backline.sdk.models.operations.CloneServiceVersionRequest;
import io.backline.sdk.models.operations.CreateBackendRequest;
import io.backline.sdk.models.operations.CreateDirectorBackendRequest;
import io.backline.sdk.models.operations.CreateDirectorRequest;
import io.backline.sdk.models.operations.DeleteBackendRequest;
import io.backline.sdk.models.operations.DeleteDirectorBackendRequest;
import io.backline.sdk.models.operations.DeleteDirectorRequest;
import io.backline.sdk.models.operations.GetDirectorBackendRequest;
import io.backline.sdk.models.operations.GetDirectorRequest;
import io.backline.sdk.models.operations.ListDirectorsRequest;
import io.backline.sdk.models.operations.UpdateDirectorRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The director group against the real server: its five operations and the membership calls
 * (CreateDirectorBackend, GetDirectorBackend, DeleteDirectorBackend).
 */
class DirectorOperationsTest {
    @AutoClose
    private static final SdkTestServer server = SdkTestServer.start();
    private static final Backline client = server.client();
    private String serviceId;

    @BeforeEach
    void serviceWithThreeBackends() {
        serviceId = server.newService(client);
        for (var name : new String[] {"a", "b", "c"}) {
            client.backend().createBackend(CreateBackendRequest.builder().serviceId(serviceId).versionId(1)
                    .backend(Backend.builder().name(name).address(name + ".example.com").build()).build());
        }
    }

    @Test
    void aDirectorGainsTwoMembersLosesOneIsUpdatedAndDeleted() {
        var created = client.director().createDirector(CreateDirectorRequest.builder().serviceId(serviceId).versionId(1)
                .director(Director.builder().name("pool").type(3).quorum(50).comment("by the SDK").build()).build());
        assertThat(created.statusCode()).isEqualTo(200);
        var fresh = created.directorResponse().orElseThrow();
        assertThat(fresh.name()).isEqualTo("pool");
        assertThat(fresh.type()).isEqualTo(3);
        assertThat(fresh.quorum()).isEqualTo(50);
        assertThat(fresh.retries()).isEqualTo(5); // the API's default
        assertThat(fresh.backends()).isEmpty();

        var joined = addMember("pool", "a");
        addMember("pool", "b");
        assertThat(joined.serviceId()).isEqualTo(serviceId);
        assertThat(joined.version()).isEqualTo(1);
        assertThat(joined.directorName()).isEqualTo("pool");
        assertThat(joined.backendName()).isEqualTo("a");
        assertThat(joined.createdAt()).isNotNull();
        assertThat(joined.deletedAt()).isNull();

        var member = client.director().getDirectorBackend(GetDirectorBackendRequest.builder().serviceId(serviceId).versionId(1)
                .directorName("pool").backendName("b").build());
        assertThat(member.statusCode()).isEqualTo(200);
        assertThat(member.directorBackendResponse().orElseThrow().backendName()).isEqualTo("b");
        assertThat(director("pool").backends()).containsExactly("a", "b");
        assertThat(client.director().listDirectors(ListDirectorsRequest.builder().serviceId(serviceId).versionId(1).build())
                .directorResponses().orElseThrow())
                .singleElement().satisfies(listed -> assertThat(listed.backends()).containsExactly("a", "b"));

        var removed = client.director().deleteDirectorBackend(DeleteDirectorBackendRequest.builder().serviceId(serviceId).versionId(1)
                .directorName("pool").backendName("a").build());
        assertThat(removed.statusResponse().orElseThrow().status()).isEqualTo("ok");
        assertThat(director("pool").backends()).containsExactly("b");

        var updated = client.director().updateDirector(UpdateDirectorRequest.builder().serviceId(serviceId).versionId(1)
                .directorName("pool").director(Director.builder().quorum(100).type(4).build()).build())
                .directorResponse().orElseThrow();
        assertThat(updated.quorum()).isEqualTo(100);
        assertThat(updated.type()).isEqualTo(4);
        assertThat(updated.comment()).isEqualTo("by the SDK"); // not mentioned: left as it was
        assertThat(updated.backends()).containsExactly("b"); // only the membership calls change members

        var deleted = client.director().deleteDirector(DeleteDirectorRequest.builder().serviceId(serviceId).versionId(1)
                .directorName("pool").build());
        assertThat(deleted.statusResponse().orElseThrow().status()).isEqualTo("ok");
        assertThatThrownBy(() -> director("pool")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aBackendThatIsNotAMemberIsATypedNotFound() {
        createDirector("pool");
        addMember("pool", "a");

        assertThatThrownBy(() -> client.director().getDirectorBackend(GetDirectorBackendRequest.builder().serviceId(serviceId)
                .versionId(1).directorName("pool").backendName("c").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.detail()).contains("DirectorBackend", "backend => c", "director => pool");
                });
        assertThatThrownBy(() -> client.director().deleteDirectorBackend(DeleteDirectorBackendRequest.builder().serviceId(serviceId)
                .versionId(1).directorName("pool").backendName("c").build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void joiningWithABackendOrDirectorThatDoesNotExistIsANotFound() {
        createDirector("pool");

        assertThatThrownBy(() -> addMember("pool", "nowhere"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.detail()).contains("Backend", "nowhere"));
        assertThatThrownBy(() -> addMember("absent", "a"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.detail()).contains("Director", "absent"));
        assertThat(director("pool").backends()).isEmpty();
    }

    @Test
    void joiningTwiceIsAConflict() {
        createDirector("pool");
        addMember("pool", "a");

        assertThatThrownBy(() -> addMember("pool", "a"))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
        assertThat(director("pool").backends()).containsExactly("a");
    }

    @Test
    void deletingAMemberBackendTakesItOutOfTheDirector() {
        createDirector("pool");
        addMember("pool", "a");
        addMember("pool", "b");

        client.backend().deleteBackend(DeleteBackendRequest.builder().serviceId(serviceId).versionId(1).backendName("a").build());

        assertThat(director("pool").backends()).containsExactly("b");
    }

    @Test
    void membershipOfALockedVersionIsRefusedAndLatestReachesTheClone() {
        createDirector("pool");
        addMember("pool", "a");
        client.version().activateServiceVersion(ActivateServiceVersionRequest.builder().serviceId(serviceId).versionId(1).build());

        assertThatThrownBy(() -> addMember("pool", "b")).isInstanceOf(UnprocessableException.class);

        client.version().cloneServiceVersion(CloneServiceVersionRequest.builder().serviceId(serviceId).versionId(VersionRef.ACTIVE).build());
        var joined = client.director().createDirectorBackend(CreateDirectorBackendRequest.builder().serviceId(serviceId)
                .versionId(VersionRef.LATEST).directorName("pool").backendName("b").build()).directorBackendResponse().orElseThrow();
        assertThat(joined.version()).isEqualTo(2);
        assertThat(client.director().getDirector(GetDirectorRequest.builder().serviceId(serviceId).versionId(2).directorName("pool")
                .build()).directorResponse().orElseThrow().backends()).containsExactly("a", "b");
        assertThat(director("pool").backends()).containsExactly("a"); // version 1 as it was locked
    }

    @Test
    void theDirectorBodyOffersNoMembersSinceOnlyTheMembershipCallsChangeThem() {
        assertThat(Director.FIELDS).contains("quorum", "type", "retries").doesNotContain("backends");
        assertThat(Director.Builder.class.getMethods()).extracting(java.lang.reflect.Method::getName)
                .doesNotContain("backends", "clearBackends");
        assertThat(DirectorResponse.class.getMethods()).extracting(java.lang.reflect.Method::getName).contains("backends");
    }

    private void createDirector(String name) {
        client.director().createDirector(CreateDirectorRequest.builder().serviceId(serviceId).versionId(1)
                .director(Director.builder().name(name).build()).build());
    }

    private DirectorBackendResponse addMember(String director, String backend) {
        return client.director().createDirectorBackend(CreateDirectorBackendRequest.builder().serviceId(serviceId).versionId(1)
                .directorName(director).backendName(backend).build()).directorBackendResponse().orElseThrow();
    }

    private DirectorResponse director(String name) {
        return client.director().getDirector(GetDirectorRequest.builder().serviceId(serviceId).versionId(1).directorName(name).build())
                .directorResponse().orElseThrow();
    }
}
