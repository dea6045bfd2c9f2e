package io.backline.model;

/**
 * The condition's fields (spec §3.4). {@code priority} is answered as a string, as Fastly does;
 * its default is the OpenAPI model's 100. The statement's language lives in the condition module.
 */
public final class ConditionSchema {
    private static final Schema.Builder B = Schema.builder("condition", "Condition").versionWireAsString();

    public static final Field<String> NAME = B.add(Field.text("name").required().maxLength(255)
            .pattern(Names.PATTERN, Names.RULE));
    public static final Field<String> STATEMENT = B.add(Field.text("statement").required().maxLength(8_192));
    public static final Field<String> TYPE = B.add(Field.text("type").required()
            .pattern("(?i)REQUEST|CACHE|RESPONSE|PREFETCH", "REQUEST, CACHE, RESPONSE or PREFETCH"));
    public static final Field<Integer> PRIORITY = B.add(Field.integer("priority", 100, 0, Integer.MAX_VALUE).wireAsString());
    public static final Field<String> COMMENT = B.add(Field.text("comment"));

    public static final Schema SCHEMA = B.build();

    private ConditionSchema() {}
}
