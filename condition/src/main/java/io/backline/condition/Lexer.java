package io.backline.condition;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a statement into tokens. Identifiers are dotted VCL names and may contain {@code -} and
 * {@code :} (header names such as {@code req.http.X-Forwarded-Proto}). Strings are {@code "..."}
 * (no escapes, as in VCL) or long strings {@code {"..."}}.
 */
final class Lexer {
    static final int MAX_LENGTH = 8_192;

    private final String text;
    private int position;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String statement) {
        if (statement.length() > MAX_LENGTH) {
            throw new ConditionSyntaxException(MAX_LENGTH, "statement longer than " + MAX_LENGTH + " characters");
        }
        return new Lexer(statement).run();
    }

    private List<Token> run() {
        var tokens = new ArrayList<Token>();
        while (true) {
            skipSpace();
            if (position >= text.length()) {
                tokens.add(new Token(Token.Kind.END, "", position));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipSpace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                position++;
            } else if (c == '#' || (c == '/' && peek(1) == '/')) {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else if (c == '/' && peek(1) == '*') {
                int end = text.indexOf("*/", position + 2);
                if (end < 0) {
                    throw new ConditionSyntaxException(position, "expected '*/' to close this comment");
                }
                position = end + 2;
            } else {
                return;
            }
        }
    }

    private char peek(int ahead) {
        int index = position + ahead;
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private Token next() {
        int start = position;
        char c = text.charAt(position);
        if (c == '"') {
            int end = text.indexOf('"', position + 1);
            int newline = text.indexOf('\n', position + 1);
            if (end < 0 || (newline >= 0 && newline < end)) {
                throw new ConditionSyntaxException(start, "expected '\"' to close this string");
            }
            position = end + 1;
            return new Token(Token.Kind.STRING, text.substring(start + 1, end), start);
        }
        if (c == '{' && peek(1) == '"') {
            int end = text.indexOf("\"}", position + 2);
            if (end < 0) {
                throw new ConditionSyntaxException(start, "expected '\"}' to close this long string");
            }
            position = end + 2;
            return new Token(Token.Kind.STRING, text.substring(start + 2, end), start);
        }
        if (Character.isDigit(c)) {
            while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
                position++;
            }
            return new Token(Token.Kind.NUMBER, text.substring(start, position), start);
        }
        if (Character.isLetter(c) || c == '_') {
            while (position < text.length() && isIdentPart(text.charAt(position))) {
                position++;
            }
            return new Token(Token.Kind.IDENT, text.substring(start, position), start);
        }
        var two = position + 1 < text.length() ? text.substring(position, position + 2) : "";
        var kind = switch (two) {
            case "==" -> Token.Kind.EQ;
            case "!=" -> Token.Kind.NE;
            case "!~" -> Token.Kind.NO_MATCH;
            case "<=" -> Token.Kind.LE;
            case ">=" -> Token.Kind.GE;
            case "&&" -> Token.Kind.AND;
            case "||" -> Token.Kind.OR;
            default -> null;
        };
        if (kind != null) {
            position += 2;
            return new Token(kind, two, start);
        }
        kind = switch (c) {
            case '(' -> Token.Kind.LPAREN;
            case ')' -> Token.Kind.RPAREN;
            case ',' -> Token.Kind.COMMA;
            case '+' -> Token.Kind.PLUS;
            case '!' -> Token.Kind.NOT;
            case '~' -> Token.Kind.MATCH;
            case '<' -> Token.Kind.LT;
            case '>' -> Token.Kind.GT;
            default -> null;
        };
        if (kind == null) {
            throw new ConditionSyntaxException(start, "unexpected character '" + c + "'");
        }
        position++;
        return new Token(kind, String.valueOf(c), start);
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == ':';
    }
}
