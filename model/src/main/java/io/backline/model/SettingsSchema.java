package io.backline.model;

/**
 * A version's settings ({@code /service/{sid}/version/{v}/settings}): one value per version, with
 * Fastly's defaults until someone writes them (TTL 3600 s, stale-if-error off, its TTL 43200 s, no
 * default host). Field names keep Fastly's {@code general.} prefix, which is how they travel.
 *
 * <pre>{@code
 * var values = SettingsSchema.SCHEMA.defaults(ServiceType.VCL);
 * values.require(SettingsSchema.DEFAULT_TTL); // 3600
 * }</pre>
 */
public final class SettingsSchema {
    private static final long MAX = Integer.MAX_VALUE;
    private static final Schema.Builder B = Schema.singleton("settings", "Settings", Schema.Cardinality.ONE);

    /** The Host sent to an origin whose backend has no {@code override_host} (docs/edge.md); empty means none. */
    public static final Field<String> DEFAULT_HOST = B.add(Field.text("general.default_host").maxLength(255)
            .pattern("[A-Za-z0-9._\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?", "a valid Host header: a host name with an optional :port"));
    /** Seconds; used by the cache when it lands. */
    public static final Field<Integer> DEFAULT_TTL = B.add(Field.integer("general.default_ttl", 3_600, 0, MAX));
    public static final Field<Boolean> STALE_IF_ERROR = B.add(Field.bool("general.stale_if_error", type -> false));
    /** Seconds; used by the cache when it lands. */
    public static final Field<Integer> STALE_IF_ERROR_TTL = B.add(Field.integer("general.stale_if_error_ttl", 43_200, 0, MAX));
    /** Fastly answers it (0 or 1, whether cached objects are PCI-restricted); stored and reported only. */
    public static final Field<Integer> DEFAULT_PCI = B.add(Field.integer("general.default_pci", 0, 0, 1));

    public static final Schema SCHEMA = B.build();

    private SettingsSchema() {}
}
