package io.backline.app;

import io.backline.edge.ActiveVersion;
import io.backline.edge.EdgeException;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.RolloutCandidate;
import io.backline.edge.SnapshotCompiler;
import io.backline.model.ConfigObject;
import io.backline.model.Values;
import io.backline.model.Version;
import io.backline.store.ConfigStore;
import io.backline.store.StoreException;
import io.backline.store.StoreTx;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The edge snapshots of {@code backline serve}, built from the store it shares with the API (an
 * edge node builds its own from the feed: {@link EdgeNode}). Every activation asks for a reload,
 * reloads run one at a time off the request path (requests that arrive meanwhile coalesce into
 * one), and a snapshot that fails to build is rejected while the previous one keeps serving.
 */
final class StoreSnapshots implements Supplier<EdgeSnapshot>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreSnapshots.class.getName());

    private final ConfigStore store;
    private final AtomicReference<EdgeSnapshot> current = new AtomicReference<>(EdgeSnapshot.EMPTY);
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService reloader = Executors.newSingleThreadExecutor(r -> {
        var thread = new Thread(r, "edge-snapshot");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Consumer<EdgeSnapshot> listener = snapshot -> {};

    StoreSnapshots(ConfigStore store) {
        this.store = store;
    }

    /**
     * Builds a snapshot on the reload thread, in order with reloads requested by activations; the
     * future fails when the snapshot cannot be built (fatal at start, where this is used).
     */
    CompletableFuture<EdgeSnapshot> reloadAsync() {
        return CompletableFuture.supplyAsync(() -> {
            var snapshot = build();
            // Health probes learn a snapshot before it serves, so new backends follow their `initial`.
            listener.accept(snapshot);
            current.set(snapshot);
            return snapshot;
        }, reloader);
    }

    /** Called after every activation: schedule a reload, coalescing bursts. */
    void requestReload() {
        if (pending.compareAndSet(false, true)) {
            reloader.execute(() -> {
                pending.set(false);
                long start = System.nanoTime();
                try {
                    var snapshot = build();
                    listener.accept(snapshot);
                    current.set(snapshot);
                    LOG.log(Level.DEBUG, () -> "edge snapshot revision " + snapshot.revision() + " with " + snapshot.services().size()
                            + " services in " + (System.nanoTime() - start) / 1_000_000 + " ms");
                } catch (EdgeException | StoreException e) {
                    LOG.log(Level.ERROR, "edge snapshot rejected, the previous one keeps serving: " + e.getMessage(), e);
                }
            });
        }
    }

    /** Called with every snapshot that goes live (health probes follow it). */
    void onSnapshot(Consumer<EdgeSnapshot> consumer) {
        this.listener = consumer;
    }

    @Override
    public EdgeSnapshot get() {
        return current.get();
    }

    EdgeSnapshot build() {
        return store.read(tx -> {
            var versions = new ArrayList<ActiveVersion>();
            for (var version : tx.activeVersions()) {
                versions.add(read(tx, version));
            }
            var staged = new ArrayList<ActiveVersion>();
            for (var ref : tx.stagedVersions()) {
                staged.add(read(tx, ref.version()));
            }
            // A running rollout's candidate is served beside the active version (issue 19).
            var rollouts = new ArrayList<RolloutCandidate>();
            for (var rollout : tx.runningRollouts()) {
                tx.version(rollout.serviceId(), rollout.version()).ifPresent(candidate ->
                        rollouts.add(new RolloutCandidate(rollout.id(), rollout.stepIndex(), rollout.percent(), read(tx, candidate))));
            }
            return SnapshotCompiler.compile(tx.revision(), versions, staged, rollouts, current.get());
        });
    }

    private static ActiveVersion read(StoreTx tx, Version version) {
        var id = version.serviceId();
        int number = version.number();
        return ActiveVersion.of(id.value(), number, schema -> values(tx.objects(id, number, schema)));
    }

    private static List<Values> values(List<ConfigObject> objects) {
        return objects.stream().map(ConfigObject::values).toList();
    }

    @Override
    public void close() {
        reloader.shutdownNow();
    }
}
