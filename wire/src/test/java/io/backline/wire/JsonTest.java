package io.backline.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Probe(String backendName, Instant lastTransition) {}

    @Test
    void recordsRenderInSnakeCaseWithInstantsInTheApisTimestampFormat() {
        var tree = Json.mapper().valueToTree(new Probe("origin", Instant.parse("2026-05-06T18:11:06.789Z")));
        assertThat(tree.toString()).isEqualTo("{\"backend_name\":\"origin\",\"last_transition\":\"2026-05-06T18:11:06Z\"}");
    }
}
