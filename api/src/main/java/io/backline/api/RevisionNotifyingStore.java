package io.backline.api;

import io.backline.store.ConfigStore;
import io.backline.store.StoreTx;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConfigStore} that runs a hook after every committed write that moved the store's
 * revision: activations and staging, and also edits of a staged version, which the store bumps
 * itself deep inside an object write. One place sees them all, so the edge of the same process
 * and waiting edge feeds learn of every configuration change however it was made. Costs two
 * reads of one counter row per write.
 */
final class RevisionNotifyingStore extends ForwardingStore {
    private final Runnable onRevision;

    RevisionNotifyingStore(ConfigStore delegate, Runnable onRevision) {
        super(delegate);
        this.onRevision = onRevision;
    }

    @Override
    public <T extends @Nullable Object> T write(Function<StoreTx, T> work) {
        // Set by the last run of the work: a store may run it again after a serialization failure.
        var moved = new boolean[1];
        T result = super.write(tx -> {
            long before = tx.revision();
            T value = work.apply(tx);
            moved[0] = tx.revision() != before;
            return value;
        });
        if (moved[0]) {
            onRevision.run();
        }
        return result;
    }
}
