package io.backline.edge;

import java.util.function.Supplier;

/** What every client connection of one {@link EdgeServer} shares. Immutable; its parts are thread-safe. */
record EdgeRuntime(EdgeConfig config, Supplier<EdgeSnapshot> snapshots, HealthView health, OriginPools pools, EdgeStats stats,
        ClientNetworks debugClients) {}
