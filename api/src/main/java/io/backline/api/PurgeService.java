package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.ServiceId;
import io.backline.store.ConfigStore;
import io.backline.store.PurgeRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Accepts purges: each is written to the purge log in one transaction with the pruning of entries
 * older than {@link #RETENTION}, then handed to the edge of this process (if any) and announced to
 * the edge feeds waiting on this node, all before the API answers. Edge nodes elsewhere receive it
 * through their next (or current, woken) feed call.
 */
final class PurgeService {
    /**
     * How long the log keeps a purge. An edge node that last reported a purge sequence older than
     * the oldest kept entry (away longer than this, or new) is told to empty its cache instead;
     * an hour covers restarts and network partitions of ordinary length, and the table stays small.
     */
    static final Duration RETENTION = Duration.ofHours(1);

    private final ConfigStore store;
    private final Clock clock;
    private final Consumer<PurgeRecord> localEdge;
    private final Runnable announce;

    /**
     * @param localEdge applies a committed purge to the edge of this process (a no-op without one)
     * @param announce wakes the edge feeds waiting on this node
     */
    PurgeService(ConfigStore store, Clock clock, Consumer<PurgeRecord> localEdge, Runnable announce) {
        this.store = store;
        this.clock = clock;
        this.localEdge = localEdge;
        this.announce = announce;
    }

    /** Everything of a service. */
    PurgeRecord purgeAll(ServiceId id) {
        return log(List.of(id), (sid, at) -> PurgeRecord.all(sid, at)).getFirst();
    }

    /** The objects tagged with any of {@code keys} (checked by the caller: 1 to 256 of them). */
    PurgeRecord purgeKeys(ServiceId id, List<String> keys, boolean soft) {
        return log(List.of(id), (sid, at) -> PurgeRecord.keys(sid, keys, soft, at)).getFirst();
    }

    /**
     * The object cached for {@code host} and {@code path}, in every active service with that domain
     * that {@code visibility} lets the caller see; a 404 when there is none (the purge would reach
     * nothing, and saying so beats a silent success).
     */
    List<PurgeRecord> purgeUrl(String host, String path, boolean soft, Visibility visibility) {
        var domain = host.indexOf(':') < 0 ? host : host.substring(0, host.indexOf(':'));
        var services = store.read(tx -> tx.activeServicesWithDomain(domain)).stream().filter(visibility::canSee).distinct().toList();
        if (services.isEmpty()) {
            throw ConfigException.notFound("url: no active service this token can see has the domain '" + domain
                    + "' (expected: a URL whose host is a domain of an active service)");
        }
        return log(services, (sid, at) -> PurgeRecord.url(sid, host, path, soft, at));
    }

    private interface Draft {
        PurgeRecord of(String serviceId, Instant at);
    }

    private List<PurgeRecord> log(List<ServiceId> services, Draft draft) {
        var at = clock.instant();
        var logged = store.write(tx -> {
            for (var id : services) {
                var service = tx.service(id);
                if (service.isEmpty() || service.get().deletedAt() != null) {
                    throw ConfigException.notFound("Record not found: service " + id.value());
                }
            }
            var records = new ArrayList<PurgeRecord>();
            for (var id : services) {
                records.add(tx.logPurge(draft.of(id.value(), at)));
            }
            tx.prunePurges(at.minus(RETENTION));
            return records;
        });
        logged.forEach(localEdge);
        announce.run();
        return logged;
    }
}
