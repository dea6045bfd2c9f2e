package io.backline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work in one transaction on a borrowed connection, the same for both stores: the
 * store begins it (with its isolation, after its locks), then {@link #run} runs the work on a
 * {@link JdbcTx} and commits only if no statement failed, otherwise rolls back. The caller owns the connection and gives it back to its pool;
 * {@link #broken} says when it must be evicted instead.
 *
 * <p>A statement failure the work caught and went on from still fails the write: PostgreSQL has
 * aborted the transaction by then (its {@code COMMIT} would answer {@code ROLLBACK} without an
 * error), and on SQLite the half of the work after the failure must not commit alone either.
 */
final class Transaction {
    private final Connection connection;
    private final StatementCache statements;
    private boolean broken;

    /** A statement of the transaction, or its commit, failed with {@link #sqlCause}; nothing was committed. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient SQLException sqlCause;
        private final transient Throwable thrown;

        Failed(SQLException sqlCause, Throwable thrown) {
            super(sqlCause.getMessage(), sqlCause, false, false);
            this.sqlCause = sqlCause;
            this.thrown = thrown;
        }

        /** The database's failure: its SQLState says whether running the work again may succeed. */
        SQLException sqlCause() {
            return sqlCause;
        }

        /** What to throw to the caller when not retrying: the work's own exception, or the store's. */
        Throwable thrown() {
            return thrown;
        }
    }

    Transaction(Connection connection) {
        this.connection = connection;
        this.statements = new StatementCache(connection);
    }

    /** Whether the connection may hold state (a lock, half a transaction): evict it, never reuse it. */
    boolean broken() {
        return broken;
    }

    void markBroken() {
        broken = true;
    }

    StatementCache statements() {
        return statements;
    }

    /** Runs one statement outside the unit of work (BEGIN, a lock), on the cached statement. */
    void execute(String sql) throws SQLException {
        statements.prepare(sql).execute();
    }

    /**
     * Runs the work in the begun transaction and commits; answers only once committed. Any failure
     * rolls back. A failure of the database comes out as {@link Failed} (so the caller can tell a
     * serialization failure from the rest); an exception of the work itself that no statement
     * failure caused is rethrown as it is.
     */
    <T extends @Nullable Object> T run(Function<StoreTx, T> work) throws Failed {
        var tx = new JdbcTx(statements);
        T result;
        try {
            result = work.apply(tx);
        } catch (RuntimeException | Error e) {
            rollback(e);
            var failed = tx.firstFailure();
            if (failed != null) {
                throw new Failed(failed, e);
            }
            throw e;
        }
        var failed = tx.firstFailure();
        if (failed != null) {
            var aborted = new StoreException(isConnectionFailure(failed) ? StoreException.Reason.UNAVAILABLE : StoreException.Reason.FAILED,
                    "the transaction failed and cannot commit", failed);
            rollback(aborted);
            throw new Failed(failed, aborted);
        }
        try {
            execute("COMMIT");
            return result;
        } catch (SQLException e) {
            var failure = isConnectionFailure(e)
                    ? new StoreException(StoreException.Reason.OUTCOME_UNKNOWN, "commit failed, and whether it happened is unknown", e)
                    : new StoreException("commit failed", e);
            rollback(failure);
            throw new Failed(e, failure);
        }
    }

    /** Rolls back; a connection that cannot even do that is not reused. */
    private void rollback(Throwable cause) {
        try (var statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException suppressed) {
            broken = true;
            cause.addSuppressed(suppressed);
        }
    }

    /** Lost or ended by the server (SQLState classes 08 and 57P). */
    static boolean isConnectionFailure(@Nullable SQLException e) {
        var state = e == null ? null : e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    /** Rethrows what {@link Failed} carries, unchecked. */
    static RuntimeException unchecked(Failed failed) {
        return switch (failed.thrown()) {
            case RuntimeException e -> e;
            case Error e -> throw e;
            default -> new StoreException(isConnectionFailure(failed.sqlCause()) ? StoreException.Reason.UNAVAILABLE
                    : StoreException.Reason.FAILED, "store failure", failed.thrown());
        };
    }
}
