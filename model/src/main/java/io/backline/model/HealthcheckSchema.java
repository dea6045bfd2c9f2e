package io.backline.model;

/**
 * The health check's fields (spec §3.5), with the defaults Terraform always sends: check every
 * 5 s, 5 s timeout, window 5, threshold 3, initial 3, expect 200 to {@code HEAD /} over HTTP/1.1.
 */
public final class HealthcheckSchema {
    private static final Schema.Builder B = Schema.builder("healthcheck", "Healthcheck");

    public static final Field<String> NAME = B.add(Field.text("name").required().maxLength(255)
            .pattern(Names.PATTERN, Names.RULE));
    public static final Field<String> COMMENT = B.add(Field.text("comment"));
    public static final Field<String> HOST = B.add(Field.optionalText("host").maxLength(255)
            .pattern("[A-Za-z0-9._\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?", "a host name with an optional :port"));
    public static final Field<String> PATH = B.add(Field.text("path").defaultValue("/").maxLength(4_096)
            .pattern("/[^\\s\\p{Cc}]*", "a path starting with / and without spaces or control characters"));
    public static final Field<String> METHOD = B.add(Field.text("method").defaultValue("HEAD").maxLength(32)
            .pattern("[A-Z]+", "an upper-case HTTP method such as HEAD or GET"));
    public static final Field<String> HTTP_VERSION = B.add(Field.text("http_version").defaultValue("1.1")
            .pattern("1\\.0|1\\.1|2", "1.0, 1.1 or 2"));
    public static final Field<Integer> EXPECTED_RESPONSE = B.add(Field.integer("expected_response", 200, 100, 599));
    public static final Field<Integer> CHECK_INTERVAL = B.add(Field.integer("check_interval", 5_000, 1_000, 3_600_000));
    public static final Field<Integer> TIMEOUT = B.add(Field.integer("timeout", 5_000, 1, 3_600_000));
    /**
     * Fastly documents no upper bound and accepted and stored 5000 (go-fastly's recorded
     * {@code health_checks/create}), so the API takes any positive integer; the edge keeps at most
     * the newest 64 results, as Varnish does, and says so in docs/edge.md.
     */
    public static final Field<Integer> WINDOW = B.add(Field.integer("window", 5, 1, Integer.MAX_VALUE));
    public static final Field<Integer> THRESHOLD = B.add(Field.integer("threshold", 3, 0, Integer.MAX_VALUE));
    public static final Field<Integer> INITIAL = B.add(Field.integer("initial", 3, 0, Integer.MAX_VALUE));
    public static final Field<java.util.List<String>> HEADERS = B.add(Field.textList("headers"));

    public static final Schema SCHEMA = B.build();

    private HealthcheckSchema() {}
}
