package io.backline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Singleton kinds: one object per version, stored under the kind's name, with Fastly's defaults. */
class SingletonSchemaTest {

    @Test
    void aSingletonIsNamedAfterItsKind() {
        var settings = new ConfigObject(new ServiceId("svc"), 1, SettingsSchema.SCHEMA.defaults(ServiceType.VCL), Instant.EPOCH,
                Instant.EPOCH);

        assertThat(settings.name()).isEqualTo("settings");
        assertThat(SettingsSchema.SCHEMA.cardinality()).isEqualTo(Schema.Cardinality.ONE);
        assertThat(Http3Schema.SCHEMA.cardinality()).isEqualTo(Schema.Cardinality.AT_MOST_ONE);
        assertThat(BackendSchema.SCHEMA.singleton()).isFalse();
    }

    @Test
    void aSingletonMustHoldOneOrAtMostOne() {
        assertThatThrownBy(() -> Schema.singleton("x", "X", Schema.Cardinality.NAMED))
                .hasMessageStartingWith("cardinality: NAMED (expected: ONE or AT_MOST_ONE");
    }

    @Test
    void settingsDefaultToFastlysValues() {
        var defaults = SettingsSchema.SCHEMA.defaults(ServiceType.VCL);

        assertThat(defaults.require(SettingsSchema.DEFAULT_TTL)).isEqualTo(3600);
        assertThat(defaults.require(SettingsSchema.STALE_IF_ERROR)).isFalse();
        assertThat(defaults.require(SettingsSchema.STALE_IF_ERROR_TTL)).isEqualTo(43200);
        assertThat(defaults.require(SettingsSchema.DEFAULT_HOST)).isEmpty();
    }

    @Test
    void healthCheckHeadersTakeFastlysNormalFormSorted() {
        var values = PlainRules.HEALTHCHECK.create(HealthcheckSchema.SCHEMA.parse(Map.of("name", List.of("hc"), "headers",
                List.of("[\"X-Probe:terraform\",\"Accept:  text/plain \",\"Empty:\"]"))), ServiceType.VCL);

        assertThat(values.require(HealthcheckSchema.HEADERS)).containsExactly("Accept: text/plain", "Empty:", "X-Probe: terraform");
    }
}
