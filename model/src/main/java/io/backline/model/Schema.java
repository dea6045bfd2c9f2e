package io.backline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fields of one kind of configuration object, in the order Backline stores and answers them.
 * One schema drives parsing of client input, defaults, storage columns and the wire shape.
 */
public final class Schema {

    /**
     * How many objects of a kind one version holds. Most kinds are lists of named objects; a
     * version's settings are one value (its defaults until someone writes them), and a feature flag
     * such as HTTP/3 is one value or none. A singleton is stored as one object named after its kind,
     * so clone, lock, diff and the edge feed treat it like any other object.
     */
    public enum Cardinality {
        /** Any number of objects, each named by its {@code name} field. */
        NAMED,
        /** Exactly one: the schema's defaults until a value is written. */
        ONE,
        /** None or one: absent means off. */
        AT_MOST_ONE
    }

    private final String kind;
    private final String label;
    private final Cardinality cardinality;
    private final List<Field<?>> fields;
    private final Map<String, Field<?>> byName;
    private final boolean versionWireAsString;

    private Schema(String kind, String label, Cardinality cardinality, List<Field<?>> fields, boolean versionWireAsString) {
        this.kind = kind;
        this.label = label;
        this.cardinality = cardinality;
        this.versionWireAsString = versionWireAsString;
        this.fields = Field.indexed(fields);
        var names = new LinkedHashMap<String, Field<?>>();
        for (var field : this.fields) {
            names.put(field.name(), field);
        }
        this.byName = Collections.unmodifiableMap(names);
    }

    public static Builder builder(String kind, String label) {
        return new Builder(kind, label, Cardinality.NAMED);
    }

    /** A kind with one value per version, or at most one: see {@link Cardinality}. */
    public static Builder singleton(String kind, String label, Cardinality cardinality) {
        if (cardinality == Cardinality.NAMED) {
            throw new IllegalArgumentException("cardinality: NAMED (expected: ONE or AT_MOST_ONE for a singleton)");
        }
        return new Builder(kind, label, cardinality);
    }

    public Cardinality cardinality() {
        return cardinality;
    }

    /** Whether a version holds at most one object of this kind, stored under the kind's name. */
    public boolean singleton() {
        return cardinality != Cardinality.NAMED;
    }

    /** The kind as it appears in paths and messages, e.g. {@code backend}. */
    public String kind() {
        return kind;
    }

    /**
     * Whether Fastly answers this kind's {@code version} as a string ({@code "19"}): conditions and
     * the logging endpoints do (go-fastly's recorded {@code conditions/*}, {@code syslogs/get}).
     */
    public boolean versionWireAsString() {
        return versionWireAsString;
    }

    /** The kind as Fastly capitalises it in "Couldn't find Backend '…'". */
    public String label() {
        return label;
    }

    public List<Field<?>> fields() {
        return fields;
    }

    public @Nullable Field<?> field(String name) {
        return byName.get(name);
    }

    /**
     * Reads what a client sent, each field by {@link Field#parse}. Keys this schema does not know
     * are ignored, as Fastly ignores them (clients send junk keys such as {@code ServiceID}), and so
     * are read-only fields.
     */
    public Changes parse(Input input) {
        var patches = new LinkedHashMap<Field<?>, Patch<Object>>();
        for (var field : fields) {
            if (field.readOnly()) {
                continue;
            }
            var values = input.get(field.name());
            if (!values.isEmpty()) {
                patches.put(field, field.parse(values));
            }
        }
        return new Changes(patches);
    }

    /** Reads form-style input, where every value is text (tests, fixtures, benchmarks). */
    public Changes parse(Map<String, List<String>> texts) {
        return parse(Input.ofTexts(texts));
    }

    /** Every field at its default for a service of the given type. */
    public Values defaults(ServiceType type) {
        var values = new @Nullable Object[fields.size()];
        for (var field : fields) {
            values[field.index] = field.defaultFor(type);
        }
        return new Values(this, values);
    }

    /** Applies changes over a base: a set value replaces, a clear restores the default or null. */
    public Values apply(Values base, Changes changes, ServiceType type) {
        var values = base.copyArray();
        changes.forEach((field, patch) -> {
            switch (patch) {
                case Patch.Set<Object> set -> values[field.index] = set.value();
                case Patch.Clear<Object> clear -> values[field.index] = field.defaultFor(type);
                case Patch.Absent<Object> absent -> {}
            }
        });
        return new Values(this, values);
    }

    /** Refuses values that lack a required field. */
    public void requirePresent(Values values) {
        for (var field : fields) {
            if (field.required()) {
                var value = values.get(field);
                if (value == null || (value instanceof String text && text.isEmpty())) {
                    throw ConfigException.invalid(field.name() + ": missing (expected: a value, it is required)");
                }
            }
        }
    }

    /** Builds a schema field by field; declare the fields as constants in order. */
    public static final class Builder {
        private final String kind;
        private final String label;
        private final Cardinality cardinality;
        private final List<Field<?>> fields = new ArrayList<>();
        private boolean versionWireAsString;

        private Builder(String kind, String label, Cardinality cardinality) {
            this.kind = kind;
            this.label = label;
            this.cardinality = cardinality;
        }

        public <T> Field<T> add(Field.Builder builder) {
            Field<T> field = builder.build();
            fields.add(field);
            return field;
        }

        /** The kind's objects answer {@code version} as a string: see {@link Schema#versionWireAsString()}. */
        public Builder versionWireAsString() {
            this.versionWireAsString = true;
            return this;
        }

        public Schema build() {
            return new Schema(kind, label, cardinality, fields, versionWireAsString);
        }
    }
}
