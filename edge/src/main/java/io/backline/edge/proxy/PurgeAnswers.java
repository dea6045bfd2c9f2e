package io.backline.edge.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answers to a {@code PURGE} sent to the edge, in Fastly's shapes: {@code 200 {"status": "ok",
 * "id": "…"}} (the id in Fastly's {@code <number>-<epoch seconds>-<number>} form), and a refusal as
 * Fastly's error body {@code {"msg": …, "detail": …}} with 401 (no Fastly-Key) or 403. Written with
 * Jackson's streaming generator: the edge has no data-binding mapper, and these are two fields.
 */
final class PurgeAnswers {
    private static final JsonFactory JSON = new JsonFactory();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private PurgeAnswers() {}

    static FullHttpResponse ok(ByteBufAllocator alloc, int purged) {
        var id = purged + "-" + System.currentTimeMillis() / 1000 + "-" + SEQUENCE.incrementAndGet();
        return json(alloc, 200, "status", "ok", "id", id);
    }

    static FullHttpResponse refused(ByteBufAllocator alloc, int status, String reason) {
        return json(alloc, status, "msg", status == 401 ? "Provided credentials are missing or invalid" : "Forbidden", "detail", reason);
    }

    private static FullHttpResponse json(ByteBufAllocator alloc, int status, String name1, String value1, String name2, String value2) {
        ByteBuf body = alloc.buffer(96);
        try (var out = new ByteBufOutputStream(body); var json = JSON.createGenerator((java.io.OutputStream) out)) {
            json.writeStartObject();
            json.writeStringField(name1, value1);
            json.writeStringField(name2, value2);
            json.writeEndObject();
        } catch (IOException e) {
            body.release();
            throw new UncheckedIOException(e);
        }
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body, EdgeHeaders.HEADERS,
                EdgeHeaders.HEADERS);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }
}
