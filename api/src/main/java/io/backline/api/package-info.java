/**
 * The control plane: Fastly's configuration API over HTTP.
 *
 * <p>Request flow, assembled in {@link io.backline.api.ApiPipeline#handle}: request id, access log,
 * route, auth ({@code Fastly-Key}), rate limit, body limit, handler, error mapping. Handlers
 * ({@code *Handlers}) adapt HTTP to {@link io.backline.api.ConfigService}, which holds the rules of
 * services, versions and per-version objects and runs each call in one store transaction.
 */
@NullMarked
package io.backline.api;

import org.jspecify.annotations.NullMarked;
