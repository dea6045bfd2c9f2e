package io.backline.condition;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * The parsed, type-checked form of a statement. Every node knows its {@link ValueType}; boolean
 * nodes are what a statement must reduce to.
 */
public sealed interface Node {

    ValueType type();

    /** Comparison operators. */
    enum Op {
        EQ("=="),
        NE("!="),
        LT("<"),
        GT(">"),
        LE("<="),
        GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    record Or(Node left, Node right) implements Node {
        @Override
        public ValueType type() {
            return ValueType.BOOL;
        }
    }

    record And(Node left, Node right) implements Node {
        @Override
        public ValueType type() {
            return ValueType.BOOL;
        }
    }

    record Not(Node operand) implements Node {
        @Override
        public ValueType type() {
            return ValueType.BOOL;
        }
    }

    record Compare(Op op, Node left, Node right) implements Node {
        @Override
        public ValueType type() {
            return ValueType.BOOL;
        }
    }

    /** {@code subject ~ "regex"} (or {@code !~} when negated); the pattern is compiled once. */
    record RegexMatch(Node subject, Pattern pattern, boolean negated) implements Node {
        @Override
        public ValueType type() {
            return ValueType.BOOL;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RegexMatch that && subject.equals(that.subject) && negated == that.negated
                    && pattern.pattern().equals(that.pattern.pattern());
        }

        @Override
        public int hashCode() {
            return subject.hashCode() * 31 + pattern.pattern().hashCode();
        }
    }

    /** A bare string operand in boolean position: true when the value is set (a header is present). */
    record IsSet(Node operand) implements Node {
        @Override
        public ValueType type() {
            return ValueType.BOOL;
        }
    }

    record Variable(String name, ValueType type) implements Node {}

    record StringLiteral(String value) implements Node {
        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    record NumberLiteral(double value) implements Node {
        @Override
        public ValueType type() {
            return ValueType.NUMBER;
        }
    }

    record BoolLiteral(boolean value) implements Node {
        @Override
        public ValueType type() {
            return ValueType.BOOL;
        }
    }

    record Call(String function, List<Node> arguments, ValueType type) implements Node {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    record Concat(List<Node> parts) implements Node {
        public Concat {
            parts = List.copyOf(parts);
        }

        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }
}
