package io.backline.condition.logformat;

/**
 * A value a line reads: it appends itself to the line and says whether it was set. Values append
 * in place, so a line is built in one buffer without a string per directive.
 */
@FunctionalInterface
interface Expr {

    /** Appends the value; false (nothing appended) when it is not set. */
    boolean append(LogRecord record, StringBuilder out);

    /** Whether the value is set and not empty (VCL's truth of a string); leaves {@code out} as it was. */
    default boolean truthy(LogRecord record, StringBuilder out) {
        int mark = out.length();
        boolean set = append(record, out);
        boolean truth = set && out.length() > mark;
        out.setLength(mark);
        return truth;
    }

    /** A value that is always set. */
    static Expr text(java.util.function.BiConsumer<LogRecord, StringBuilder> appender) {
        return (record, out) -> {
            appender.accept(record, out);
            return true;
        };
    }

    /** A text value that is not set when the record answers null. */
    static Expr nullable(java.util.function.Function<LogRecord, @org.jspecify.annotations.Nullable String> reader) {
        return (record, out) -> {
            var value = reader.apply(record);
            if (value == null) {
                return false;
            }
            out.append(value);
            return true;
        };
    }
}
