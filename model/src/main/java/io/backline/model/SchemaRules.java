package io.backline.model;

/**
 * The write path every rules class shares: a create starts from the schema's defaults, an update
 * from the current values; then what the client sent, then the required fields, then the kind's
 * own {@link #check} (rules across fields, or its normal form). A kind changes what it is given
 * by overriding {@link #update} and calling {@link #write} with the changes it accepts.
 *
 * <pre>{@code
 * final class DirectorRules extends SchemaRules {
 *     DirectorRules() { super(DirectorSchema.SCHEMA); }
 *     protected Values check(Values values) { ... }
 * }
 * }</pre>
 */
public abstract class SchemaRules implements ObjectRules {
    private final Schema schema;

    protected SchemaRules(Schema schema) {
        this.schema = schema;
    }

    @Override
    public final Schema schema() {
        return schema;
    }

    @Override
    public Values create(Changes changes, ServiceType type) {
        return write(schema.defaults(type), changes, type);
    }

    @Override
    public Values update(Values current, Changes changes, ServiceType type) {
        return write(current, changes, type);
    }

    /** {@code changes} applied over {@code base}, the required fields present, then {@link #check}. */
    protected final Values write(Values base, Changes changes, ServiceType type) {
        var values = schema.apply(base, changes, type);
        schema.requirePresent(values);
        return check(values);
    }

    /** The kind's rules across fields on complete values; answers them, normalised where the kind has a normal form. */
    protected abstract Values check(Values values);
}
