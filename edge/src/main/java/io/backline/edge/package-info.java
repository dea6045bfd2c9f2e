/**
 * The edge: an HTTP reverse proxy that serves traffic through the active versions.
 *
 * <p>Configuration arrives as an immutable {@link io.backline.edge.EdgeSnapshot}, compiled off the
 * request path by {@link io.backline.edge.SnapshotCompiler} and swapped in atomically. Traffic
 * state (health, connection pools) lives outside snapshots, in named registries keyed by a
 * backend's stable identity, so it survives activations. Request flow: Host → domain index →
 * {@link io.backline.edge.ServiceSnapshot} → {@link io.backline.edge.select.BackendSelector} → origin.
 *
 * <p>This package is the edge's public face and its configuration values: {@link
 * io.backline.edge.EdgeServer} (which wires the rest), {@link io.backline.edge.EdgeConfig}, the
 * snapshot types and {@link io.backline.edge.Explainer}. The work is in subpackages, whose
 * dependencies run one way: {@code proxy} → {@code select} → {@code health} → {@code tls}, and
 * {@code proxy} → {@code origin} → {@code tls}; {@code metrics} observes finished requests
 * ({@link io.backline.edge.ExchangeObserver}) and reads pools and health from outside, and nothing
 * on the request path depends on it. See {@code docs/edge-request-flow.md} and {@code docs/metrics.md}.
 *
 * <p>Staged rollouts (docs/rollout.md): a snapshot may hold, beside a service's active version, the
 * candidate of its running rollout ({@link io.backline.edge.RolloutSplit}); the proxy sends a client
 * to it by the hash of its address, and {@link io.backline.edge.RolloutCounts} counts each version's
 * answers for the control plane.
 */
@NullMarked
package io.backline.edge;

import org.jspecify.annotations.NullMarked;
