package io.backline.model;

/**
 * The rules of an object kind whose fields need no cross-field checks at write time (health
 * checks, domains, settings): defaults, then what the client sent, then the required fields, then
 * the kind's normal form (a domain without its trailing dot, health-check headers as Fastly
 * answers them).
 */
public final class PlainRules extends SchemaRules {
    public static final PlainRules HEALTHCHECK = new PlainRules(HealthcheckSchema.SCHEMA);
    /** Domains drop a trailing dot: {@code example.com.} and {@code example.com} are one host. */
    public static final PlainRules DOMAIN = new PlainRules(DomainSchema.SCHEMA);
    /** A version's settings: one value, its fields' ranges are the only rules. */
    public static final PlainRules SETTINGS = new PlainRules(SettingsSchema.SCHEMA);
    /** The HTTP/3 flag: present or not. */
    public static final PlainRules HTTP3 = new PlainRules(Http3Schema.SCHEMA);

    private PlainRules(Schema schema) {
        super(schema);
    }

    /** The plain rules of a kind declared elsewhere: its schema's defaults and required fields, nothing more. */
    public static PlainRules of(Schema schema) {
        if (schema == DomainSchema.SCHEMA) {
            return DOMAIN;
        }
        if (schema == HealthcheckSchema.SCHEMA) {
            return HEALTHCHECK;
        }
        if (schema == SettingsSchema.SCHEMA) {
            return SETTINGS;
        }
        return schema == Http3Schema.SCHEMA ? HTTP3 : new PlainRules(schema);
    }

    /** The kind's normal form: a domain without its trailing dot, health-check headers as Fastly answers them. */
    @Override
    protected Values check(Values values) {
        var schema = schema();
        if (schema == HealthcheckSchema.SCHEMA) {
            return values.with(HealthcheckSchema.HEADERS, normaliseHeaders(values.require(HealthcheckSchema.HEADERS)));
        }
        if (schema == DomainSchema.SCHEMA) {
            var name = values.require(DomainSchema.NAME);
            if (name.endsWith(".") && name.length() > 1) {
                return values.with(DomainSchema.NAME, name.substring(0, name.length() - 1));
            }
        }
        return values;
    }

    /**
     * Health-check headers as Fastly answers them: {@code Name: value} (go-fastly sends
     * {@code X-Probe:terraform}, dropping the space) and sorted, so that what Terraform reads back
     * equals what its configuration says (go-fastly's recorded {@code health_checks/create}).
     */
    static java.util.List<String> normaliseHeaders(java.util.List<String> lines) {
        var normalised = new java.util.ArrayList<String>(lines.size());
        for (var line : lines) {
            int colon = line.indexOf(':');
            var value = line.substring(colon + 1).strip();
            normalised.add(line.substring(0, colon).strip() + (value.isEmpty() ? ":" : ": " + value));
        }
        normalised.sort(null);
        return java.util.List.copyOf(normalised);
    }
}
