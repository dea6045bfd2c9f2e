package io.backline.wire;

/** A request body that cannot be read at all (broken encoding, invalid JSON). Always a 400. */
public final class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Kept beside the message because Throwable.getMessage() may answer null; this never does.
    private final String detail;

    public WireException(String detail) {
        super(detail, null, false, false);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
