package io.backline.model;

/**
 * The HTTP/3 flag of a version ({@code /service/{sid}/version/{v}/http3}): present means enabled.
 * Backline's edge does not speak HTTP/3, so the flag is stored, cloned and reported, never applied.
 */
public final class Http3Schema {
    private static final Schema.Builder B = Schema.singleton("http3", "HTTP3", Schema.Cardinality.AT_MOST_ONE);

    /** The revision of the feature's configuration; Fastly's is 1 and go-fastly sends 1. */
    public static final Field<Integer> FEATURE_REVISION = B.add(Field.integer("feature_revision", 1, 1, 1));

    public static final Schema SCHEMA = B.build();

    private Http3Schema() {}
}
