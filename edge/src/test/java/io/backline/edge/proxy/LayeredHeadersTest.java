package io.backline.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.edge.cache.StoredHeaders;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LayeredHeaders} against the map it stands in for: the same operations on a Netty map made by
 * {@link EdgeHeaders#HEADERS} holding the stored fields and on the overlay of those fields must
 * leave both saying the same, field for field and in the same order, and refusing the same input.
 */
class LayeredHeadersTest {
    private static final String[] NAMES = {"Content-Type", "content-type", "ETag", "etag", "Via", "VIA", "X-Cache", "Age", "Vary",
        "Link", "Set-Cookie", "X-New", "x-new", "Content-Length", "Surrogate-Key"};
    private static final String[] VALUES = {"text/html", "\"v1\"", "1.1 backline", "HIT", "12", "Accept-Encoding", "</a>; rel=preload",
        "a, b", "", "0", "not a number", "a,", ",b", " a ,, b ", "B"};

    private static HttpHeaders storedMap() {
        var map = EdgeHeaders.HEADERS.newHeaders();
        map.add("Content-Type", "text/html");
        map.add(AsciiString.cached("etag"), "\"v1\"");
        map.add("Link", "</a>; rel=preload");
        map.add("Via", "1.1 origin, 1.1 backline");
        map.add("Link", "</b>; rel=preload");
        map.add("Age", "7");
        map.add("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
        map.add("Surrogate-Key", "a b");
        map.add("X-Latin", "caf\u00e9"); // not ASCII: Netty's encoder writes the character's low byte
        return map;
    }

    private static List<String> fields(HttpHeaders headers) {
        var seen = new ArrayList<String>();
        var fields = headers.iteratorCharSequence();
        while (fields.hasNext()) {
            var field = fields.next();
            seen.add(field.getKey() + ": " + field.getValue());
        }
        return seen;
    }

    /** Does the same to both; if Netty's map refuses it, the overlay must too. */
    private static void both(HttpHeaders expected, HttpHeaders actual, java.util.function.Consumer<HttpHeaders> change) {
        var refused = outcome(() -> {
            change.accept(expected);
            return "done";
        });
        assertThat(outcome(() -> {
            change.accept(actual);
            return "done";
        })).isEqualTo(refused);
    }

    private static List<String> lowerCase(java.util.Set<String> names) {
        return names.stream().map(name -> name.toLowerCase(java.util.Locale.ROOT)).distinct().toList();
    }

    private static String outcome(java.util.function.Supplier<?> read) {
        try {
            return String.valueOf(read.get());
        } catch (Exception e) {
            return "throws";
        }
    }

    private static List<String> text(List<java.util.Map.Entry<String, String>> entries) {
        return entries.stream().map(entry -> entry.getKey() + ": " + entry.getValue()).toList();
    }

    private static void assertSame(HttpHeaders expected, HttpHeaders actual, String after) {
        assertThat(fields(actual)).as(after).isEqualTo(fields(expected));
        assertThat(actual.size()).as(after).isEqualTo(expected.size());
        assertThat(actual.isEmpty()).as(after).isEqualTo(expected.isEmpty());
        // Netty's set may hold a name twice, as a String and as an AsciiString; compared as names are, in any case.
        assertThat(lowerCase(actual.names())).as(after).isEqualTo(lowerCase(expected.names()));
        assertThat(actual.names()).as(after).doesNotHaveDuplicates();
        assertThat(text(actual.entries())).as(after).isEqualTo(text(expected.entries()));
        assertThat(text(actual.copy().entries())).as(after).isEqualTo(text(expected.entries()));
        for (var name : NAMES) {
            assertThat(actual.get(name)).as(after + ", get " + name).isEqualTo(expected.get(name));
            assertThat(actual.get(AsciiString.of(name))).as(after + ", get " + name).isEqualTo(expected.get(AsciiString.of(name)));
            assertThat(actual.getAll(name)).as(after + ", getAll " + name).isEqualTo(expected.getAll(name));
            assertThat(actual.contains(name)).as(after + ", contains " + name).isEqualTo(expected.contains(name));
            assertThat(outcome(() -> actual.getInt(name))).as(after + ", getInt " + name).isEqualTo(outcome(() -> expected.getInt(name)));
            // Netty's map throws (a ParseException, undeclared) for a value that is not a date; this one answers null.
            var date = outcome(() -> expected.getTimeMillis(name));
            assertThat(outcome(() -> actual.getTimeMillis(name))).as(after + ", getTimeMillis " + name)
                    .isEqualTo(date.equals("throws") ? "null" : date);
            for (var value : VALUES) {
                assertThat(actual.contains(name, value, true)).as(after + ", contains " + name + "=" + value)
                        .isEqualTo(expected.contains(name, value, true));
                assertThat(actual.containsValue(name, value, false)).as(after + ", containsValue " + name + "=" + value)
                        .isEqualTo(expected.containsValue(name, value, false));
                assertThat(actual.containsValue(name, value.trim(), true)).as(after + ", containsValue " + name + "=" + value)
                        .isEqualTo(expected.containsValue(name, value.trim(), true));
            }
        }
    }

    @Test
    void randomChangesLeaveItAsNettysMapWouldBe() {
        var random = new Random(20261205);
        for (int round = 0; round < 300; round++) {
            var expected = storedMap();
            // A cached object's fields keep their lines (encoded), a request's do not (of): both are written as Netty would.
            var actual = new LayeredHeaders(round % 2 == 0 ? StoredHeaders.encoded(storedMap()) : StoredHeaders.of(storedMap()));
            assertSame(expected, actual, "stored");
            var done = new StringBuilder();
            for (int step = 0; step < 12; step++) {
                var name = NAMES[random.nextInt(NAMES.length)];
                var value = VALUES[random.nextInt(VALUES.length)];
                switch (random.nextInt(9)) {
                    case 0, 1 -> {
                        both(expected, actual, headers -> headers.set(name, value));
                        done.append(" set ").append(name);
                    }
                    case 2, 3 -> {
                        both(expected, actual, headers -> headers.add(AsciiString.of(name), value));
                        done.append(" add ").append(name);
                    }
                    case 4, 5 -> {
                        both(expected, actual, headers -> headers.remove(name));
                        done.append(" remove ").append(name);
                    }
                    case 6 -> {
                        int number = step;
                        both(expected, actual, headers -> headers.setInt(name, number));
                        done.append(" setInt ").append(name);
                    }
                    case 7 -> {
                        both(expected, actual, headers -> headers.set(name, List.of(value, "second")));
                        done.append(" set list ").append(name);
                    }
                    default -> {
                        if (random.nextInt(6) == 0) {
                            expected.clear();
                            actual.clear();
                            done.append(" clear");
                        } else {
                            var date = new Date(1_700_000_000_000L + step * 1000L);
                            both(expected, actual, headers -> headers.add(name, date));
                            done.append(" add date ").append(name);
                        }
                    }
                }
                assertSame(expected, actual, "round " + round + ":" + done);
                assertThat(encodeAtTheEdge(actual)).as("round " + round + ":" + done).isEqualTo(encode(expected));
            }
        }
    }

    @Test
    void itRefusesWhatNettysMapRefuses() {
        var expected = storedMap();
        var actual = new LayeredHeaders(StoredHeaders.of(storedMap()));
        for (var name : List.of("Bad Name", "", "x:y", "t\tab")) {
            assertThatThrownBy(() -> expected.set(name, "v")).as(name).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> actual.set(name, "v")).as(name).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> actual.add(name, "v")).as(name).isInstanceOf(IllegalArgumentException.class);
        }
        for (var value : List.of("a\r\nInjected: yes", "a\nb", "nul\0")) {
            assertThatThrownBy(() -> expected.set("X-Value", value)).as(value).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> actual.set("X-Value", value)).as(value).isInstanceOf(IllegalArgumentException.class);
        }
        assertSame(expected, actual, "after the refusals");
    }

    @Test
    void nettysEncoderWritesTheSameHeadAsFromItsOwnMap() {
        var expected = storedMap();
        var actual = new LayeredHeaders(StoredHeaders.of(storedMap()));
        for (var headers : List.of(expected, actual)) {
            headers.set("Age", "12").remove("Surrogate-Key").set("Content-Length", "5").add("X-Cache", "HIT");
        }
        assertThat(encode(actual)).isEqualTo(encode(expected)).contains("etag: \"v1\"\r\n", "X-Cache: HIT\r\n").doesNotContain("Surrogate");
    }

    @Test
    void theEdgesEncoderWritesAHitsStoredLinesAndItsOwnFieldsAsNettyWould() {
        var expected = storedMap();
        var actual = new LayeredHeaders(StoredHeaders.encoded(storedMap()));
        assertThat(encodeAtTheEdge(actual)).isEqualTo(encode(expected)).contains("X-Latin: caf\u00e9\r\n");
        for (var headers : List.of(expected, actual)) {
            headers.remove("Content-Type").set("Via", "1.1 backline").set("Age", "3").add("X-Cache", "HIT");
        }
        assertThat(encodeAtTheEdge(actual)).isEqualTo(encode(expected))
                .startsWith("HTTP/1.1 200 OK\r\netag: \"v1\"\r\nLink: </a>; rel=preload\r\nLink: </b>; rel=preload\r\n")
                .endsWith("Via: 1.1 backline\r\nAge: 3\r\nX-Cache: HIT\r\n\r\n");
        actual.clear();
        expected.clear();
        assertThat(encodeAtTheEdge(actual)).isEqualTo(encode(expected)).isEqualTo("HTTP/1.1 200 OK\r\n\r\n");
    }

    /** The head as the edge's client codec writes it (through {@link LayeredHeaders#encode} for an overlay). */
    private static String encodeAtTheEdge(HttpHeaders headers) {
        return encode(headers, new ClientCodec.ResponseEncoder(new java.util.ArrayDeque<>()));
    }

    private static String encode(HttpHeaders headers) {
        return encode(headers, new HttpResponseEncoder());
    }

    private static String encode(HttpHeaders headers, HttpResponseEncoder encoder) {
        var channel = new EmbeddedChannel(encoder);
        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers));
        channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        var text = new StringBuilder();
        for (Object part; (part = channel.readOutbound()) != null; ) {
            var buffer = (io.netty.buffer.ByteBuf) part;
            text.append(buffer.toString(StandardCharsets.ISO_8859_1));
            buffer.release();
        }
        channel.finishAndReleaseAll();
        return text.toString();
    }

    @Test
    void moreStoredFieldsThanTheOverlayCarriesAreCopiedIntoAMap() {
        var many = EdgeHeaders.HEADERS.newHeaders();
        for (int i = 0; i <= LayeredHeaders.MAX_STORED; i++) {
            many.add("X-Field-" + i, "v" + i);
        }
        assertThatThrownBy(() -> new LayeredHeaders(StoredHeaders.of(many))).isInstanceOf(IllegalArgumentException.class);
        var copied = LayeredHeaders.over(StoredHeaders.of(many));
        assertThat(copied).as("copied into a map instead").isNotInstanceOf(LayeredHeaders.class);
        assertThat(fields(copied)).isEqualTo(fields(many));
        var exactly = EdgeHeaders.HEADERS.newHeaders();
        for (int i = 0; i < LayeredHeaders.MAX_STORED; i++) {
            exactly.add("X-Field-" + i, "v" + i);
        }
        var full = new LayeredHeaders(StoredHeaders.of(exactly));
        full.remove("X-Field-63").remove("x-field-0").add("X-Field-63", "again");
        assertThat(full.size()).isEqualTo(63);
        assertThat(full.get("X-Field-63")).isEqualTo("again");
        assertThat(full.contains("X-Field-0")).isFalse();
        full.clear();
        assertThat(full.isEmpty()).isTrue();
    }
}
