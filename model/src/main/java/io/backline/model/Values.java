package io.backline.model;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The field values of one configuration object, immutable, indexed by the schema's fields. */
public final class Values {
    private final Schema schema;
    private final @Nullable Object[] values;

    Values(Schema schema, @Nullable Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    public Schema schema() {
        return schema;
    }

    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Field<T> field) {
        return (T) values[field.index];
    }

    /** A value that the schema guarantees to be present (a field with a default). */
    public <T> T require(Field<T> field) {
        return Objects.requireNonNull(get(field), field.name());
    }

    /** The value of any field of this schema, untyped, for generic code (storage, wire). */
    public @Nullable Object raw(Field<?> field) {
        return values[field.index];
    }

    public <T> Values with(Field<T> field, @Nullable T value) {
        var copy = copyArray();
        copy[field.index] = value;
        return new Values(schema, copy);
    }

    @Nullable Object[] copyArray() {
        return Arrays.copyOf(values, values.length);
    }

    /** Builds values from stored columns, in schema order. */
    public static Values fromRaw(Schema schema, @Nullable Object[] raw) {
        if (raw.length != schema.fields().size()) {
            throw new IllegalArgumentException("expected " + schema.fields().size() + " values, got " + raw.length);
        }
        return new Values(schema, Arrays.copyOf(raw, raw.length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Values that && schema == that.schema && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        var text = new StringBuilder(schema.kind()).append('{');
        for (var field : schema.fields()) {
            text.append(field.name()).append('=').append(values[field.index]).append(", ");
        }
        return text.append('}').toString();
    }
}
