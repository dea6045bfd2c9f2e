package io.backline.model;

/**
 * The director's fields as Fastly names them, with Fastly's defaults (its API reference: quorum 75,
 * retries 5, type 1; {@code capacity} is "Unused" and answered as 100, as go-fastly's recorded
 * answers show). {@code backends} lists the member backends' names in the order they joined; only
 * the membership routes ({@code …/director/{name}/backend/{backend}}) change it.
 */
public final class DirectorSchema {
    private static final long MAX = Integer.MAX_VALUE;
    private static final Schema.Builder B = Schema.builder("director", "Director");

    public static final Field<String> NAME =
            B.add(Field.text("name").required().maxLength(255).pattern(Names.PATTERN, Names.RULE));
    public static final Field<String> COMMENT = B.add(Field.text("comment"));
    public static final Field<String> SHIELD = B.add(Field.optionalText("shield").maxLength(255));
    public static final Field<Integer> QUORUM = B.add(Field.integer("quorum", 75, 0, 100));
    public static final Field<Integer> RETRIES = B.add(Field.integer("retries", 5, 0, MAX));
    public static final Field<Integer> TYPE = B.add(Field.integer("type", DirectorType.RANDOM.code(), 1, 4));
    public static final Field<Integer> CAPACITY = B.add(Field.integer("capacity", 100, 0, MAX));
    public static final Field<java.util.List<String>> BACKENDS = B.add(Field.textList("backends").readOnly());

    public static final Schema SCHEMA = B.build();

    private DirectorSchema() {}
}
