package io.backline.edge.logging;

import io.backline.edge.EdgeException;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.ExchangeObserver;
import io.backline.edge.ExchangeRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The senders of every logging endpoint the edge serves, beside the snapshots: the registry that
 * {@link #update} reconciles on each activation, and the {@link ExchangeObserver} that hands each
 * finished request to the senders of its service's version.
 *
 * <p>Reconciliation: an endpoint whose settings an activation left equal keeps its sender (its
 * connection, queue and counters); a changed one gets a new sender and the old one drains for
 * {@link DeliveryConfig#drainOnRemoval()} in the background; a removed one drains the same way.
 * Staged versions are served too: a request on the staging listener logs through its version's
 * endpoints, sharing a sender where the settings are equal.
 *
 * <p>Concurrency: {@link #update} and {@link #close} are serialised on this object and run off the
 * event loop (the snapshot builder's thread); {@link #exchangeEnded} reads one volatile map and
 * offers to bounded queues, on the event loop.
 *
 * <pre>{@code
 * var delivery = new LoggingDelivery(DeliveryConfig.defaults("cache-local"), LineFormats.of(node));
 * delivery.update(snapshot);                       // on each activation, like HealthRegistry
 * EdgeServer.start(config, snapshots, health, delivery);
 * }</pre>
 */
public final class LoggingDelivery implements ExchangeObserver, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LoggingDelivery.class.getName());

    private final DeliveryConfig config;
    private final Function<LoggingEndpoint, Function<ExchangeRecord, String>> formats;
    private final ExecutorService drains = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("backline-log-drain-", 0).factory());
    /** Guarded by this. */
    private Map<LoggingEndpoint, EndpointSender> senders = new LinkedHashMap<>();
    private volatile Map<String, Routes> routes = Map.of();
    private boolean closed;
    /** Senders retired by an activation and still draining; guarded by this. */
    private final Set<EndpointSender> closing = new HashSet<>();
    /** The final counts of senders that stopped, by kind and result, so that {@link #total} never goes down; guarded by this. */
    private final Map<String, long[]> stopped = new HashMap<>();

    /**
     * @param formats how an endpoint's line is rendered from a finished request: its compiled
     *     {@code format} ({@link LineFormats#of}); called once per endpoint and activation
     */
    public LoggingDelivery(DeliveryConfig config, Function<LoggingEndpoint, Function<ExchangeRecord, String>> formats) {
        this.config = config;
        this.formats = formats;
    }

    /** The senders each served version of a service logs to. */
    private record Routes(int[] versions, EndpointSender[][] senders) {
        EndpointSender[] of(int version) {
            for (int i = 0; i < versions.length; i++) {
                if (versions[i] == version) {
                    return senders[i];
                }
            }
            return NONE;
        }
    }

    private static final EndpointSender[] NONE = new EndpointSender[0];

    /** Follows an activation: starts, keeps and retires senders to match {@code snapshot}. */
    public synchronized void update(EdgeSnapshot snapshot) {
        if (closed) {
            return;
        }
        var next = new LinkedHashMap<LoggingEndpoint, EndpointSender>();
        var byService = new HashMap<String, List<Map.Entry<Integer, EndpointSender[]>>>();
        for (var service : snapshot.served()) {
            var list = new ArrayList<EndpointSender>();
            for (var endpoint : service.logging()) {
                if (!endpoint.placed()) {
                    continue;
                }
                var sender = next.get(endpoint);
                if (sender == null) {
                    sender = senders.remove(endpoint);
                }
                if (sender == null) {
                    sender = start(endpoint);
                }
                if (sender != null) {
                    next.put(endpoint, sender);
                    list.add(sender);
                }
            }
            if (!list.isEmpty()) {
                byService.computeIfAbsent(service.serviceId(), id -> new ArrayList<>())
                        .add(Map.entry(service.version(), list.toArray(EndpointSender[]::new)));
            }
        }
        var table = new HashMap<String, Routes>();
        byService.forEach((id, entries) -> table.put(id, new Routes(entries.stream().mapToInt(Map.Entry::getKey).toArray(),
                entries.stream().map(Map.Entry::getValue).toArray(EndpointSender[][]::new))));
        var retired = senders.values();
        senders = next;
        routes = Map.copyOf(table);
        for (var sender : retired) {
            closing.add(sender);
            drains.execute(() -> {
                sender.close(config.drainOnRemoval());
                stopped(sender);
            });
        }
    }

    /** A sender finished: its counts move from the live ones to the stopped ones in one step. */
    private synchronized void stopped(EndpointSender sender) {
        var status = sender.status();
        var counts = stopped.computeIfAbsent(status.kind(), kind -> new long[RESULTS.size()]);
        counts[0] += status.sent();
        counts[1] += status.dropped();
        counts[2] += status.failed();
        closing.remove(sender);
    }

    /** The results {@link #total} counts, in the order of its counts. */
    public static final List<String> RESULTS = List.of("sent", "dropped", "failed");

    /**
     * Lines of every endpoint of {@code kind} since this delivery started, by {@code result}
     * ({@link #RESULTS}): live, draining and stopped senders together, so that the metric only grows.
     */
    public synchronized long total(String kind, String result) {
        int index = RESULTS.indexOf(result);
        if (index < 0) {
            throw new IllegalArgumentException("result: " + result + " (expected: one of " + RESULTS + ")");
        }
        var counts = stopped.get(kind);
        long sum = counts == null ? 0 : counts[index];
        for (var sender : senders.values()) {
            sum += count(sender, kind, index);
        }
        for (var sender : closing) {
            sum += count(sender, kind, index);
        }
        return sum;
    }

    private static long count(EndpointSender sender, String kind, int index) {
        var status = sender.status();
        if (!status.kind().equals(kind)) {
            return 0;
        }
        return switch (index) {
            case 0 -> status.sent();
            case 1 -> status.dropped();
            default -> status.failed();
        };
    }

    private @Nullable EndpointSender start(LoggingEndpoint endpoint) {
        try {
            var render = formats.apply(endpoint);
            EndpointSender sender = switch (endpoint) {
                case SyslogEndpoint syslog -> new SyslogSender(syslog, config, render);
                case HttpsEndpoint https -> new HttpsSender(https, config, render);
            };
            sender.start();
            return sender;
        } catch (EdgeException | IllegalArgumentException e) {
            // The snapshot compiler checked the same settings: reaching this means a format or TLS refusal it could not see.
            LOG.log(System.Logger.Level.ERROR, endpoint + " cannot start, its lines are not sent: " + e.getMessage());
            return null;
        }
    }

    /** On the event loop: the request goes to each endpoint of its service's version, or nowhere. */
    @Override
    public void exchangeEnded(ExchangeRecord record) {
        var serviceId = record.serviceId();
        if (serviceId == null) {
            return; // no service: no endpoint (Fastly logs only what a service handled)
        }
        var table = routes.get(serviceId);
        if (table == null) {
            return;
        }
        for (var sender : table.of(record.version())) {
            sender.offer(record);
        }
    }

    /** Each endpoint of a service that is being delivered now, with its counters. */
    public synchronized List<EndpointStatus> status(String serviceId) {
        var statuses = new ArrayList<EndpointStatus>();
        for (var entry : senders.entrySet()) {
            if (entry.getKey().serviceId().equals(serviceId)) {
                statuses.add(entry.getValue().status());
            }
        }
        return statuses;
    }

    /** Every endpoint being delivered now, for metrics. */
    public synchronized Map<LoggingEndpoint, EndpointStatus> statuses() {
        var all = new LinkedHashMap<LoggingEndpoint, EndpointStatus>();
        senders.forEach((endpoint, sender) -> all.put(endpoint, sender.status()));
        return all;
    }

    /** Sends what is queued for at most the drain time, then stops every sender. */
    @Override
    public synchronized void close() {
        closed = true;
        routes = Map.of();
        var all = new ArrayList<>(senders.values());
        senders = new LinkedHashMap<>();
        var closing = all.stream().map(sender -> drains.submit(() -> sender.close(config.drainOnRemoval()))).toList();
        for (var future : closing) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "a logging sender failed to close", e);
            }
        }
        drains.shutdown();
    }
}
