/**
 * Backend selection, shared by the proxy and {@code explain}:
 * {@link io.backline.edge.select.BackendSelector} turns a service and a request into a
 * {@link io.backline.edge.select.Selection} (the candidates in order, or the reason there are
 * none), through request conditions, the auto-load-balanced pool, directors
 * ({@link io.backline.edge.select.DirectorBalancer}) and health.
 *
 * <p>Depends on {@code edge.health}.
 */
@NullMarked
package io.backline.edge.select;

import org.jspecify.annotations.NullMarked;
