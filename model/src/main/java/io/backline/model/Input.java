package io.backline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request body carried, key by key, before any schema read it: every value of a key in the
 * order sent, each with its JSON type. The wire layer builds it from a form or a JSON object;
 * {@link Schema#parse(Input)} decides what it means. Keys keep their spelling ({@code name[]} is
 * already {@code name} here).
 *
 * <pre>{@code
 * var input = Input.builder().add("port", new InputValue.WholeNumber("443")).build();
 * var changes = BackendSchema.SCHEMA.parse(input);
 * }</pre>
 */
public final class Input {
    private static final Input EMPTY = new Input(Map.of());

    private final Map<String, List<InputValue>> values;

    private Input(Map<String, List<InputValue>> values) {
        this.values = values;
    }

    public static Input empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Form-style input: every value is text. */
    public static Input ofTexts(Map<String, List<String>> texts) {
        var builder = builder();
        texts.forEach((key, list) -> list.forEach(text -> builder.add(key, InputValue.text(text))));
        return builder.build();
    }

    /** Every value sent for {@code key}, in order; empty when the key was not sent. */
    public List<InputValue> get(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** Every key with its values, in the order first sent. */
    public Map<String, List<InputValue>> values() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects values key by key. */
    public static final class Builder {
        private final Map<String, List<InputValue>> values = new LinkedHashMap<>();

        private Builder() {}

        public Builder add(String key, InputValue value) {
            values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
            return this;
        }

        public Input build() {
            var copy = new LinkedHashMap<String, List<InputValue>>();
            values.forEach((key, list) -> copy.put(key, List.copyOf(list)));
            return new Input(Collections.unmodifiableMap(copy));
        }
    }
}
