package io.backline.edge.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fastly-FF as Fastly writes it: {@code hash!POP!server} per hop, and the loop check it allows. */
class FastlyFfTest {
    @Test
    void anEntryIsTheSaltedServiceHashThePopAndTheServer() {
        var entry = FastlyFf.entry("SU1Z0isxPaozGVKXdv0eY", "s", "cache-backline-s1");

        assertThat(entry).matches("[A-Za-z0-9+/]{43}=!s!cache-backline-s1");
        assertThat(entry).as("the id itself is not disclosed").doesNotContain("SU1Z0isxPaozGVKXdv0eY");
        assertThat(FastlyFf.entry("SU1Z0isxPaozGVKXdv0eY", "a", "x").split("!")[0]).as("one service, one hash")
                .isEqualTo(entry.split("!")[0]);
        assertThat(FastlyFf.entry("another", "s", "cache-backline-s1").split("!")[0]).isNotEqualTo(entry.split("!")[0]);
    }

    @Test
    void entriesAreAppendedCommaSeparatedOnePerHop() {
        var first = FastlyFf.entry("svc", "a", "cache-a1");
        var second = FastlyFf.entry("svc", "s", "cache-s1");

        assertThat(FastlyFf.append(null, first)).isEqualTo(first);
        assertThat(FastlyFf.append(" ", first)).isEqualTo(first);
        assertThat(FastlyFf.append(first, second)).isEqualTo(first + ", " + second);
    }

    @Test
    void aVisitCountsOnlyForTheSameServiceAndPop() {
        var header = FastlyFf.entry("svc", "a", "cache-a1") + ", " + FastlyFf.entry("other", "s", "cache-s1");

        assertThat(FastlyFf.visited(header, "svc", "a")).isTrue();
        assertThat(FastlyFf.visited(header, "svc", "A")).as("POP codes compare without case, as Fastly's").isTrue();
        assertThat(FastlyFf.visited(header, "svc", "s")).as("s was visited for another service").isFalse();
        assertThat(FastlyFf.visited(null, "svc", "a")).isFalse();
        assertThat(FastlyFf.visited("garbage, a!b, !!", "svc", "a")).isFalse();
    }

    @Test
    void shieldEdgesAreOrderedByHostAndUrlTheSameWayEveryTime() {
        var edges = List.of("10.0.0.1:8000", "10.0.0.2:8000", "10.0.0.3:8000");
        var first = ShieldSelector.order(edges, "example.com", "/a");

        assertThat(first).containsExactlyInAnyOrderElementsOf(edges);
        assertThat(ShieldSelector.order(List.of(edges.get(2), edges.get(0), edges.get(1)), "example.com", "/a"))
                .as("independent of the order the POP lists them in").isEqualTo(first);
        // Removing an edge that was not first for a key leaves that key where it was.
        var without = edges.stream().filter(edge -> !edge.equals(first.get(1))).toList();
        assertThat(ShieldSelector.order(without, "example.com", "/a").getFirst()).isEqualTo(first.getFirst());
    }
}
