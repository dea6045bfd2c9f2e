package io.backline.condition;

/**
 * A statement compiled into a predicate. Immutable and thread-safe: the edge shares one per
 * condition across all requests. Evaluation never blocks and runs in time linear in the input.
 */
public final class CompiledCondition {
    private final String statement;
    private final ConditionType type;
    private final Node tree;
    private final Compiler.Bool predicate;

    CompiledCondition(String statement, ConditionType type, Node tree, Compiler.Bool predicate) {
        this.statement = statement;
        this.type = type;
        this.tree = tree;
        this.predicate = predicate;
    }

    public boolean matches(RequestView request) {
        return predicate.test(request);
    }

    public String statement() {
        return statement;
    }

    public ConditionType type() {
        return type;
    }

    /** The parsed form, for tests, explanations and static checks. */
    public Node tree() {
        return tree;
    }

    @Override
    public String toString() {
        return statement;
    }
}
