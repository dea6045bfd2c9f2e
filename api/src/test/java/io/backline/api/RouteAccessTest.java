package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What each route asks of its caller's token, read from the route table the server answers by. */
class RouteAccessTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    @Test
    void needsNoTokenOnlyForHealthMetricsAndTheOpenIdBootstrap() {
        assertThat(api.routes()).filteredOn(route -> route.access() == Router.Access.PUBLIC)
                .extracting(route -> route.method() + " " + route.pattern())
                .containsExactlyInAnyOrder("GET realms/fastly/.well-known/openid-configuration", "GET _backline/ping",
                        "GET _backline/metrics");
    }

    @Test
    void neverChargesAGetAsAWrite() {
        assertThat(api.routes()).filteredOn(route -> route.method().equals("GET"))
                .isNotEmpty()
                .allSatisfy(route -> assertThat(route.access()).as(route.pattern()).isNotEqualTo(Router.Access.WRITE));
    }

    @Test
    void chargesEveryOtherMethodAsAWriteButTheEdgeFeedItsRolloutReportsAndPurges() {
        // Fastly does not count purges against its rate limit either; they need a purge scope instead.
        assertThat(api.routes()).filteredOn(route -> !route.method().equals("GET") && route.access() != Router.Access.WRITE)
                .extracting(route -> route.method() + " " + route.pattern() + " " + route.access())
                .containsExactly("POST _backline/edge/sync READ", "POST _backline/edge/rollout-report READ", "POST service/{sid}/purge_all PURGE_ALL",
                        "POST service/{sid}/purge/{key} PURGE_SELECT", "POST service/{sid}/purge PURGE_SELECT",
                        "POST purge/{url...} PURGE_SELECT");
    }
}
