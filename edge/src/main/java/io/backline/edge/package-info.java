/**
 * The edge: an HTTP reverse proxy that serves traffic through the active versions.
 *
 * <p>Configuration arrives as an immutable {@link io.backline.edge.EdgeSnapshot}, compiled off the
 * request path by {@link io.backline.edge.SnapshotCompiler} and swapped in atomically. Traffic
 * state (health, connection pools) lives outside snapshots, in named registries keyed by a
 * backend's stable identity, so it survives activations. Request flow: Host → domain index →
 * {@link io.backline.edge.ServiceSnapshot} → {@link io.backline.edge.BackendSelector} → origin.
 */
@NullMarked
package io.backline.edge;

import org.jspecify.annotations.NullMarked;
