package io.backline.edge.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.proxy.EdgeHeaders;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OriginResponseDecoder} against Netty's {@code HttpClientCodec}, which the edge used before:
 * the same bytes, whole and cut at random places, give the same heads, bodies, trailers and
 * failures. The cases are the framing rules and the hostile responses of the fault matrix
 * (docs/reliability.md); the few places where the two differ on purpose have their own tests.
 */
class OriginResponseDecoderTest {
    private static final int MAX_HEADER = 16 * 1024;
    private static final String OK = "HTTP/1.1 200 OK\r\n";

    static List<Object[]> cases() {
        var big = "X-Filler: " + "h".repeat(1000) + "\r\n";
        return List.of(
                c("GET", OK + "Content-Length: 5\r\nServer: nginx\r\nETag: \"abc\"\r\n\r\nhello"),
                c("GET", OK + "Content-Length: 0\r\n\r\n"),
                c("GET", OK + "content-length: 3\r\nX-Empty:\r\nX-Spaces:   a b  \r\nX-Tab:\tv\t\r\n\r\nabc"),
                c("GET", OK + "Content-Length:7\r\n\r\nnospace"),
                c("GET", OK + "X-Space-Before-Colon \t: v\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.1  200  OK\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.1\t200\tOK \t\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.1 200 Very  Fine \r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.1 299 Fine Enough\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.1 599 Custom\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.1 404 Gone Fishing\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "HTTP/1.0 200 OK\r\n\r\nuntil the close"),
                c("GET", OK + "Connection: close\r\n\r\nuntil the close"),
                c("GET", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
                c("GET", OK + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                c("GET", OK + "Transfer-Encoding: CHUNKED\r\n\r\nA;name=value\r\n0123456789\r\n0\r\n\r\n"),
                c("GET", OK + "Transfer-Encoding: chunked\r\n\r\n2 ;x\r\nok\r\n0\r\nX-Trailer: t\r\nContent-Length: 9\r\n\r\n"),
                c("GET", OK + "Transfer-Encoding: gzip\r\n\r\nraw to the close"),
                c("GET", OK + "Transfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nok" + OK + "Content-Length: 0\r\n\r\n"),
                c("HEAD", OK + "Content-Length: 1000\r\n\r\n"),
                c("HEAD", OK + "Transfer-Encoding: chunked\r\n\r\n"),
                c("GET", "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"),
                c("GET", "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n"),
                c("GET", "HTTP/1.1 100 Continue\r\n\r\n" + OK + "Content-Length: 2\r\n\r\nok"),
                c("GET", "\r\n" + OK + "Content-Length: 2\r\n\r\nok"),
                c("GET", OK + "Content-Length: 2\r\n\r\nok" + OK + "Content-Length: 8\r\n\r\nsmuggled"),
                c("GET", OK + "X-Obs-Text: caf\u00e9\r\nContent-Length: 2\r\n\r\nok"),
                // refused by both
                c("GET", OK + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                c("GET", OK + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                c("GET", OK + "Content-Length: 2\r\nContent-Length: 7\r\n\r\nok"),
                c("GET", OK + "Content-Length: 2\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", OK + "Content-Length: 2, 7\r\n\r\nok"),
                c("GET", OK + "Content-Length: -2\r\n\r\nok"),
                c("GET", OK + "Content-Length: 2x\r\n\r\nok"),
                c("GET", OK + "Transfer-Encoding: chunked, identity\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                c("GET", OK + "Transfer-Encoding: chunked, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                c("GET", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                c("GET", "HTTP/1.1 abc Nope\r\nContent-Length: 0\r\n\r\n"),
                c("GET", "200 OK\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", "\u0000\u0001\u00ffSSH-2.0-OpenSSH_9.6\r\n\r\n"),
                c("GET", OK + "X(y): v\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", OK + ": v\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", OK + "NoColon\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", OK + "X-Bell: a\u0007b\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", OK + "X-Nul: a\u0000b\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", OK + "X-Lf: a\nContent-Length: 2\r\n\r\nok"),
                c("GET", OK + "X-Cr: a\rb\r\nContent-Length: 2\r\n\r\nok"),
                c("GET", OK + big.repeat(20) + "Content-Length: 2\r\n\r\nok"),
                c("GET", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\npart1\r\nzz\r\nxx\r\n"),
                c("GET", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\npart1XX0\r\n\r\n"),
                c("GET", OK + "Transfer-Encoding: chunked\r\n\r\n;ext\r\nok\r\n0\r\n\r\n"),
                c("GET", OK + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFF\r\nok\r\n0\r\n\r\n"),
                // cut short by the close
                c("GET", OK + "Content-Length: 10\r\n\r\npart1"),
                c("GET", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\npart1\r\n"),
                c("GET", "HTTP/1.1 2"),
                c("GET", OK + "Content-Length: 2\r\n"));
    }

    private static Object[] c(String method, String wire) {
        return new Object[] {method, wire};
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesAsNettysCodec(String method, String wire) {
        var bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        var expected = decode(() -> new HttpClientCodec(new HttpDecoderConfig().setMaxInitialLineLength(8 * 1024)
                .setMaxHeaderSize(MAX_HEADER).setMaxChunkSize(64 * 1024).setHeadersFactory(EdgeHeaders.HEADERS), false, false),
                method, List.of(bytes));
        var random = new Random(wire.hashCode());
        for (int round = 0; round < 20; round++) {
            var pieces = round == 0 ? List.of(bytes) : cut(bytes, random);
            var actual = decode(() -> new OriginCodec(8 * 1024, MAX_HEADER, EdgeHeaders.HEADERS), method, pieces);
            assertThat(actual).as("%s in %d pieces", wire, pieces.size()).isEqualTo(expected);
        }
    }

    /**
     * Where Netty is lenient and the edge is not: it joins obs-fold lines (RFC 9112 §5.2 lets a
     * proxy refuse them instead), reads {@code Bad Name: v} as a field {@code Bad} (a name that is
     * not a token; the edge refuses it rather than guess), and takes a status code of any number of
     * digits (RFC 9112 §4: three).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {OK + "X-Folded: a\r\n b\r\nContent-Length: 2\r\n\r\nok",
        OK + "Bad Name: v\r\nContent-Length: 2\r\n\r\nok", "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 20 OK\r\nContent-Length: 2\r\n\r\nok"})
    void refusesWhatNettyToleratesInAResponse(String wire) {
        var events = decode(() -> new OriginCodec(8 * 1024, MAX_HEADER, EdgeHeaders.HEADERS), "GET",
                List.of(wire.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(events).containsExactly("FAIL-HEAD");
    }

    /**
     * Mutations of the accepted cases (a byte replaced, inserted or removed): the edge's decoder
     * never accepts a response Netty's refuses (a looser parser is how responses get smuggled), and
     * where both accept, both read the same messages.
     */
    @Test
    void mutatedResponsesAreNeverReadMoreLooselyThanByNetty() {
        var random = new Random(20261204);
        byte[] interesting = {'\r', '\n', ' ', '\t', ':', ',', ';', '0', '9', 'a', 'F', 0, 0x7f, (byte) 0x80, 'H', '/', '.'};
        var accepted = cases().stream().map(c -> (String) c[1]).filter(w -> !nettys("GET", w).stream().anyMatch(e -> e.startsWith("FAIL")))
                .toList();
        int compared = 0;
        for (int round = 0; round < 6000; round++) {
            var wire = accepted.get(random.nextInt(accepted.size())).getBytes(StandardCharsets.ISO_8859_1);
            var mutated = new java.io.ByteArrayOutputStream();
            int at = random.nextInt(wire.length);
            int how = random.nextInt(3);
            mutated.write(wire, 0, at);
            if (how != 2) {
                mutated.write(interesting[random.nextInt(interesting.length)]);
            }
            mutated.write(wire, how == 1 ? at : at + 1, wire.length - (how == 1 ? at : at + 1));
            var text = mutated.toString(StandardCharsets.ISO_8859_1);
            var expected = nettys("GET", text);
            var actual = decode(() -> new OriginCodec(8 * 1024, MAX_HEADER, EdgeHeaders.HEADERS), "GET",
                    List.of(text.getBytes(StandardCharsets.ISO_8859_1)));
            boolean nettyRefused = expected.stream().anyMatch(e -> e.startsWith("FAIL"));
            boolean refused = actual.stream().anyMatch(e -> e.startsWith("FAIL"));
            if (nettyRefused) {
                // What the edge reads of it is at most what Netty read before refusing (it may stop sooner).
                var read = actual.stream().filter(e -> !e.startsWith("FAIL") && !e.startsWith("PARTIAL")).toList();
                var nettyRead = expected.stream().filter(e -> !e.startsWith("FAIL") && !e.startsWith("PARTIAL")).toList();
                assertThat(nettyRead.subList(0, Math.min(read.size(), nettyRead.size()))).as("Netty refuses %s", printable(text))
                        .isEqualTo(read);
                assertThat(read.size()).as("Netty refuses %s", printable(text)).isLessThanOrEqualTo(nettyRead.size());
            } else if (!refused) {
                assertThat(actual).as("%s", printable(text)).isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).as("mutations both decoders accepted and compared").isGreaterThan(1000);
    }

    private static String printable(String wire) {
        var text = new StringBuilder();
        for (char c : wire.toCharArray()) {
            text.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return text.toString();
    }

    private static List<String> nettys(String method, String wire) {
        return decode(() -> new HttpClientCodec(new HttpDecoderConfig().setMaxInitialLineLength(8 * 1024).setMaxHeaderSize(MAX_HEADER)
                .setMaxChunkSize(64 * 1024).setHeadersFactory(EdgeHeaders.HEADERS), false, false), method,
                List.of(wire.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aResponseToHeadAfterAnInterimOneStillHasNoBody() {
        var events = decode(() -> new OriginCodec(8 * 1024, MAX_HEADER, EdgeHeaders.HEADERS), "HEAD",
                List.of(("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + OK + "Content-Length: 9\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(events).containsExactly("HEAD HTTP/1.1 103 Early Hints [Link: </a>]", "BODY  []", "HEAD HTTP/1.1 200 OK [Content-Length: 9]",
                "BODY  []");
    }

    private static List<byte[]> cut(byte[] bytes, Random random) {
        var pieces = new ArrayList<byte[]>();
        int at = 0;
        while (at < bytes.length) {
            int length = Math.min(bytes.length - at, 1 + random.nextInt(Math.max(1, bytes.length / 3)));
            var piece = new byte[length];
            System.arraycopy(bytes, at, piece, 0, length);
            pieces.add(piece);
            at += length;
        }
        return pieces;
    }

    /** What a decoder makes of the pieces, then of the close, as one line per head and one per whole body. */
    private static List<String> decode(Supplier<ChannelHandler> codec, String method, List<byte[]> pieces) {
        var channel = new EmbeddedChannel(codec.get());
        channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), "/"));
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ReferenceCountUtil.release(out);
        }
        var events = new ArrayList<String>();
        var body = new StringBuilder();
        boolean[] ended = {false};
        for (var piece : pieces) {
            channel.writeInbound(Unpooled.wrappedBuffer(piece));
            drain(channel, events, body, ended);
        }
        channel.finish();
        drain(channel, events, body, ended);
        if (body.length() > 0) {
            events.add("PARTIAL " + body);
        }
        return events;
    }

    private static void drain(EmbeddedChannel channel, List<String> events, StringBuilder body, boolean[] ended) {
        for (Object message; (message = channel.readInbound()) != null; ) {
            if (ended[0]) {
                ReferenceCountUtil.release(message);
                continue;
            }
            if (message instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    events.add("FAIL-HEAD");
                    ended[0] = true;
                } else {
                    events.add("HEAD " + response.protocolVersion() + " " + response.status().code() + " " + response.status().reasonPhrase()
                            + " " + pairs(response.headers()));
                }
            }
            if (message instanceof HttpContent content && !ended[0]) {
                if (content.decoderResult().isFailure()) {
                    events.add("FAIL-BODY");
                    ended[0] = true;
                } else {
                    body.append(content.content().toString(StandardCharsets.ISO_8859_1));
                    if (content instanceof LastHttpContent last) {
                        events.add("BODY " + body + " " + pairs(last.trailingHeaders()));
                        body.setLength(0);
                    }
                }
            }
            ReferenceCountUtil.release(message);
        }
    }

    static List<String> pairs(HttpHeaders headers) {
        var pairs = new ArrayList<String>();
        for (var it = headers.iteratorCharSequence(); it.hasNext(); ) {
            var entry = it.next();
            pairs.add(entry.getKey() + ": " + entry.getValue());
        }
        return pairs;
    }
}
