package io.backline.api;

import io.backline.store.ConfigStore;
import io.backline.store.StoreTx;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConfigStore} that hands every call to another one: the base of the API's store
 * decorators, which override only the calls they watch (as Guava's forwarding collections do).
 */
abstract class ForwardingStore implements ConfigStore {
    private final ConfigStore delegate;

    ForwardingStore(ConfigStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T extends @Nullable Object> T write(Function<StoreTx, T> work) {
        return delegate.write(work);
    }

    @Override
    public <T extends @Nullable Object> T read(Function<StoreTx, T> work) {
        return delegate.read(work);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
