package io.backline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The director's rules: Fastly's defaults, the three policies, a name an update keeps, members only by membership. */
class DirectorRulesTest {
    private static final DirectorRules RULES = DirectorRules.INSTANCE;

    private static Changes changes(String... pairs) {
        var input = new LinkedHashMap<String, List<String>>();
        for (int i = 0; i < pairs.length; i += 2) {
            input.put(pairs[i], List.of(pairs[i + 1]));
        }
        return DirectorSchema.SCHEMA.parse(input);
    }

    @Test
    void aNewDirectorHasFastlysDefaultsAndNoMembers() {
        var values = RULES.create(changes("name", "lb"), ServiceType.VCL);

        assertThat(values.require(DirectorSchema.TYPE)).isEqualTo(1);
        assertThat(values.require(DirectorSchema.QUORUM)).isEqualTo(75);
        assertThat(values.require(DirectorSchema.RETRIES)).isEqualTo(5);
        assertThat(values.require(DirectorSchema.CAPACITY)).isEqualTo(100);
        assertThat(values.get(DirectorSchema.SHIELD)).isNull();
        assertThat(values.require(DirectorSchema.COMMENT)).isEmpty();
        assertThat(values.require(DirectorSchema.BACKENDS)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4})
    void takesRandomHashAndClient(int type) {
        var values = RULES.create(changes("name", "lb", "type", Integer.toString(type)), ServiceType.VCL);

        assertThat(DirectorType.of(values.require(DirectorSchema.TYPE))).isPresent();
    }

    @Test
    void refusesRoundRobinNamingTheThreePolicies() {
        assertThatThrownBy(() -> RULES.create(changes("name", "lb", "type", "2"), ServiceType.VCL))
                .isInstanceOf(ConfigException.class)
                .hasMessage("type: 2 (expected: 1 (random), 3 (hash) or 4 (client))");
        var current = RULES.create(changes("name", "lb"), ServiceType.VCL);
        assertThatThrownBy(() -> RULES.update(current, changes("type", "2"), ServiceType.VCL)).isInstanceOf(ConfigException.class);
    }

    @Test
    void anUpdateKeepsTheNameAndTheMembers() {
        var current = RULES.create(changes("name", "lb"), ServiceType.VCL).with(DirectorSchema.BACKENDS, List.of("a", "b"));

        var updated = RULES.update(current, changes("name", "renamed", "quorum", "100", "backends", "c"), ServiceType.VCL);

        assertThat(updated.require(DirectorSchema.NAME)).isEqualTo("lb");
        assertThat(updated.require(DirectorSchema.QUORUM)).isEqualTo(100);
        assertThat(updated.require(DirectorSchema.BACKENDS)).containsExactly("a", "b");
    }
}
