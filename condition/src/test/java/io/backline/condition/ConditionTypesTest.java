package io.backline.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConditionTypesTest {

    @Test
    void cacheConditionsSeeBackendResponseVariables() {
        assertThat(Conditions.compile("beresp.status != 200 && beresp.status != 304", ConditionType.CACHE).type())
                .isEqualTo(ConditionType.CACHE);
    }

    @Test
    void responseConditionsSeeResponseVariables() {
        assertThat(Trees.render(Conditions.parse("resp.status == 404", ConditionType.RESPONSE))).isEqualTo("(== resp.status 404)");
    }

    @Test
    void requestVariablesAreVisibleEverywhere() {
        for (var type : ConditionType.values()) {
            assertThat(Conditions.compile("req.restarts > 0 && req.http.Fallback-Backend == \"1\"", type).statement())
                    .startsWith("req.restarts");
        }
    }

    @Test
    void prefetchConditionsSeeOriginFlag() {
        assertThat(Conditions.compile("req.backend.is_origin", ConditionType.PREFETCH).matches(SampleRequest.ALL.get("api"))).isTrue();
        assertThatThrownBy(() -> Conditions.compile("req.backend.is_origin", ConditionType.REQUEST))
                .hasMessageContaining("is not available in a REQUEST condition (it is in PREFETCH conditions)");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        var deep = "(".repeat(200) + "true" + ")".repeat(200);
        assertThatThrownBy(() -> Conditions.compile(deep, ConditionType.REQUEST))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("nested deeper than");
        var negations = "!".repeat(500) + "true";
        assertThatThrownBy(() -> Conditions.compile(negations, ConditionType.REQUEST)).isInstanceOf(ConditionSyntaxException.class);
    }

    @Test
    void regexOnAHostileInputRunsInLinearTime() {
        var compiled = Conditions.compile("req.url ~ \"^(a+)+$\"", ConditionType.REQUEST);
        var hostile = new SampleRequest("GET", "/" + "a".repeat(100_000) + "!", "HTTP/1.1", false, java.util.Map.of(), "127.0.0.1", 0,
                java.util.Set.of(), true, false);
        long start = System.nanoTime();
        assertThat(compiled.matches(hostile)).isFalse();
        // A backtracking engine takes longer than the age of the universe here; RE2/J takes milliseconds.
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void parsesTypeNamesAsFastlySpellsThem() {
        assertThat(ConditionType.parse("request")).isEqualTo(ConditionType.REQUEST);
        assertThatThrownBy(() -> ConditionType.parse("FETCH")).hasMessageContaining("type: 'FETCH' (expected: REQUEST, CACHE, RESPONSE or PREFETCH)");
    }
}
