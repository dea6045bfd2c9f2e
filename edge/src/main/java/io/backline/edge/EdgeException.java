package io.backline.edge;

/** The edge's error family: a snapshot that cannot be built, or a listener that cannot start. */
public final class EdgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EdgeException(String message) {
        super(message);
    }

    public EdgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
