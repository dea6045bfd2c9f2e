package io.backline.condition.logformat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Garbage in never gets anything out but the compiler's own exception, and whatever compiles
 * renders without throwing. The alphabet is weighted towards the characters the grammar cares
 * about, so most strings reach deep into the directive and expression parsers.
 */
class LogFormatGarbageTest {
    private static final String[] PIECES = {"%", "%%", "{", "}", "\\{", "\\}", "(", ")", ",", "\"", "{\"", "\"}", " ", "\n", "\u0000",
        "V", "i", "o", "t", "T", "h", "s", ">", "<", "!", "4", "p", "C", "req.url", "req.http.", "User-Agent", "time.start", "now",
        "json.escape", "strftime", "if", "std.tolower", "%Y", "%z", "%Q", "sec", "end:", "begin:", "é", "\uD83D\uDE00", "\uD800"};

    @Test
    void garbageOnlyEverRaisesTheCompilersOwnException() {
        var random = new SplittableRandom(15);
        var record = SampleRecord.get();
        int compiled = 0;
        int refused = 0;
        for (int n = 0; n < 50_000; n++) {
            var text = new StringBuilder();
            int length = random.nextInt(1, 14);
            for (int i = 0; i < length; i++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            for (int version = 1; version <= 2; version++) {
                LogFormat format;
                try {
                    format = LogFormat.compile(text.toString(), version);
                } catch (LogFormatException expected) {
                    refused++;
                    assertThat(expected.position()).isBetween(1, text.length() + 1);
                    continue;
                }
                compiled++;
                format.render(record);
            }
        }
        // Both outcomes are exercised, or the alphabet is wrong.
        assertThat(compiled).isGreaterThan(1_000);
        assertThat(refused).isGreaterThan(1_000);
    }
}
