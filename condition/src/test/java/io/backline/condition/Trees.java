package io.backline.condition;

import java.util.stream.Collectors;

/** Renders a tree as an S-expression, so a test table can state the expected parse. */
final class Trees {
    private Trees() {}

    static String render(Node node) {
        return switch (node) {
            case Node.Or n -> "(or " + render(n.left()) + " " + render(n.right()) + ")";
            case Node.And n -> "(and " + render(n.left()) + " " + render(n.right()) + ")";
            case Node.Not n -> "(not " + render(n.operand()) + ")";
            case Node.Compare n -> "(" + n.op().symbol + " " + render(n.left()) + " " + render(n.right()) + ")";
            case Node.RegexMatch n -> "(" + (n.negated() ? "!~" : "~") + " " + render(n.subject()) + " /" + n.pattern().pattern() + "/)";
            case Node.IsSet n -> "(set " + render(n.operand()) + ")";
            case Node.Variable n -> n.name();
            case Node.StringLiteral n -> "\"" + n.value() + "\"";
            case Node.NumberLiteral n -> n.value() == Math.rint(n.value()) ? Long.toString((long) n.value()) : Double.toString(n.value());
            case Node.BoolLiteral n -> Boolean.toString(n.value());
            case Node.Call n -> "(" + n.function() + n.arguments().stream().map(a -> " " + render(a)).collect(Collectors.joining()) + ")";
            case Node.Concat n -> "(concat" + n.parts().stream().map(a -> " " + render(a)).collect(Collectors.joining()) + ")";
        };
    }
}
