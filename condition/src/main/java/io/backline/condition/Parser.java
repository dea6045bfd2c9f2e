package io.backline.condition;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser and type checker for the grammar of edge-semantics §2.2:
 *
 * <pre>
 * expr    := and ( "||" and )*
 * and     := unary ( "&&" unary )*
 * unary   := "!" unary | primary
 * primary := "(" expr ")" | operand ( cmpOp operand )?
 * operand := term ( "+"? term )*        (concatenation of strings)
 * term    := var | STRING | NUMBER | true | false | call
 * </pre>
 *
 * Nesting is bounded so that no statement can exhaust the stack.
 */
final class Parser {
    private static final int MAX_DEPTH = 64;

    private final List<Token> tokens;
    private final ConditionType type;
    private int index;
    private int depth;

    private Parser(List<Token> tokens, ConditionType type) {
        this.tokens = tokens;
        this.type = type;
    }

    static Node parse(String statement, ConditionType type) {
        var parser = new Parser(Lexer.tokens(statement), type);
        if (parser.peek().kind() == Token.Kind.END) {
            throw new ConditionSyntaxException(0, "expected a condition but found an empty statement");
        }
        var node = parser.expression();
        var rest = parser.peek();
        if (rest.kind() != Token.Kind.END) {
            throw new ConditionSyntaxException(rest.offset(), "expected '&&', '||' or end of statement but found " + rest.describe());
        }
        return node;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token advance() {
        return tokens.get(index++);
    }

    private boolean accept(Token.Kind kind) {
        if (peek().kind() == kind) {
            index++;
            return true;
        }
        return false;
    }

    private Node expression() {
        if (++depth > MAX_DEPTH) {
            throw new ConditionSyntaxException(peek().offset(), "expressions nested deeper than " + MAX_DEPTH + " levels");
        }
        var left = and();
        while (accept(Token.Kind.OR)) {
            left = new Node.Or(left, and());
        }
        depth--;
        return left;
    }

    private Node and() {
        var left = unary();
        while (accept(Token.Kind.AND)) {
            left = new Node.And(left, unary());
        }
        return left;
    }

    private Node unary() {
        var start = peek();
        if (accept(Token.Kind.NOT)) {
            if (++depth > MAX_DEPTH) {
                throw new ConditionSyntaxException(start.offset(), "expressions nested deeper than " + MAX_DEPTH + " levels");
            }
            var operand = unary();
            depth--;
            return new Node.Not(operand);
        }
        return primary();
    }

    private Node primary() {
        var start = peek();
        if (accept(Token.Kind.LPAREN)) {
            var inner = expression();
            expect(Token.Kind.RPAREN, "')'");
            return inner;
        }
        var left = operand();
        var op = peek();
        switch (op.kind()) {
            case MATCH, NO_MATCH -> {
                advance();
                return regex(left, start, op);
            }
            case EQ, NE, LT, GT, LE, GE -> {
                advance();
                var rightStart = peek();
                var right = operand();
                return compare(op, left, start, right, rightStart);
            }
            default -> {
                return asCondition(left, start);
            }
        }
    }

    private Node asCondition(Node operand, Token start) {
        return switch (operand.type()) {
            case BOOL -> operand;
            case STRING -> {
                if (operand instanceof Node.Variable || operand instanceof Node.Call) {
                    yield new Node.IsSet(operand);
                }
                throw new ConditionSyntaxException(start.offset(), "expected a condition but found a string literal");
            }
            default -> throw new ConditionSyntaxException(start.offset(),
                    "expected a condition but found " + operand.type().article() + " (compare it with ==, <, >, …)");
        };
    }

    private Node regex(Node subject, Token subjectStart, Token op) {
        var patternStart = peek();
        if (subject.type() == ValueType.IP) {
            throw new ConditionSyntaxException(patternStart.offset(), "ACL matching (client.ip ~ acl_name) is not supported by Backline yet");
        }
        if (subject.type() != ValueType.STRING) {
            throw new ConditionSyntaxException(subjectStart.offset(), "expected a string before '" + op.text() + "' but found "
                    + subject.type().article());
        }
        if (patternStart.kind() == Token.Kind.PLUS && tokens.get(index + 1).kind() == Token.Kind.STRING) {
            // A recorded Fastly statement reads req.url~+"index.html" (a form-encoded space); Fastly accepts it.
            advance();
            patternStart = peek();
        }
        if (patternStart.kind() != Token.Kind.STRING) {
            throw new ConditionSyntaxException(patternStart.offset(), "expected a regular expression string literal after '"
                    + op.text() + "' but found " + patternStart.describe());
        }
        var text = new StringBuilder(advance().text());
        while (peek().kind() == Token.Kind.STRING || (peek().kind() == Token.Kind.PLUS && tokens.get(index + 1).kind() == Token.Kind.STRING)) {
            accept(Token.Kind.PLUS);
            text.append(advance().text());
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(text.toString());
        } catch (PatternSyntaxException e) {
            throw new ConditionSyntaxException(patternStart.offset(), "invalid regular expression: " + e.getDescription());
        }
        return new Node.RegexMatch(subject, pattern, op.kind() == Token.Kind.NO_MATCH);
    }

    private Node compare(Token op, Node left, Token leftStart, Node right, Token rightStart) {
        var nodeOp = switch (op.kind()) {
            case EQ -> Node.Op.EQ;
            case NE -> Node.Op.NE;
            case LT -> Node.Op.LT;
            case GT -> Node.Op.GT;
            case LE -> Node.Op.LE;
            default -> Node.Op.GE;
        };
        var l = left.type();
        var r = right.type();
        boolean ordering = nodeOp != Node.Op.EQ && nodeOp != Node.Op.NE;
        if (ordering) {
            if (l != ValueType.NUMBER || r != ValueType.NUMBER) {
                var bad = l != ValueType.NUMBER ? leftStart : rightStart;
                var badType = l != ValueType.NUMBER ? l : r;
                throw new ConditionSyntaxException(bad.offset(), "expected a number on each side of '" + op.text() + "' but found "
                        + badType.article());
            }
            return new Node.Compare(nodeOp, left, right);
        }
        if (l == ValueType.IP || r == ValueType.IP) {
            var other = l == ValueType.IP ? right : left;
            var otherStart = l == ValueType.IP ? rightStart : leftStart;
            if (!(other instanceof Node.StringLiteral literal) || !IpLiterals.isIp(literal.value())) {
                if (other.type() != ValueType.IP) {
                    throw new ConditionSyntaxException(otherStart.offset(), "expected an IP address string such as \"127.0.0.1\"");
                }
            }
            return new Node.Compare(nodeOp, left, right);
        }
        if (l != r) {
            throw new ConditionSyntaxException(rightStart.offset(), "expected " + l.article() + " after '" + op.text() + "' but found "
                    + r.article());
        }
        return new Node.Compare(nodeOp, left, right);
    }

    private Node operand() {
        var first = term();
        if (first.type() != ValueType.STRING) {
            return first;
        }
        var parts = new ArrayList<Node>();
        parts.add(first);
        while (true) {
            if (peek().kind() == Token.Kind.STRING) {
                parts.add(term());
            } else if (peek().kind() == Token.Kind.PLUS) {
                advance();
                var start = peek();
                var next = term();
                if (next.type() != ValueType.STRING) {
                    throw new ConditionSyntaxException(start.offset(), "expected a string after '+' but found " + next.type().article());
                }
                parts.add(next);
            } else {
                break;
            }
        }
        return parts.size() == 1 ? first : new Node.Concat(parts);
    }

    private Node term() {
        var token = peek();
        switch (token.kind()) {
            case STRING -> {
                advance();
                return new Node.StringLiteral(token.text());
            }
            case NUMBER -> {
                advance();
                try {
                    return new Node.NumberLiteral(Double.parseDouble(token.text()));
                } catch (NumberFormatException e) {
                    throw new ConditionSyntaxException(token.offset(), "'" + token.text() + "' is not a number");
                }
            }
            case IDENT -> {
                advance();
                return identifier(token);
            }
            default -> throw new ConditionSyntaxException(token.offset(), "expected a variable, string, number or function but found "
                    + token.describe());
        }
    }

    private Node identifier(Token token) {
        var name = token.text();
        if (name.equals("true") || name.equals("false")) {
            return new Node.BoolLiteral(name.equals("true"));
        }
        if (peek().kind() == Token.Kind.LPAREN) {
            return call(token);
        }
        var variableType = Variables.lookup(name, type);
        if (variableType == null) {
            var visible = Variables.whereVisible(name);
            if (visible != null) {
                throw new ConditionSyntaxException(token.offset(), "'" + name + "' is not available in a " + type
                        + " condition (it is in " + visible + " conditions)");
            }
            throw new ConditionSyntaxException(token.offset(), "unknown variable '" + name + "'");
        }
        return new Node.Variable(name, variableType);
    }

    private Node call(Token name) {
        expect(Token.Kind.LPAREN, "'('");
        var arguments = new ArrayList<Node>();
        var starts = new ArrayList<Token>();
        if (peek().kind() != Token.Kind.RPAREN) {
            do {
                starts.add(peek());
                arguments.add(operand());
            } while (accept(Token.Kind.COMMA));
        }
        expect(Token.Kind.RPAREN, "')' or ','");
        var signature = Functions.find(name.text());
        if (signature == null) {
            throw new ConditionSyntaxException(name.offset(), "unknown function '" + name.text() + "' (expected: "
                    + Functions.names() + ")");
        }
        if (arguments.size() != signature.parameters().size()) {
            throw new ConditionSyntaxException(name.offset(), name.text() + " takes " + signature.parameters().size()
                    + " arguments but was given " + arguments.size());
        }
        for (int i = 0; i < arguments.size(); i++) {
            var expected = signature.parameters().get(i);
            if (arguments.get(i).type() != expected) {
                throw new ConditionSyntaxException(starts.get(i).offset(), "argument " + (i + 1) + " of " + name.text()
                        + " must be " + expected.article() + " but is " + arguments.get(i).type().article());
            }
        }
        return new Node.Call(name.text(), arguments, signature.result());
    }

    private void expect(Token.Kind kind, String what) {
        var token = peek();
        if (token.kind() != kind) {
            throw new ConditionSyntaxException(token.offset(), "expected " + what + " but found " + token.describe());
        }
        advance();
    }
}
