/**
 * Fastly's logging endpoints applied by the edge: {@code logging/syslog} (UDP, TCP, TCP with TLS)
 * and {@code logging/https} (batched POSTs or PUTs).
 *
 * <p>Starting points: {@link io.backline.edge.logging.LoggingEndpoints} reads a version's endpoint
 * objects into {@link io.backline.edge.logging.SyslogEndpoint} and {@link
 * io.backline.edge.logging.HttpsEndpoint} settings, which the {@link io.backline.edge.ServiceSnapshot}
 * carries; {@link io.backline.edge.logging.LoggingDelivery} is the registry of senders beside the
 * snapshots (like {@code HealthRegistry}: state that survives activations), reconciled on each
 * {@link io.backline.edge.logging.LoggingDelivery#update update}, and the {@link
 * io.backline.edge.ExchangeObserver} that hands each finished request to the senders of its
 * service's version.
 *
 * <p>Concurrency: on the event loop only a bounded {@code offer} per endpoint (a full queue drops
 * and counts). Each sender runs on its own virtual thread: it evaluates the endpoint's
 * {@code response_condition}, renders the line and sends it; a receiver that is slow, refuses or
 * never answers blocks only that thread. See {@code docs/logging-delivery.md}.
 */
@NullMarked
package io.backline.edge.logging;

import org.jspecify.annotations.NullMarked;
