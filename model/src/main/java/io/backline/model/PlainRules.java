package io.backline.model;

/**
 * The rules of an object kind whose fields need no cross-field checks at write time (health
 * checks, domains): defaults, then what the client sent, then the required fields.
 */
public final class PlainRules implements ObjectRules {
    public static final PlainRules HEALTHCHECK = new PlainRules(HealthcheckSchema.SCHEMA);
    /** Domains drop a trailing dot: {@code example.com.} and {@code example.com} are one host. */
    public static final PlainRules DOMAIN = new PlainRules(DomainSchema.SCHEMA);

    private final Schema schema;

    private PlainRules(Schema schema) {
        this.schema = schema;
    }

    /** The plain rules of a kind declared elsewhere: its schema's defaults and required fields, nothing more. */
    public static PlainRules of(Schema schema) {
        return schema == DomainSchema.SCHEMA ? DOMAIN : schema == HealthcheckSchema.SCHEMA ? HEALTHCHECK : new PlainRules(schema);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Values create(Changes changes, ServiceType type) {
        var values = schema.apply(schema.defaults(type), changes, type);
        schema.requirePresent(values);
        return normalise(values);
    }

    private Values normalise(Values values) {
        if (schema == DomainSchema.SCHEMA) {
            var name = values.require(DomainSchema.NAME);
            if (name.endsWith(".") && name.length() > 1) {
                return values.with(DomainSchema.NAME, name.substring(0, name.length() - 1));
            }
        }
        return values;
    }

    @Override
    public Values update(Values current, Changes changes, ServiceType type) {
        var values = schema.apply(current, changes, type);
        schema.requirePresent(values);
        return normalise(values);
    }
}
