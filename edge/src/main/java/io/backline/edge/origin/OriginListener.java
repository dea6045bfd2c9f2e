package io.backline.edge.origin;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The client side of the exchange an {@link OriginConnection} carries: it receives the response
 * and the connection's events. Bound by {@link OriginConnection#bind} and unbound when the
 * exchange ends, so a listener only ever hears about its own request.
 */
public interface OriginListener {
    void originResponse(HttpResponse response);

    /** Body content; a {@link LastHttpContent} ends the response (the connection is then already released or closed). */
    void originContent(HttpContent content);

    void originReadComplete();

    /** The exchange broke; the connection is closed and must not be used again. */
    void originFailed(OriginConnection.Failure failure);

    void originWritabilityChanged();
}
