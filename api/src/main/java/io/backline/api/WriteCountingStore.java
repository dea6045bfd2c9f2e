package io.backline.api;

import io.backline.store.ConfigStore;
import io.backline.store.StoreTx;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConfigStore} that counts this process's write transactions. When this process is the
 * only writer of configuration (backline serve on its own SQLite file), a value read while the
 * count stood still is still current, so hot reads can skip the database entirely. The count
 * moves before and after each write, so a read that overlaps a write never counts as current.
 */
final class WriteCountingStore extends ForwardingStore {
    private final AtomicLong writes = new AtomicLong();

    WriteCountingStore(ConfigStore delegate) {
        super(delegate);
    }

    /** The number of writes begun or finished so far; equal readings mean no write in between. */
    long generation() {
        return writes.get();
    }

    @Override
    public <T extends @Nullable Object> T write(Function<StoreTx, T> work) {
        writes.incrementAndGet();
        try {
            return super.write(work);
        } finally {
            writes.incrementAndGet();
        }
    }
}
