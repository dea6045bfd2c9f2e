package io.backline.wire;

/** A request body that cannot be read at all (broken encoding, invalid JSON). Always a 400. */
public final class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireException(String detail) {
        super(detail, null, false, false);
    }

    public String detail() {
        return getMessage();
    }
}
