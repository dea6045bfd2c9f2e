package io.backline.store;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The storage port. A unit of work runs in one transaction: it commits when the function returns
 * and rolls back when it throws, so callers never see half a write.
 *
 * <pre>{@code
 * int next = store.write(tx -> tx.maxVersion(id) + 1);
 * List<Service> page = store.read(tx -> tx.services(new ServicePage(1, 20, ServicePage.Sort.CREATED, false)));
 * }</pre>
 */
public interface ConfigStore extends AutoCloseable {

    /**
     * Runs {@code work} in a read-write transaction; only one runs at a time per database.
     *
     * <p>{@code work} may run more than once: a store whose database refuses to serialize a
     * transaction ({@link PostgresStore}, when another writer raced it) rolls it back and runs it
     * again, and answers what the last run returned. So the work must do nothing but read and write
     * through its {@link StoreTx}, or things that may happen twice (computing ids and times, building
     * the answer); anything with effects outside the transaction (notify, cache, send) belongs after
     * {@code write} returns. Nor should it go on after a store call failed: the write then fails
     * however the work ends, on either store (PostgreSQL has aborted the transaction anyway).
     * Work done only for its effect answers {@code null}, which {@code T} allows.
     */
    <T extends @Nullable Object> T write(Function<StoreTx, T> work);

    /** Runs {@code work} in a read-only transaction that sees one consistent state. */
    <T extends @Nullable Object> T read(Function<StoreTx, T> work);

    @Override
    void close();
}
