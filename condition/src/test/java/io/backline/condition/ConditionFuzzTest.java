package io.backline.condition;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.util.Map;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the parser and the compiled predicates. In a normal test run this
 * replays the seeds under {@code ConditionFuzzTestInputs/} (regression mode); with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/conditions.md). The property: any input either
 * compiles or raises the language's own {@link ConditionSyntaxException}; a compiled statement
 * evaluates without throwing.
 */
class ConditionFuzzTest {
    private static final SampleRequest REQUEST = new SampleRequest("GET", "/a/b.png?x=1", "HTTP/1.1", true,
            Map.of("Host", "example.com", "Cookie", "a=b"), "127.0.0.1", 0, Set.of(), true, true);

    @FuzzTest(maxDuration = "4m")
    void parserRaisesOnlyItsOwnSyntaxError(@NotNull String statement) {
        for (var type : ConditionType.values()) {
            CompiledCondition compiled;
            try {
                compiled = Conditions.compile(statement, type);
            } catch (ConditionSyntaxException expected) {
                continue;
            }
            compiled.matches(REQUEST);
        }
    }
}
