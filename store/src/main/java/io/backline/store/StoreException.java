package io.backline.store;

/**
 * The store's error: the database failed or could not be opened. Never caused by client input. Its
 * {@link Reason} is the stable code the API maps to a status: an unreachable database is a 503 that
 * a client may retry, anything else a 500.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the store failed, as far as a caller should act on it. */
    public enum Reason {
        /** The database cannot be reached or is busy; nothing was written. Retrying later may succeed. */
        UNAVAILABLE,
        /** The connection broke during the commit: the write may or may not have happened. */
        OUTCOME_UNKNOWN,
        /** Anything else: a bug, a corrupt row, a failed migration. */
        FAILED
    }

    private final Reason reason;

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StoreException(String message, Throwable cause) {
        this(Reason.FAILED, message, cause);
    }

    public StoreException(String message) {
        this(Reason.FAILED, message);
    }

    public Reason reason() {
        return reason;
    }
}
