package io.backline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KindsTest {
    private static final Kinds TWO = Kinds.of(ObjectKind.servedAtEdges(PlainRules.HEALTHCHECK),
            ObjectKind.controlPlaneOnly(PlainRules.DOMAIN));

    @Test
    void findsAKindByItsPathSegmentAndKeepsDeclarationOrder() {
        assertThat(TWO.find("domain")).map(ObjectKind::rules).contains(PlainRules.DOMAIN);
        assertThat(TWO.find("backend")).isEmpty();
        assertThat(TWO.all()).extracting(ObjectKind::name).containsExactly("healthcheck", "domain");
    }

    @Test
    void feedsEdgesOnlyTheKindsDeclaredForThem() {
        assertThat(TWO.fedToEdges()).containsExactly(HealthcheckSchema.SCHEMA);
    }

    @Test
    void plusGivesANewRegistryAndLeavesTheOldOneAsItWas() {
        var three = TWO.plus(ObjectKind.servedAtEdges(BackendRules.INSTANCE));
        assertThat(three.all()).extracting(ObjectKind::name).containsExactly("healthcheck", "domain", "backend");
        assertThat(TWO.find("backend")).isEmpty();
    }

    @Test
    void refusesAKindDeclaredTwice() {
        assertThatThrownBy(() -> TWO.plus(ObjectKind.servedAtEdges(PlainRules.of(DomainSchema.SCHEMA))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind: domain (expected: declared once)");
    }
}
