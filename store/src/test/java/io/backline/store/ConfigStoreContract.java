package io.backline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The store contract: the behaviour every {@link ConfigStore} shows, whatever database is behind
 * it. One suite, run against each store by a subclass that says how to open a fresh store on an
 * empty database, how to open it again, and how to reach that database with plain JDBC; see
 * {@link SqliteStoreContractTest}.
 *
 * <p>The tests live in one interface per topic (JUnit runs their default methods here); every test
 * starts from a fresh, empty store. Times are whole seconds after {@link StoreFixtures#T0}.
 */
abstract class ConfigStoreContract
        implements ServicesContract,
                ServicePagingContract,
                CountersContract,
                VersionsContract,
                ObjectsContract,
                DomainsContract,
                StoredValuesContract,
                TokensContract,
                TransactionsContract,
                ConcurrencyContract,
                EdgesContract,
                PurgesContract,
                TlsContract,
                MigrationsContract {

    private ConfigStore store;
    private boolean open;
    private final List<ConfigStore> others = new ArrayList<>();

    /** Opens a store on a new, empty database (its migrations run as at any start). */
    protected abstract ConfigStore openFreshStore();

    /**
     * Opens a store on the database of the last {@link #openFreshStore()}, as a restart would, or
     * as another node would while the first store is open.
     */
    protected abstract ConfigStore reopenStore();

    @Override
    public abstract Connection connectDirectly() throws SQLException;

    @BeforeEach
    final void openStore() {
        store = openFreshStore();
        open = true;
    }

    @AfterEach
    final void closeStores() {
        others.forEach(ConfigStore::close);
        others.clear();
        closeStore();
    }

    private void closeStore() {
        if (open) {
            open = false;
            store.close();
        }
    }

    @Override
    public final ConfigStore store() {
        return store;
    }

    @Override
    public final ConfigStore anotherStore() {
        var other = reopenStore();
        others.add(other);
        return other;
    }

    @Override
    public final void restartStore(WhileStopped whileStopped) {
        closeStore();
        try {
            whileStopped.run();
        } catch (SQLException e) {
            throw new AssertionError("work while the store was stopped failed", e);
        }
        store = reopenStore();
        open = true;
    }
}
