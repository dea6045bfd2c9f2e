package io.backline.condition.logformat;

/** One piece of a compiled format: literal text, or a value read from the record. */
interface Part {

    void append(LogRecord record, StringBuilder out);

    /** Text copied as written ({@code %%} already turned into {@code %}). */
    record Literal(String text) implements Part {
        @Override
        public void append(LogRecord record, StringBuilder out) {
            out.append(text);
        }
    }

    /**
     * An Apache-style directive: {@code -} when the value is missing, and the value escaped as
     * Apache's mod_log_config escapes it ({@code "} and {@code \} backslashed, control bytes as
     * {@code \xhh}) so that a client cannot forge a line or a field.
     */
    record Apache(Expr value) implements Part {
        @Override
        public void append(LogRecord record, StringBuilder out) {
            int mark = out.length();
            if (!value.append(record, out)) {
                out.append('-');
                return;
            }
            Escapes.apache(out, mark);
        }
    }

    /**
     * A {@code %{expression}V}: {@code (null)} when the value is not set, as Fastly writes it, and
     * control bytes as {@code \xhh} so that one request stays one line; quotes are left alone so
     * that {@code json.escape} output stays valid JSON.
     */
    record Vcl(Expr value) implements Part {
        @Override
        public void append(LogRecord record, StringBuilder out) {
            int mark = out.length();
            if (!value.append(record, out)) {
                out.append("(null)");
                return;
            }
            Escapes.control(out, mark);
        }
    }
}
