/**
 * The control plane: Fastly's configuration API over HTTP.
 *
 * <p>Request flow, assembled in {@link io.backline.api.ApiPipeline#handle}: request id, access log,
 * route, auth ({@code Fastly-Key}) by the route's {@link io.backline.api.Router.Access}, rate limit,
 * body limit, handler, error mapping. Handlers ({@code *Handlers}) turn the path, query and body
 * into typed values ({@link io.backline.api.VersionNumber}, {@link io.backline.api.Visibility},
 * {@link io.backline.model.Changes}, {@link io.backline.api.ObjectRead}) and call the services:
 * {@link io.backline.api.ConfigService} holds the rules of services and versions,
 * {@link io.backline.api.ObjectService} those of per-version objects; each call is one store
 * transaction. Object reads go through {@link io.backline.api.CachedObjectReads}, the only class
 * that knows about caching.
 */
@NullMarked
package io.backline.api;

import org.jspecify.annotations.NullMarked;
