package io.backline.condition;

/**
 * A statement the language refuses: where (1-based column) and what was expected there. The
 * message reads {@code "at column 12: expected ')' but found end of statement"}.
 */
public final class ConditionSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int column;

    ConditionSyntaxException(int offset, String problem) {
        super("at column " + (offset + 1) + ": " + problem, null, false, false);
        this.column = offset + 1;
    }

    /** The 1-based column of the problem. */
    public int column() {
        return column;
    }
}
