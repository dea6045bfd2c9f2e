package io.backline.model;

/**
 * The fields a client sets on a service (spec §3.1): its name, comment and type. The type is read
 * on create only; identity, customer and timestamps live outside the schema.
 */
public final class ServiceSchema {
    private static final Schema.Builder B = Schema.builder("service", "Service");

    /** Empty on create means "Unnamed Service N"; an update cannot clear it. */
    public static final Field<String> NAME =
            B.add(Field.optionalText("name").maxLength(Names.MAX_LENGTH).pattern(Names.PATTERN, Names.RULE));
    public static final Field<String> COMMENT = B.add(Field.text("comment"));
    public static final Field<String> TYPE = B.add(Field.optionalText("type").pattern("(?i)vcl|wasm", "vcl or wasm"));

    public static final Schema SCHEMA = B.build();

    private ServiceSchema() {}
}
