package io.backline.edge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.origin.OriginConnection;
import io.backline.edge.select.Selection;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The reason label is a fixed set: the edge's own texts, details after a colon cut off, anything else "other". */
class SyntheticReasonsTest {
    @Test
    void everyReasonTheSelectorAndTheOriginConnectionNameIsItsOwnLabel() {
        assertThat(Arrays.stream(OriginConnection.Failure.values()).map(OriginConnection.Failure::reason))
                .allSatisfy(reason -> assertThat(SyntheticReasons.label(reason)).isEqualTo(reason));
        assertThat(new String[] {Selection.BACKEND_UNHEALTHY, Selection.ALL_UNHEALTHY, Selection.NO_BACKEND})
                .allSatisfy(reason -> assertThat(SyntheticReasons.label(reason)).isEqualTo(reason));
    }

    @Test
    void detailsAfterAColonAreCutOffAndUnknownTextsAreOther() {
        assertThat(SyntheticReasons.label("DNS lookup failed: origin.example")).isEqualTo("DNS lookup failed");
        assertThat(SyntheticReasons.label("unsupported Expect: 100-whatever")).isEqualTo("unsupported Expect");
        assertThat(SyntheticReasons.label("malformed request: header name contains a control byte")).isEqualTo("malformed request");
        assertThat(SyntheticReasons.label("malformed request target")).isEqualTo("malformed request target");
        assertThat(SyntheticReasons.label("HTTP version not supported: HTTP/0.9")).isEqualTo("HTTP version not supported");
        assertThat(SyntheticReasons.label("unknown domainX")).isEqualTo(SyntheticReasons.OTHER);
        assertThat(SyntheticReasons.label("anything a client could make up")).isEqualTo(SyntheticReasons.OTHER);
    }
}
