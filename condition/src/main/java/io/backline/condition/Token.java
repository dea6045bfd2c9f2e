package io.backline.condition;

/** One lexical token: its kind, its text (decoded for strings) and its offset in the statement. */
record Token(Kind kind, String text, int offset) {

    enum Kind {
        IDENT,
        STRING,
        NUMBER,
        LPAREN,
        RPAREN,
        COMMA,
        PLUS,
        NOT,
        AND,
        OR,
        EQ,
        NE,
        MATCH,
        NO_MATCH,
        LT,
        GT,
        LE,
        GE,
        END
    }

    String describe() {
        return switch (kind) {
            case END -> "end of statement";
            case STRING -> "string \"" + text + "\"";
            case IDENT -> "'" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
