/**
 * TLS to origins: {@link io.backline.edge.tls.OriginTls} is a backend's TLS settings, built once
 * per backend identity (trust, verification name, SNI, client certificate, versions, ciphers) by
 * {@link io.backline.edge.tls.TlsContexts}; {@link io.backline.edge.tls.TlsFailure} names a failed
 * handshake in Fastly's words. The rest are its parts: PEM and DER parsing, OpenSSL cipher
 * strings, certificate name matching, the trust managers. See {@code docs/edge-tls.md}.
 */
@NullMarked
package io.backline.edge.tls;

import org.jspecify.annotations.NullMarked;
