package io.backline.model;

/** The domain's fields: a host name (a leading {@code *.} wildcard allowed) and a comment. */
public final class DomainSchema {
    private static final Schema.Builder B = Schema.builder("domain", "Domain");

    public static final Field<String> NAME = B.add(Field.text("name").required().maxLength(253)
            .pattern("(\\*\\.)?([A-Za-z0-9_]([A-Za-z0-9_\\-]{0,61}[A-Za-z0-9_])?\\.)*[A-Za-z0-9_]([A-Za-z0-9_\\-]{0,61}[A-Za-z0-9_])?\\.?",
                    "a host name such as www.example.com or *.example.com, without a port"));
    public static final Field<String> COMMENT = B.add(Field.text("comment"));

    public static final Schema SCHEMA = B.build();

    private DomainSchema() {}
}
