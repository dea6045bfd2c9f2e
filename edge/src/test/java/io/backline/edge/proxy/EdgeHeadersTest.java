package io.backline.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** X-Timer as Fastly writes it: the start in seconds with six digits of microseconds, and the elapsed milliseconds. */
class EdgeHeadersTest {
    @Test
    void xTimerPadsTheMicrosecondsAndTruncatesTheMilliseconds() {
        assertThat(EdgeHeaders.timer(1_764_940_000_000_042L, 3_999_999L).toString()).isEqualTo("S1764940000.000042,VS0,VE3");
        assertThat(EdgeHeaders.timer(1_764_940_000_999_999L, 12_345_678_901L).toString()).isEqualTo("S1764940000.999999,VS0,VE12345");
        assertThat(EdgeHeaders.timer(5_000_000L, 0).toString()).isEqualTo("S5.000000,VS0,VE0");
        assertThat(EdgeHeaders.timer(120_500_000L, 999_999L).toString()).isEqualTo("S120.500000,VS0,VE0");
    }
}
