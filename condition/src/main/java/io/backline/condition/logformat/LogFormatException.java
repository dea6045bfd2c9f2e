package io.backline.condition.logformat;

/**
 * A format the compiler refuses: where (the 1-based position of the {@code %} that starts the
 * directive, or of the offending character) and what was expected there. The message reads
 * {@code "unknown directive %Q at position 12 (expected: one of ...)"}; the API prefixes it with
 * the field's name.
 */
public final class LogFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;

    LogFormatException(int offset, String problem, String expected) {
        super(problem + " at position " + (offset + 1) + " (expected: " + expected + ")", null, false, false);
        this.position = offset + 1;
    }

    /** The 1-based position of the problem in the format text. */
    public int position() {
        return position;
    }
}
