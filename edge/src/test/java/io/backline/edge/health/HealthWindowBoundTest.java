package io.backline.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.HealthcheckSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API stores any window Fastly accepts (5000 in go-fastly's recording); the edge keeps the
 * newest 64 results, as Varnish's register does, and then asks for no more passes than it keeps.
 * (A threshold above a window of at most 64 is never met: {@link HealthWindowTest}.)
 */
class HealthWindowBoundTest {

    private static HealthcheckSettings check(int window, int threshold, int initial) {
        return new HealthcheckSettings("hc", null, "/", "HEAD", "1.1", 200, 5_000, 5_000, window, threshold, initial, List.of());
    }

    @Test
    void aWindowAbove64CountsTheNewest64Results() {
        var window = HealthWindow.initial(check(5_000, 10, 10));

        assertThat(window.window()).isEqualTo(64);
        assertThat(window.threshold()).isEqualTo(10);
        assertThat(window.good()).isEqualTo(10);
        assertThat(window.healthy()).isTrue();
    }

    @Test
    void aThresholdAbove64WithAWindowAbove64AsksForEveryKeptResult() {
        var window = HealthWindow.initial(check(5_000, 100, 100));
        for (int i = 0; i < 63; i++) {
            window = window.push(true);
        }

        assertThat(window.threshold()).isEqualTo(64);
        assertThat(window.push(false).healthy()).isFalse();
        assertThat(window.push(true).healthy()).isTrue();
    }
}
