/**
 * Connections to origins: {@link io.backline.edge.origin.OriginPools} (the registry, keyed by
 * backend identity, outside any snapshot), {@link io.backline.edge.origin.OriginPool} (max_conn
 * and the idle connections of one backend, per event loop),
 * {@link io.backline.edge.origin.ConnectAttempt} (resolve, connect, TLS handshake within one
 * connect_timeout), {@link io.backline.edge.origin.ConnectFailure} (why a connect failed, by
 * type), and {@link io.backline.edge.origin.OriginConnection} (one HTTP/1.1 connection and its
 * first-byte, between-bytes and idle deadlines), which reports to an
 * {@link io.backline.edge.origin.OriginListener}.
 *
 * <p>Depends on {@code edge.tls} for use_ssl; knows nothing of the client side.
 */
@NullMarked
package io.backline.edge.origin;

import org.jspecify.annotations.NullMarked;
