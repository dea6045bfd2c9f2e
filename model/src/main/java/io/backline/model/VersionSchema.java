package io.backline.model;

/** The one field a client sets on a version (spec §3.2): its comment. */
public final class VersionSchema {
    private static final Schema.Builder B = Schema.builder("version", "Version");

    public static final Field<String> COMMENT = B.add(Field.text("comment"));

    public static final Schema SCHEMA = B.build();

    private VersionSchema() {}
}
