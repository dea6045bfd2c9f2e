/**
 * The proxy: one client connection and the exchanges it carries, one per request.
 *
 * <p>Start at {@link io.backline.edge.proxy.ClientConnection} (Netty's callbacks, pipelining,
 * the idle and header timer, reading from the client) and {@link io.backline.edge.proxy.Exchange}
 * (one request: route, connect, forward, stream back, in an enum state). Beside them:
 * {@link io.backline.edge.proxy.Failover} (which candidate next, and whether a request may go
 * again), {@link io.backline.edge.proxy.ResponseWriter} (the headers the edge adds and its own
 * answers), {@link io.backline.edge.proxy.ExchangeTiming}, and the HTTP/1.1 rules at the client
 * side: {@link io.backline.edge.proxy.ClientCodec}, {@link io.backline.edge.proxy.RequestGate},
 * {@link io.backline.edge.proxy.ForwardedHeaders}. The cache's side of a request is
 * {@link io.backline.edge.proxy.CacheLookup} and {@link io.backline.edge.proxy.ResponseFill}, a {@code PURGE}
 * {@link io.backline.edge.proxy.EdgePurge}. The sequence of one request is in
 * {@code docs/edge-request-flow.md}.
 *
 * <p>Depends on {@code edge.select} (which backend) and {@code edge.origin} (the connection to it).
 */
@NullMarked
package io.backline.edge.proxy;

import org.jspecify.annotations.NullMarked;
