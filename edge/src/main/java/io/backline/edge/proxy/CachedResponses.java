package io.backline.edge.proxy;

import io.backline.edge.cache.ByteRange;
import io.backline.edge.cache.CachePolicy;
import io.backline.edge.cache.CachedObject;
import io.backline.edge.cache.StoredHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.Date;
import java.util.List;

/**
 * Responses made from a cached object for one request: the stored headers with Age, then a 304
 * when the request's validator matches, a 206 or 416 for a single byte range, or the whole object
 * (without its body for HEAD). The body is the object's own buffer, shared, never copied.
 */
final class CachedResponses {
    private static final List<AsciiString> NOT_UPDATED = List.of(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING,
            HttpHeaderNames.CONNECTION, AsciiString.cached("keep-alive"), HttpHeaderNames.CONTENT_ENCODING, HttpHeaderNames.TRAILER,
            HttpHeaderNames.UPGRADE, HttpHeaderNames.TE);

    private CachedResponses() {}

    /** A response to send: its head, its last part, and the body bytes in it. */
    record Reply(HttpResponse head, LastHttpContent last, long bodyBytes) {}

    /**
     * The response to {@code requestHeaders} from {@code object}, whose body the caller has retained
     * ({@code body}); this takes that reference over.
     */
    static Reply build(CachedObject object, HttpHeaders requestHeaders, boolean head, ByteBuf body, long nowMillis) {
        var headers = LayeredHeaders.over(object.headers());
        headers.set(HttpHeaderNames.AGE, object.ageText(nowMillis));
        int status = object.status();
        long length = body.readableBytes();
        if (status == 200 && notModified(requestHeaders, object)) {
            body.release();
            return new Reply(response(304, headers), LastHttpContent.EMPTY_LAST_CONTENT, 0);
        }
        ByteBuf sent = body;
        if (status == 200) {
            headers.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
            var range = requestHeaders.contains(HttpHeaderNames.IF_RANGE) ? null : ByteRange.parse(requestHeaders.get(HttpHeaderNames.RANGE), length);
            if (range != null && !range.satisfiable()) {
                body.release();
                headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + length);
                headers.set(HttpHeaderNames.CONTENT_LENGTH, "0");
                return new Reply(response(416, headers), LastHttpContent.EMPTY_LAST_CONTENT, 0);
            }
            if (range != null) {
                sent = body.retainedSlice((int) range.first(), (int) range.length());
                body.release();
                headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + length);
                status = 206;
            }
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, sent == body ? object.lengthText() : Integer.toString(sent.readableBytes()));
        if (head) {
            sent.release();
            return new Reply(response(status, headers), LastHttpContent.EMPTY_LAST_CONTENT, 0);
        }
        // No trailers on a hit: the shared empty map, not a new one per response (184 bytes, as the origin path does).
        return new Reply(response(status, headers), new DefaultLastHttpContent(sent, EmptyHttpHeaders.INSTANCE), sent.readableBytes());
    }

    private static HttpResponse response(int status, HttpHeaders headers) {
        if (status == 304) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.remove(HttpHeaderNames.CONTENT_TYPE);
        }
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), headers);
    }

    /** If-None-Match against the ETag (weak comparison, RFC 9110 §13.1.2), else If-Modified-Since against Last-Modified. */
    static boolean notModified(HttpHeaders requestHeaders, CachedObject object) {
        var noneMatch = requestHeaders.get(HttpHeaderNames.IF_NONE_MATCH);
        if (noneMatch != null) {
            var etag = object.etag();
            if (etag == null) {
                return false;
            }
            var tag = opaque(etag);
            for (var candidate : noneMatch.split(",")) {
                var trimmed = candidate.trim();
                if (trimmed.equals("*") || opaque(trimmed).equals(tag)) {
                    return true;
                }
            }
            return false;
        }
        var since = requestHeaders.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        var modified = object.lastModified();
        if (since == null || modified == null) {
            return false;
        }
        Date sinceDate = io.netty.handler.codec.DateFormatter.parseHttpDate(since.trim());
        Date modifiedDate = io.netty.handler.codec.DateFormatter.parseHttpDate(modified.trim());
        return sinceDate != null && modifiedDate != null && !modifiedDate.after(sinceDate);
    }

    private static String opaque(String etag) {
        var trimmed = etag.trim();
        return trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed;
    }

    /** The headers to store of a response on its way to the client: without framing, which each hit sets anew. */
    static HttpHeaders stored(HttpHeaders response) {
        var copy = EdgeHeaders.HEADERS.newHeaders();
        copy.set(response);
        copy.remove(HttpHeaderNames.TRANSFER_ENCODING);
        copy.remove(HttpHeaderNames.CONTENT_LENGTH);
        return copy;
    }

    /** The stored headers updated by a 304's (RFC 9111 §4.3.4), framing and hop-by-hop fields excepted. */
    static HttpHeaders merged(StoredHeaders stored, HttpHeaders notModified) {
        var copy = EdgeHeaders.HEADERS.newHeaders();
        stored.addTo(copy);
        for (var name : notModified.names()) {
            if (!skipped(name)) {
                copy.set(name, notModified.getAll(name));
            }
        }
        return copy;
    }

    private static boolean skipped(String name) {
        for (var skip : NOT_UPDATED) {
            if (skip.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Surrogate-Control and Surrogate-Key go to another Backline edge only ({@code Fastly-FF} on the request as it arrived). */
    static void stripSurrogate(HttpHeaders responseHeaders, boolean toEdge) {
        if (!toEdge) {
            responseHeaders.remove(CachePolicy.SURROGATE_CONTROL);
            responseHeaders.remove(CachePolicy.SURROGATE_KEY);
        }
    }

    /** For the debug header: the decision, e.g. {@code miss: stored ttl=3600 (Cache-Control max-age)}. */
    static String stored(CachePolicy.Store store) {
        return "miss: stored ttl=" + store.ttlSeconds() + " (" + store.source() + ")";
    }
}
