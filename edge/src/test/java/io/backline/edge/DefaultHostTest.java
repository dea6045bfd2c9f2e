package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.health.HealthView;
import io.backline.model.PlainRules;
import io.backline.model.ServiceType;
import io.backline.model.SettingsSchema;
import io.backline.model.Values;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The version settings' {@code general.default_host} on a real edge and a real origin: the Host
 * sent when the backend has no {@code override_host}, with the client's Host kept in
 * {@code Fastly-Orig-Host} (semantics §4.3, docs/edge.md).
 */
class DefaultHostTest {
    private ProxyOrigin origin;

    @BeforeEach
    void startOrigin() {
        origin = ProxyOrigin.start("origin");
    }

    @AfterEach
    void stopOrigin() {
        origin.close();
    }

    private static Values settings(String defaultHost) {
        return PlainRules.SETTINGS.create(SettingsSchema.SCHEMA.parse(Map.of("general.default_host", List.of(defaultHost))),
                ServiceType.VCL);
    }

    private static ActiveVersion version(String service, String domain, Values backend, Values settings) {
        var plain = ProxyFixtures.version(service, 1, List.of(backend), List.of(), domain);
        return new ActiveVersion(plain.serviceId(), plain.version(), plain.backends(), plain.conditions(), plain.healthchecks(),
                plain.domains(), settings);
    }

    @Test
    void theDefaultHostReplacesTheClientsHostUnlessTheBackendOverridesIt() {
        var snapshot = SnapshotCompiler.compile(1, List.of(
                version("defaulted", "www.shop.test", backend("origin", origin.port()), settings("origin.shop.example")),
                version("overridden", "api.shop.test", backend("api", origin.port(), "override_host", "api.origin.example"),
                        settings("origin.shop.example")),
                version("plain", "plain.shop.test", backend("plain", origin.port()), settings(""))));
        try (var edge = EdgeServer.start(ProxyFixtures.config().build(), () -> snapshot, HealthView.ALL_HEALTHY)) {
            ProxyClient.get(edge.port(), "www.shop.test", "/");
            var defaulted = origin.last().headers();
            ProxyClient.get(edge.port(), "api.shop.test", "/");
            var overridden = origin.last().headers();
            ProxyClient.get(edge.port(), "plain.shop.test", "/");
            var plain = origin.last().headers();

            assertThat(defaulted.get("Host")).isEqualTo("origin.shop.example");
            assertThat(defaulted.get("Fastly-Orig-Host")).isEqualTo("www.shop.test");
            assertThat(overridden.get("Host")).isEqualTo("api.origin.example");
            assertThat(overridden.get("Fastly-Orig-Host")).isEqualTo("api.shop.test");
            assertThat(plain.get("Host")).isEqualTo("plain.shop.test");
            assertThat(plain.get("Fastly-Orig-Host")).isNull();
        }
    }

    @Test
    void explainNamesTheDefaultHostAsTheHostSent() {
        var service = SnapshotCompiler.compile(version("defaulted", "www.shop.test", backend("origin", origin.port()),
                settings("origin.shop.example")));

        var explanation = Explainer.explain(service, new DescribedRequest("GET", "/", Map.of("host", "www.shop.test"), "127.0.0.1", false, "http"),
                HealthView.ALL_HEALTHY);

        assertThat(explanation.origin()).isNotNull();
        assertThat(explanation.origin().hostHeader()).isEqualTo("origin.shop.example");
    }
}
