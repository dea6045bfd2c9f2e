package io.backline.store;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.ServiceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What every part of the store contract uses: the store under test, a way to restart it and reach
 * its database below the port, and helpers for work on other (virtual) threads. Every wait has a
 * deadline, so a store that hangs fails its test instead of hanging the build.
 */
interface StoreContractSupport {
    long DEADLINE_SECONDS = 20;

    /** The service most tests work on; {@code svcB} is "another service". */
    ServiceId SHOP = StoreFixtures.serviceId("A");

    /** The store under test: fresh and empty at the start of each test. */
    ConfigStore store();

    /**
     * Closes the store, runs {@code whileStopped} with no store open, and opens the same database
     * again, as a restart would; {@link #store()} answers the new store from then on.
     */
    void restartStore(WhileStopped whileStopped);

    /**
     * Another store on the same database, open beside {@link #store()} as a second API node (or
     * process) would open it; it is closed after the test.
     */
    ConfigStore anotherStore();

    /** A plain JDBC connection to the store's database, for facts below the port; caller closes it. */
    Connection connectDirectly() throws SQLException;

    /** Work done while no store is open, such as migrating the database directly. */
    @FunctionalInterface
    interface WhileStopped {
        void run() throws SQLException;
    }

    default void restartStore() {
        restartStore(() -> {});
    }

    default void writeAll(Consumer<StoreTx> work) {
        store().write(tx -> {
            work.accept(tx);
            return Boolean.TRUE;
        });
    }

    /** The service {@link #SHOP} named "shop" with a draft version 1. */
    default void givenShopWithVersionOne() {
        writeAll(tx -> {
            tx.insertService(StoreFixtures.service("A", "shop"));
            tx.insertVersion(StoreFixtures.draft(SHOP, 1));
        });
    }

    static <T> Future<T> inBackground(Callable<T> work) {
        var task = new FutureTask<>(work);
        Thread.ofVirtual().name("store-contract-", 0).start(task);
        return task;
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(DEADLINE_SECONDS, SECONDS)).as("waited for the other thread").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What the background work answered; its failure is rethrown, a hang fails the test. */
    static <T> T result(Future<T> future) {
        try {
            return future.get(DEADLINE_SECONDS, SECONDS);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException unchecked -> throw unchecked;
                case Error error -> throw error;
                default -> throw new AssertionError(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("background work still running after " + DEADLINE_SECONDS + " s", e);
        }
    }

    /** Thrown by test work to make a write fail after it changed things. */
    final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom() {
            super("boom");
        }
    }
}
