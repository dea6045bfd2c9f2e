package io.backline.edge;

import io.backline.edge.cache.EdgeCache;
import io.backline.edge.health.HealthView;
import io.backline.edge.origin.OriginPools;
import java.util.function.Supplier;

/**
 * What every client connection of one listener shares (the cache too: staging and production share one store). Immutable; its parts are thread-safe. The
 * production and staging listeners of one {@link EdgeServer} share all but the environment.
 *
 * @param pops the POP map current now (shielding, docs/shielding.md), read once per shielded request
 */
public record EdgeRuntime(EdgeConfig config, Supplier<EdgeSnapshot> snapshots, HealthView health, OriginPools pools, EdgeStats stats,
        ClientNetworks debugClients, Environment environment, ExchangeObserver observer, EdgeCache cache,
        Supplier<Pops> pops) {

    EdgeRuntime in(Environment other) {
        return new EdgeRuntime(config, snapshots, health, pools, stats, debugClients, other, observer, cache, pops);
    }
}
