package io.backline.edge.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decodes an origin's HTTP/1.1 responses into the messages Netty's {@code HttpClientCodec} would
 * give (a response head, its body in {@code HttpContent} pieces of at most 64 KiB, a
 * {@code LastHttpContent}), with the head's fields kept as bytes in {@link OriginHeaders}.
 *
 * <p>Why not Netty's decoder: it turns every field into a name and a value string in a hash map,
 * which the client side then formats back into bytes; here the head is scanned once, checked, and
 * copied once (docs/edge-benchmarks.md has the measurements). The rules are Netty's strict defaults,
 * which the edge's fault-matrix tests and a differential test against Netty's decoder hold it to:
 * every line ends in CRLF; field names are tokens and values have no control characters; obs-fold
 * is refused (RFC 9112 §5.2 lets a proxy refuse it); one Content-Length of digits only;
 * Transfer-Encoding only on HTTP/1.1, with {@code chunked} last and once and never beside a
 * Content-Length; a response to HEAD, a 1xx, 204 and 304 have no body; without a length the body
 * runs to the close. A response that breaks a rule comes out as a response or content with a failed
 * decoder result, after which the connection is only drained (the origin connection closes it).
 *
 * <p>The methods of the requests sent, in order, come from {@link OriginCodec}'s encoder.
 */
final class OriginResponseDecoder extends ByteToMessageDecoder {
    private static final int MAX_CHUNK = 64 * 1024;
    /** The longest chunk-size line taken (with its extensions), as Netty's initial-line limit. */
    private static final int MAX_CHUNK_LINE = 8 * 1024;
    private static final HttpResponseStatus UNKNOWN = new HttpResponseStatus(999, "Unknown");

    /** Byte classes: a token character (field names), a character allowed in a field value. */
    private static final byte TOKEN = 1;
    private static final byte VALUE = 2;
    private static final byte[] CLASSES = new byte[256];

    static {
        for (int c = 0x21; c < 0x7f; c++) {
            CLASSES[c] = VALUE;
        }
        for (int c = 0x80; c < 0x100; c++) {
            CLASSES[c] = VALUE; // obs-text
        }
        CLASSES[' '] = VALUE;
        CLASSES['\t'] = VALUE;
        for (var c : "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()) {
            CLASSES[c] = TOKEN | VALUE;
        }
    }

    private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, BROKEN }

    private final int maxInitialLineBytes;
    private final int maxHeaderBytes;
    /** The most a head may take before the decoder gives up waiting for its end. */
    private final int maxHeadBytes;
    private final ArrayDeque<HttpMethod> methods;
    private final NameValidator<CharSequence> names;
    private final HttpHeadersFactory trailerHeaders;
    private State state = State.HEAD;
    /** Bytes at the front of the unread buffer already searched for the end of the head (or of the trailers). */
    private int scanned;
    /** Body bytes still to come: of the message (FIXED) or of the chunk (CHUNK_DATA). */
    private long remaining;
    private @Nullable HttpHeaders trailers;

    OriginResponseDecoder(int maxInitialLineBytes, int maxHeaderBytes, ArrayDeque<HttpMethod> methods,
            NameValidator<CharSequence> names, HttpHeadersFactory trailerHeaders) {
        this.maxInitialLineBytes = maxInitialLineBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxHeadBytes = maxInitialLineBytes + 2 + maxHeaderBytes + 2;
        this.methods = methods;
        this.names = names;
        this.trailerHeaders = trailerHeaders;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case HEAD -> {
                    if (!head(in, out)) {
                        return;
                    }
                }
                case FIXED -> {
                    int take = (int) Math.min(Math.min(in.readableBytes(), MAX_CHUNK), remaining);
                    var content = in.readRetainedSlice(take);
                    remaining -= take;
                    if (remaining == 0) {
                        out.add(new DefaultLastHttpContent(content, EmptyHttpHeaders.INSTANCE));
                        state = State.HEAD;
                    } else {
                        out.add(new DefaultHttpContent(content));
                    }
                }
                case UNTIL_CLOSE -> out.add(new DefaultHttpContent(in.readRetainedSlice(Math.min(in.readableBytes(), MAX_CHUNK))));
                case CHUNK_SIZE -> {
                    if (!chunkSize(in, out)) {
                        return;
                    }
                }
                case CHUNK_DATA -> {
                    int take = (int) Math.min(Math.min(in.readableBytes(), MAX_CHUNK), remaining);
                    out.add(new DefaultHttpContent(in.readRetainedSlice(take)));
                    remaining -= take;
                    if (remaining == 0) {
                        state = State.CHUNK_END;
                    }
                }
                case CHUNK_END -> {
                    if (in.readableBytes() < 2) {
                        return;
                    }
                    int at = in.readerIndex();
                    if (in.getByte(at) != '\r' || in.getByte(at + 1) != '\n') {
                        broken(in, out, "a chunk's data not followed by CRLF");
                        return;
                    }
                    in.skipBytes(2);
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    if (!trailers(in, out)) {
                        return;
                    }
                }
                case BROKEN -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
            }
        }
    }

    /**
     * The origin closed the connection: a body that runs to the close ends here; anything else that
     * is unfinished is left for the connection, which reports the close ("backend read error").
     */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (state == State.UNTIL_CLOSE) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (state == State.HEAD && in.isReadable() && in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n') >= 0) {
            // A status line came, its head did not end: a broken response, as Netty reports it.
            broken(in, out, new PrematureChannelClosureException("the connection closed inside a response head"));
        }
        if (state != State.BROKEN) {
            state = State.HEAD;
            scanned = 0;
        }
    }

    // ---- the head

    /** Decodes one head if it is all here; false when more bytes are needed or it is broken. */
    private boolean head(ByteBuf in, List<Object> out) {
        if (scanned == 0) {
            // Empty lines before a status line are tolerated, as Netty does (RFC 9112 §2.2).
            while (in.isReadable() && (in.getByte(in.readerIndex()) == '\r' || in.getByte(in.readerIndex()) == '\n')) {
                in.skipBytes(1);
            }
            if (!in.isReadable()) {
                return false;
            }
        }
        int base = in.readerIndex();
        int end = in.writerIndex();
        int from = base + Math.max(0, scanned - 3);
        int headEnd;
        while (true) {
            int lf = in.indexOf(from, end, (byte) '\n');
            if (lf < 0) {
                scanned = end - base;
                if (scanned > maxHeadBytes) {
                    broken(in, out, new TooLongHttpHeaderException("the response head is larger than " + maxHeadBytes + " bytes"));
                }
                return false;
            }
            if (lf - base >= 3 && in.getByte(lf - 1) == '\r' && in.getByte(lf - 2) == '\n' && in.getByte(lf - 3) == '\r') {
                headEnd = lf + 1;
                break;
            }
            from = lf + 1;
        }
        scanned = 0;
        var bytes = new byte[headEnd - base];
        in.readBytes(bytes);
        try {
            return parse(bytes, out);
        } catch (IllegalArgumentException | TooLongFrameException e) {
            broken(in, out, e);
            return false;
        }
    }

    /** Parses a whole head (status line to the blank line) and chooses how its body is framed. */
    private boolean parse(byte[] head, List<Object> out) {
        int statusEnd = lineEnd(head, 0);
        if (statusEnd > maxInitialLineBytes) {
            throw new TooLongHttpLineException("the status line is longer than " + maxInitialLineBytes + " bytes");
        }
        if (head.length - statusEnd - 4 > maxHeaderBytes) {
            throw new TooLongHttpHeaderException("the header fields are larger than " + maxHeaderBytes + " bytes");
        }
        // HTTP/1.x SP 3DIGIT [SP reason], with runs of SP or HTAB taken for one SP and the reason's
        // trailing whitespace dropped, as Netty's lenient reading of the status line does.
        if (statusEnd < 12 || !startsWith(head, "HTTP/1.") || !digit(head[7]) || !blank(head[8])) {
            throw new IllegalArgumentException("not an HTTP/1.x status line");
        }
        int at = skipBlanks(head, 9, statusEnd);
        if (statusEnd - at < 3 || !digit(head[at]) || !digit(head[at + 1]) || !digit(head[at + 2])
                || (statusEnd > at + 3 && !blank(head[at + 3]))) {
            throw new IllegalArgumentException("not an HTTP/1.x status line");
        }
        var version = head[7] == '0' ? HttpVersion.HTTP_1_0
                : head[7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.valueOf(new String(head, 0, 8, StandardCharsets.ISO_8859_1));
        int code = (head[at] - '0') * 100 + (head[at + 1] - '0') * 10 + (head[at + 2] - '0');
        if (code < 100) {
            throw new IllegalArgumentException("status " + code + " (expected: 100 to 999)");
        }
        int reasonStart = skipBlanks(head, at + 3, statusEnd);
        int reasonEnd = statusEnd;
        while (reasonEnd > reasonStart && blank(head[reasonEnd - 1])) {
            reasonEnd--;
        }
        var status = status(head, code, reasonStart, reasonEnd);

        var headers = new OriginHeaders(head, names, 16);
        int contentLengths = 0;
        long contentLength = -1;
        boolean transferEncoding = false;
        int line = statusEnd + 2;
        while (true) {
            int lineEnd = lineEnd(head, line);
            if (lineEnd == line) {
                break;
            }
            int nameEnd = field(head, line, lineEnd, headers);
            int nameLength = nameEnd - line;
            if (nameLength == 14 && named(head, line, HttpHeaderNames.CONTENT_LENGTH)) {
                contentLengths++;
                contentLength = length(head, headers.wireValueStart(headers.size() - 1), headers.wireValueEnd(headers.size() - 1));
            } else if (nameLength == 17 && named(head, line, HttpHeaderNames.TRANSFER_ENCODING)) {
                transferEncoding = true;
            }
            line = lineEnd + 2;
        }
        if (contentLengths > 1) {
            throw new IllegalArgumentException("more than one Content-Length");
        }
        var response = new DefaultHttpResponse(version, status, headers);
        // The method of the request a final response answers; a 1xx leaves it queued for the final one.
        var method = code < 200 ? null : methods.poll();
        if (code < 200 || code == 204 || code == 304 || HttpMethod.HEAD.equals(method)) {
            if (transferEncoding) {
                HttpUtil.setTransferEncodingChunked(response, false); // as Netty: a body that cannot be there is not chunked
            }
            out.add(response);
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            return true;
        }
        if (transferEncoding) {
            if (version != HttpVersion.HTTP_1_1) {
                throw new IllegalArgumentException("Transfer-Encoding in an HTTP/1.0 response");
            }
            if (chunkedLast(headers.getAll(HttpHeaderNames.TRANSFER_ENCODING))) {
                if (contentLengths > 0) {
                    throw new IllegalArgumentException("both Content-Length and Transfer-Encoding: chunked");
                }
                out.add(response);
                state = State.CHUNK_SIZE;
                return true;
            }
        }
        out.add(response);
        if (contentLength == 0) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (contentLength > 0) { // beside a Transfer-Encoding without chunked too, as Netty reads it
            remaining = contentLength;
            state = State.FIXED;
        } else {
            state = State.UNTIL_CLOSE; // RFC 9112 §6.3: a response without a length ends at the close
        }
        return true;
    }

    /**
     * Checks one field line and adds it to {@code headers}; returns the name's end. The name is a
     * token, followed by the colon (whitespace before it is tolerated in a response and removed
     * when the field is written on, RFC 9112 §5.1); the value, without the whitespace around it,
     * has no control character but HTAB.
     */
    private static int field(byte[] head, int start, int end, OriginHeaders headers) {
        if (head[start] == ' ' || head[start] == '\t') {
            throw new IllegalArgumentException("obs-fold: a header line starts with whitespace");
        }
        int nameEnd = start;
        while (nameEnd < end && (CLASSES[head[nameEnd] & 0xff] & TOKEN) != 0) {
            nameEnd++;
        }
        int colon = nameEnd;
        while (colon < end && (head[colon] == ' ' || head[colon] == '\t')) {
            colon++;
        }
        if (nameEnd == start || colon == end || head[colon] != ':') {
            throw new IllegalArgumentException("a header line is not name: value");
        }
        int valueStart = colon + 1;
        while (valueStart < end && (head[valueStart] == ' ' || head[valueStart] == '\t')) {
            valueStart++;
        }
        int valueEnd = end;
        while (valueEnd > valueStart && (head[valueEnd - 1] == ' ' || head[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        for (int i = valueStart; i < valueEnd; i++) {
            if ((CLASSES[head[i] & 0xff] & VALUE) == 0) {
                throw new IllegalArgumentException("a control character in a header value");
            }
        }
        headers.addWire(start, nameEnd, valueStart, valueEnd, end + 2);
        return nameEnd;
    }

    /** The index of the CR that ends the line starting at {@code start}; a CR or LF alone in it is refused. */
    private static int lineEnd(byte[] head, int start) {
        for (int i = start; i < head.length; i++) {
            byte b = head[i];
            if (b == '\r') {
                if (i + 1 < head.length && head[i + 1] == '\n') {
                    return i;
                }
                throw new IllegalArgumentException("a CR not followed by LF");
            }
            if (b == '\n') {
                throw new IllegalArgumentException("a line ends in LF without CR");
            }
        }
        throw new IllegalArgumentException("a line without its end");
    }

    /** A Content-Length value: digits only (so no list, no sign), at most 18 of them. */
    private static long length(byte[] head, int start, int end) {
        if (start == end || end - start > 18) {
            throw new IllegalArgumentException("Content-Length: not 1 to 18 digits");
        }
        long length = 0;
        for (int i = start; i < end; i++) {
            if (!digit(head[i])) {
                throw new IllegalArgumentException("Content-Length: not 1 to 18 digits");
            }
            length = length * 10 + (head[i] - '0');
        }
        return length;
    }

    /** Netty's rule: once {@code chunked} appears it must be the last coding, and only once; false when it is absent. */
    private static boolean chunkedLast(List<String> fields) {
        boolean seen = false;
        boolean last = false;
        for (var field : fields) {
            for (var coding : field.split(",", -1)) {
                var trimmed = coding.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                last = trimmed.equalsIgnoreCase("chunked");
                if (last) {
                    if (seen) {
                        throw new IllegalArgumentException("chunked applied more than once");
                    }
                    seen = true;
                }
            }
        }
        if (seen && !last) {
            throw new IllegalArgumentException("chunked is not the last transfer coding");
        }
        return seen;
    }

    private static HttpResponseStatus status(byte[] head, int code, int reasonStart, int reasonEnd) {
        var known = HttpResponseStatus.valueOf(code);
        var phrase = known.reasonPhrase();
        if (phrase.length() == reasonEnd - reasonStart) {
            boolean same = true;
            for (int i = 0; i < phrase.length() && same; i++) {
                same = head[reasonStart + i] == phrase.charAt(i);
            }
            if (same) {
                return known;
            }
        }
        for (int i = reasonStart; i < reasonEnd; i++) {
            if ((CLASSES[head[i] & 0xff] & VALUE) == 0) {
                throw new IllegalArgumentException("a control character in the reason phrase");
            }
        }
        return new HttpResponseStatus(code, new String(head, reasonStart, reasonEnd - reasonStart, StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static int skipBlanks(byte[] bytes, int from, int end) {
        int at = from;
        while (at < end && blank(bytes[at])) {
            at++;
        }
        return at;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean named(byte[] head, int start, CharSequence lowerName) {
        for (int i = 0; i < lowerName.length(); i++) {
            int c = head[start + i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---- chunks

    private boolean chunkSize(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > MAX_CHUNK_LINE) {
                broken(in, out, "a chunk-size line longer than " + MAX_CHUNK_LINE + " bytes");
            }
            return false;
        }
        if (lf == start || in.getByte(lf - 1) != '\r') {
            broken(in, out, "a chunk-size line not ended by CRLF");
            return false;
        }
        long size = 0;
        int i = start;
        int end = lf - 1;
        for (; i < end; i++) {
            int digit = Character.digit(in.getByte(i), 16);
            if (digit < 0) {
                break;
            }
            size = size * 16 + digit;
            if (size > Integer.MAX_VALUE) {
                broken(in, out, "a chunk larger than 2 GiB");
                return false;
            }
        }
        if (i == start) {
            broken(in, out, "a chunk size that is not hexadecimal");
            return false;
        }
        int digitsEnd = i;
        while (i < end && (in.getByte(i) == ' ' || in.getByte(i) == '\t')) {
            i++;
        }
        if (i == end && i != digitsEnd) {
            broken(in, out, "whitespace after a chunk size without an extension"); // BWS only precedes ";" (RFC 9112 §7.1.1)
            return false;
        }
        if (i < end) {
            if (in.getByte(i) != ';') {
                broken(in, out, "a chunk size that is not hexadecimal");
                return false;
            }
            if (!validExtensions(in, i + 1, end)) {
                broken(in, out, "a chunk extension that is not ;name[=token or \"quoted\"]");
                return false;
            }
        }
        in.readerIndex(lf + 1);
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    private static final int EXT_NAME = 0;
    private static final int EXT_VALUE_START = 1;
    private static final int EXT_QUOTED = 2;
    private static final int EXT_ESCAPE = 3;
    private static final int EXT_QUOTED_END = 4;
    private static final int EXT_TOKEN = 5;

    /**
     * The chunk extensions after the first {@code ;} (RFC 9112 §7.1.1), by the grammar Netty's
     * decoder checks them with, so that what it refused is refused here too: names and token values
     * of visible characters but the delimiters, quoted values of visible characters, SP and HTAB
     * (no obs-text), whitespace around them.
     */
    private static boolean validExtensions(ByteBuf in, int from, int end) {
        int state = EXT_NAME;
        for (int i = from; i < end; i++) {
            int b = in.getByte(i) & 0xff;
            boolean blank = b == ' ' || b == '\t';
            boolean visible = b >= 0x21 && b <= 0x7e;
            switch (state) {
                case EXT_NAME -> {
                    if (b == '=') {
                        state = EXT_VALUE_START;
                    } else if (!blank && !(visible && !delimiter(b))) {
                        return false;
                    }
                }
                case EXT_VALUE_START -> {
                    if (b == '"') {
                        state = EXT_QUOTED;
                    } else if (visible && !delimiter(b)) {
                        state = EXT_TOKEN;
                    } else if (!blank) {
                        return false;
                    }
                }
                case EXT_QUOTED -> {
                    if (b == '\\') {
                        state = EXT_ESCAPE;
                    } else if (b == '"') {
                        state = EXT_QUOTED_END;
                    } else if (!blank && !visible) {
                        return false;
                    }
                }
                case EXT_ESCAPE -> {
                    if (!blank && !visible) {
                        return false;
                    }
                    state = EXT_QUOTED;
                }
                case EXT_QUOTED_END -> {
                    if (b == ';') {
                        state = EXT_NAME;
                    } else if (!blank) {
                        return false;
                    }
                }
                default -> { // EXT_TOKEN
                    if (b == ';') {
                        state = EXT_NAME;
                    } else if (!visible || delimiter(b)) {
                        return false;
                    }
                }
            }
        }
        return state != EXT_VALUE_START && state != EXT_QUOTED && state != EXT_ESCAPE;
    }

    /** The delimiters that may not stand in a token (RFC 9110 §5.6.2), as Netty's chunk-line check lists them. */
    private static boolean delimiter(int b) {
        return "(),/:<=>?@[\\]{}".indexOf(b) >= 0;
    }

    /** The trailer section after the last chunk, read line by line; the fields that may not be trailers are dropped, as Netty does. */
    private boolean trailers(ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() + scanned > maxHeadBytes) {
                    broken(in, out, "trailers larger than " + maxHeadBytes + " bytes");
                }
                return false;
            }
            if (lf == start || in.getByte(lf - 1) != '\r') {
                broken(in, out, "a trailer line not ended by CRLF");
                return false;
            }
            scanned += lf + 1 - start;
            if (scanned > maxHeadBytes) {
                broken(in, out, "trailers larger than " + maxHeadBytes + " bytes");
                return false;
            }
            if (lf - 1 == start) {
                in.readerIndex(lf + 1);
                var fields = trailers;
                trailers = null;
                scanned = 0;
                out.add(fields == null ? LastHttpContent.EMPTY_LAST_CONTENT : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, fields));
                state = State.HEAD;
                return true;
            }
            var line = new byte[lf + 1 - start];
            in.readBytes(line);
            var parsed = new OriginHeaders(line, names, 1);
            int nameEnd;
            try {
                nameEnd = field(line, 0, line.length - 2, parsed);
            } catch (IllegalArgumentException e) {
                broken(in, out, String.valueOf(e.getMessage()));
                return false;
            }
            if (!(nameEnd == 14 && named(line, 0, HttpHeaderNames.CONTENT_LENGTH))
                    && !(nameEnd == 17 && named(line, 0, HttpHeaderNames.TRANSFER_ENCODING))
                    && !(nameEnd == 7 && named(line, 0, HttpHeaderNames.TRAILER))) {
                var fields = trailers;
                if (fields == null) {
                    fields = trailerHeaders.newHeaders();
                    trailers = fields;
                }
                int valueStart = parsed.wireValueStart(0);
                fields.add(new String(line, 0, nameEnd, StandardCharsets.ISO_8859_1),
                        new String(line, valueStart, parsed.wireValueEnd(0) - valueStart, StandardCharsets.ISO_8859_1));
            }
        }
    }

    // ---- failures

    private void broken(ByteBuf in, List<Object> out, Exception cause) {
        state = State.BROKEN;
        in.skipBytes(in.readableBytes());
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, UNKNOWN, Unpooled.EMPTY_BUFFER);
        response.setDecoderResult(DecoderResult.failure(cause));
        out.add(response);
    }

    private void broken(ByteBuf in, List<Object> out, String reason) {
        state = State.BROKEN;
        trailers = null;
        in.skipBytes(in.readableBytes());
        var last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        last.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(reason)));
        out.add(last);
    }
}
