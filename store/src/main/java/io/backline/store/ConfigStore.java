package io.backline.store;

import java.util.function.Function;

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

    /** Runs {@code work} in a read-write transaction; only one runs at a time per database. */
    <T> T write(Function<StoreTx, T> work);

    /** Runs {@code work} in a read-only transaction that sees one consistent state. */
    <T> T read(Function<StoreTx, T> work);

    @Override
    void close();
}
