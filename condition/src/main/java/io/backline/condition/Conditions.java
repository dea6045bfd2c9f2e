package io.backline.condition;

/**
 * The entry point of the language.
 *
 * <pre>{@code
 * CompiledCondition api = Conditions.compile("req.url ~ \"^/api/\"", ConditionType.REQUEST);
 * boolean hit = api.matches(request);
 * }</pre>
 */
public final class Conditions {
    private Conditions() {}

    /** Parses, type-checks and compiles; throws {@link ConditionSyntaxException} when refused. */
    public static CompiledCondition compile(String statement, ConditionType type) {
        var tree = Parser.parse(statement, type);
        return new CompiledCondition(statement, type, tree, Compiler.bool(tree));
    }

    /** Parses and type-checks only. */
    public static Node parse(String statement, ConditionType type) {
        return Parser.parse(statement, type);
    }
}
