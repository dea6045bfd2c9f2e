package io.backline.edge.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.edge.proxy.EdgeHeaders;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link OriginHeaders} against Netty's {@code DefaultHttpHeaders}: a head decoded by each (ours
 * and {@code HttpClientCodec}), then the same operations in random order with names in mixed case,
 * leave both with the same fields in the same order and the same answers; and what
 * {@link OriginHeaders#encode} writes, decoded again, is those fields.
 */
class OriginHeadersTest {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nServer: nginx/1.26\r\nDate: Fri, 04 Dec 2026 18:00:00 GMT\r\n"
            + "Content-Type: text/html\r\nContent-Length: 0\r\nLast-Modified: Thu, 03 Dec 2026 10:00:00 GMT\r\n"
            + "Connection: keep-alive, X-Hop\r\nX-Hop: 1\r\nETag: \"6750-400\"\r\nVary:Accept-Encoding\r\nx-cache: HIT\r\n"
            + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Space-Before \t: kept\r\nAccept-Ranges: bytes\r\n\r\n";
    private static final List<CharSequence> NAMES = List.of("Content-Type", "content-type", HttpHeaderNames.CONTENT_TYPE, "X-Cache",
            AsciiString.of("x-CACHE"), "Vary", "Set-Cookie", "ETag", "Connection", HttpHeaderNames.TRANSFER_ENCODING, "a", "Date",
            "x-space-before", "X-Hop", "Content-Length");
    private static final List<Object> VALUES = List.of("text/html", "HIT, MISS", " keep-alive , Upgrade ", "", AsciiString.of("chunked"),
            42, new Date(1_700_000_000_000L), "a,b,,c", "MISS");

    private static HttpHeaders decoded(Supplier<ChannelHandler> codec) {
        var channel = new EmbeddedChannel(codec.get());
        channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ReferenceCountUtil.release(out);
        }
        channel.writeInbound(Unpooled.copiedBuffer(HEAD, StandardCharsets.ISO_8859_1));
        HttpResponse response = channel.readInbound();
        for (Object more; (more = channel.readInbound()) != null; ) {
            ReferenceCountUtil.release(more);
        }
        channel.finishAndReleaseAll();
        return response.headers();
    }

    private static HttpHeaders netty() {
        return decoded(() -> new HttpClientCodec(new HttpDecoderConfig().setHeadersFactory(EdgeHeaders.HEADERS), false, false));
    }

    private static HttpHeaders ours() {
        var headers = decoded(() -> new OriginCodec(8192, 8192, EdgeHeaders.HEADERS));
        assertThat(headers).isInstanceOf(OriginHeaders.class);
        return headers;
    }

    @Test
    void randomOperationsMatchNettysMap() {
        var random = new Random(20261204);
        for (int round = 0; round < 300; round++) {
            var expected = netty();
            var actual = ours();
            assertThat(pairs(actual)).isEqualTo(pairs(expected));
            for (int step = 0; step < 30; step++) {
                var name = NAMES.get(random.nextInt(NAMES.size()));
                var value = VALUES.get(random.nextInt(VALUES.size()));
                int op = random.nextInt(8);
                int number = step;
                if (op == 6) {
                    assertThat(pairs(actual.copy())).isEqualTo(pairs(expected.copy()));
                } else if (op == 7) {
                    // Read a value first (its text is kept), then change the map: the field must still encode as it came.
                    assertThat(actual.get(name)).isEqualTo(expected.get(name));
                } else {
                    both(expected, actual, headers -> {
                        switch (op) {
                            case 0, 1 -> headers.add(name, value);
                            case 2 -> headers.set(name, value);
                            case 3 -> headers.remove(name);
                            case 4 -> headers.set(name, List.of(value, "second"));
                            default -> headers.addInt(name, number);
                        }
                    });
                }
                assertThat(pairs(actual)).isEqualTo(pairs(expected));
                assertThat(reencoded(actual)).as("encoded, then decoded again").isEqualTo(pairs(expected));
                assertThat(actual.size()).isEqualTo(expected.size());
                assertThat(actual.isEmpty()).isEqualTo(expected.isEmpty());
                for (var probe : NAMES) {
                    assertThat(actual.get(probe)).isEqualTo(expected.get(probe));
                    assertThat(actual.getAll(probe)).isEqualTo(expected.getAll(probe));
                    assertThat(actual.contains(probe)).isEqualTo(expected.contains(probe));
                    assertThat(actual.getInt(probe)).isEqualTo(expected.getInt(probe));
                    assertThat(actual.getTimeMillis(probe)).isEqualTo(nettyTime(expected, probe));
                    for (var wanted : List.of("hit", "HIT", "keep-alive", "upgrade", "b", "", "chunked", "x-hop")) {
                        assertThat(actual.containsValue(probe, wanted, true)).as("%s ~ %s", probe, wanted)
                                .isEqualTo(expected.containsValue(probe, wanted, true));
                        assertThat(actual.containsValue(probe, wanted, false)).isEqualTo(expected.containsValue(probe, wanted, false));
                        assertThat(actual.contains(probe, wanted, true)).isEqualTo(expected.contains(probe, wanted, true));
                        assertThat(actual.contains(probe, wanted, false)).isEqualTo(expected.contains(probe, wanted, false));
                    }
                }
                assertThat(new HashSet<>(actual.names())).isEqualTo(new HashSet<>(expected.names()));
                assertThat(actual.entries()).isEqualTo(expected.entries());
            }
        }
    }

    @Test
    void removingManyNamesAtOnceEqualsRemovingThemOneByOne() {
        var named = java.util.Set.of("set-cookie", "x-space-before", "etag", "absent", "date");
        var oneByOne = ours();
        for (var name : named) {
            oneByOne.remove(name);
        }
        var atOnce = (OriginHeaders) ours();
        atOnce.add("ETAG", "added");
        oneByOne.add("ETAG", "added");
        oneByOne.remove("etag");
        atOnce.removeNamed(named);
        assertThat(pairs(atOnce)).isEqualTo(pairs(oneByOne)).hasSize(9);
        assertThat(reencoded(atOnce)).isEqualTo(pairs(oneByOne));
        assertThat(atOnce.get("Accept-Ranges")).isEqualTo("bytes");
        assertThat(atOnce.contains("Set-Cookie")).isFalse();
    }

    @Test
    void unchangedFieldsAreWrittenAsTheyCame() {
        var headers = (OriginHeaders) ours();
        headers.remove("X-Hop");
        headers.set("X-Cache", "MISS");
        var out = Unpooled.buffer();
        headers.encode(out);
        var text = out.toString(StandardCharsets.ISO_8859_1);
        out.release();
        assertThat(text).startsWith("Server: nginx/1.26\r\nDate: Fri, 04 Dec 2026 18:00:00 GMT\r\n")
                .contains("ETag: \"6750-400\"\r\nVary:Accept-Encoding\r\nSet-Cookie: a=1\r\n")
                .contains("X-Space-Before: kept\r\n") // RFC 9112 §5.1: the whitespace before the colon is removed
                .endsWith("Accept-Ranges: bytes\r\nX-Cache: MISS\r\n")
                .doesNotContain("X-Hop: 1").doesNotContain("HIT");
    }

    @Test
    void nettysHelpersReadIt() {
        var headers = ours();
        var response = new io.netty.handler.codec.http.DefaultHttpResponse(HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpResponseStatus.OK, headers);
        assertThat(HttpUtil.isKeepAlive(response)).isTrue();
        assertThat(HttpUtil.getContentLength(response)).isZero();
        headers.add("Transfer-Encoding", "gzip, Chunked");
        assertThat(HttpUtil.isTransferEncodingChunked(response)).isTrue();
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        assertThat(HttpUtil.isKeepAlive(response)).isFalse();
    }

    @Test
    void refusesWhatNettyRefuses() {
        for (var bad : List.<java.util.Map.Entry<String, String>>of(java.util.Map.entry("bad name", "v"), java.util.Map.entry("", "v"),
                java.util.Map.entry("x(y)", "v"), java.util.Map.entry("ok", "line\r\nbreak"), java.util.Map.entry("ok", "nul\0"),
                java.util.Map.entry("ok", "bell\u0007"))) {
            var expected = netty();
            var actual = ours();
            assertThatThrownBy(() -> expected.add(bad.getKey(), bad.getValue())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> actual.add(bad.getKey(), bad.getValue())).as("%s", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> actual.set(bad.getKey(), bad.getValue())).isInstanceOf(IllegalArgumentException.class);
            assertThat(pairs(actual)).isEqualTo(pairs(expected));
        }
        var actual = ours();
        assertThatThrownBy(() -> actual.set("Server", "new\nline")).isInstanceOf(IllegalArgumentException.class);
        assertThat(actual.get("server")).as("a refused set leaves the old value").isEqualTo("nginx/1.26");
    }

    /** The block {@link OriginHeaders#encode} writes, read back line by line: each line a token, a colon and a value. */
    private static List<String> reencoded(HttpHeaders headers) {
        var out = Unpooled.buffer();
        ((OriginHeaders) headers).encode(out);
        var text = out.toString(StandardCharsets.ISO_8859_1);
        out.release();
        var fields = new java.util.ArrayList<String>();
        if (text.isEmpty()) {
            return fields;
        }
        assertThat(text).endsWith("\r\n");
        for (var line : text.substring(0, text.length() - 2).split("\r\n", -1)) {
            assertThat(line).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[ \t]*([^ \t].*)?");
            int colon = line.indexOf(':');
            fields.add(line.substring(0, colon) + ": " + line.substring(colon + 1).strip());
        }
        return fields;
    }

    private static List<String> pairs(HttpHeaders headers) {
        return OriginResponseDecoderTest.pairs(headers);
    }

    /** Applies {@code change} to both maps: both refuse it or both take it. */
    private static void both(HttpHeaders expected, HttpHeaders actual, Consumer<HttpHeaders> change) {
        boolean nettyRefused = refuses(expected, change);
        assertThat(refuses(actual, change)).isEqualTo(nettyRefused);
    }

    private static boolean refuses(HttpHeaders headers, Consumer<HttpHeaders> change) {
        try {
            change.accept(headers);
            return false;
        } catch (IllegalArgumentException refused) {
            return true;
        }
    }

    /** Netty throws a (checked, undeclared) ParseException for a value that is not a date; ours answers null. */
    private static Long nettyTime(HttpHeaders headers, CharSequence name) {
        try {
            return headers.getTimeMillis(name);
        } catch (Exception notADate) {
            return null;
        }
    }
}
