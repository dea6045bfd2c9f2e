package io.backline.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatementTableTest {

    record Case(String statement, String tree, List<String> trueOn) {}

    static Stream<Arguments> statements() throws IOException {
        var cases = new ArrayList<Arguments>();
        Map<String, String> current = new LinkedHashMap<>();
        for (var line : (read("/statements.txt") + "\n\n").split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (current.containsKey("statement") && !current.containsKey("skip")) {
                    var trueOn = current.getOrDefault("true", "").isBlank() ? List.<String>of()
                            : Arrays.asList(current.get("true").trim().split("\\s+"));
                    cases.add(Arguments.of(new Case(current.get("statement"), current.get("tree"), trueOn)));
                }
                current = new LinkedHashMap<>();
                continue;
            }
            int colon = line.indexOf(": ");
            current.put(colon < 0 ? line.replace(":", "") : line.substring(0, colon), colon < 0 ? "" : line.substring(colon + 2));
        }
        assertThat(cases).hasSizeGreaterThan(30);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void parsesAndEvaluatesRealWorldStatement(Case c) {
        var compiled = Conditions.compile(c.statement(), ConditionType.REQUEST);
        assertThat(Trees.render(compiled.tree())).isEqualTo(c.tree());
        assertThat(SampleRequest.ALL.keySet()).containsAll(c.trueOn());
        var matched = new HashSet<String>();
        SampleRequest.ALL.forEach((name, request) -> {
            if (compiled.matches(request)) {
                matched.add(name);
            }
        });
        assertThat(matched).as("samples on which it is true").containsExactlyInAnyOrderElementsOf(c.trueOn());
    }

    static Stream<Arguments> malformed() throws IOException {
        var cases = new ArrayList<Arguments>();
        for (var line : read("/malformed.txt").split("\n")) {
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            var parts = line.split("\t");
            cases.add(Arguments.of(parts[0], Integer.parseInt(parts[1]), parts[2]));
        }
        assertThat(cases).hasSizeGreaterThan(20);
        return cases.stream();
    }

    @ParameterizedTest(name = "[{0}] at column {1}")
    @MethodSource("malformed")
    void refusesMalformedStatementAtItsPosition(String statement, int column, String message) {
        assertThatThrownBy(() -> Conditions.compile(statement, ConditionType.REQUEST))
                .isInstanceOfSatisfying(ConditionSyntaxException.class, e -> {
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).startsWith("at column " + column + ": ").contains(message);
                });
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = StatementTableTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
