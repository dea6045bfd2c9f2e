package io.backline.edge;

import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every active version, and every staged one, indexed by domain for each {@link Environment}.
 * Exact names win over wildcards ({@code *.example.com} matches one or more labels in front of
 * {@code example.com}, the longest wildcard first).
 *
 * <p>The staging index holds each service's staged version, or its active version when it has none
 * staged: a request on the staging listener for a service nobody staged gets what production
 * serves rather than "unknown domain". Fastly does not document that case (it requires an active
 * version before a service can be staged); this is the choice docs/edge.md explains.
 */
public final class EdgeSnapshot {
    /** The snapshot before anything is active. */
    public static final EdgeSnapshot EMPTY = new EdgeSnapshot(0, List.of());

    private final long revision;
    private final List<ServiceSnapshot> services;
    private final List<ServiceSnapshot> staged;
    private final DomainIndex production;
    private final DomainIndex staging;
    /** Service id → its running rollout's split; empty when none runs (the common case: one failed lookup). */
    private final Map<String, RolloutSplit> rollouts;

    EdgeSnapshot(long revision, List<ServiceSnapshot> services) {
        this(revision, services, List.of());
    }

    EdgeSnapshot(long revision, List<ServiceSnapshot> services, List<ServiceSnapshot> staged) {
        this(revision, services, staged, List.of());
    }

    EdgeSnapshot(long revision, List<ServiceSnapshot> services, List<ServiceSnapshot> staged, List<RolloutSplit> rollouts) {
        this.revision = revision;
        var splits = new HashMap<String, RolloutSplit>();
        rollouts.forEach(split -> splits.put(split.candidate().serviceId(), split));
        this.rollouts = Map.copyOf(splits);
        this.services = List.copyOf(services);
        this.staged = List.copyOf(staged);
        this.production = new DomainIndex(this.services);
        var stagedIds = new HashSet<String>();
        this.staged.forEach(service -> stagedIds.add(service.serviceId()));
        var stagingView = new ArrayList<ServiceSnapshot>(this.staged);
        this.services.stream().filter(service -> !stagedIds.contains(service.serviceId())).forEach(stagingView::add);
        this.staging = new DomainIndex(stagingView);
    }

    public long revision() {
        return revision;
    }

    public Collection<ServiceSnapshot> services() {
        return services;
    }

    /** The staged versions, one per service that has one. */
    public Collection<ServiceSnapshot> staged() {
        return staged;
    }

    /**
     * Every compiled version traffic may reach: the active ones, then the staged ones, then the
     * candidates of running rollouts (pools and probes follow these).
     */
    public List<ServiceSnapshot> served() {
        var all = new ArrayList<ServiceSnapshot>(services.size() + staged.size() + rollouts.size());
        all.addAll(services);
        all.addAll(staged);
        rollouts.values().forEach(split -> all.add(split.candidate()));
        return all;
    }

    /** The running rollout of a service in production, or null when none runs. */
    public @Nullable RolloutSplit rollout(String serviceId) {
        return rollouts.isEmpty() ? null : rollouts.get(serviceId);
    }

    /** Every running rollout this snapshot splits traffic for. */
    public Collection<RolloutSplit> rollouts() {
        return rollouts.values();
    }

    /** The service a Host header belongs to in production (port and case ignored), or null. */
    public @Nullable ServiceSnapshot find(@Nullable String host) {
        return production.find(host);
    }

    /** The service a Host header belongs to on the listener of {@code environment}, or null. */
    public @Nullable ServiceSnapshot find(Environment environment, @Nullable String host) {
        return switch (environment) {
            case PRODUCTION -> production.find(host);
            case STAGING -> staging.find(host);
        };
    }

    /** The staged version of a service, or null when it has none staged. */
    public @Nullable ServiceSnapshot stagedService(String serviceId) {
        for (var service : staged) {
            if (service.serviceId().equals(serviceId)) {
                return service;
            }
        }
        return null;
    }

    public @Nullable ServiceSnapshot service(String serviceId) {
        for (var service : services) {
            if (service.serviceId().equals(serviceId)) {
                return service;
            }
        }
        return null;
    }
}
