package io.backline.sdk.models.components;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every request body shares: the fields it mentions, in order, each with its wire value or
 * {@code ""} for a cleared one. A field it does not mention is left as it is by an update.
 *
 * <pre>{@code
 * Map<String, String> form = Backend.builder().weight(9).clearOverrideHost().build().formFields();
 * // {weight=9, override_host=}
 * }</pre>
 */
public abstract class FormBody {
    private static final Set<String> SECRETS = Set.of("ssl_client_key");

    private final Map<String, String> fields;

    protected FormBody(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** What goes on the wire: each mentioned field with its value, {@code ""} for a cleared one. */
    public Map<String, String> formFields() {
        return fields;
    }

    /** True when the field is mentioned (set or cleared). */
    public boolean mentions(String field) {
        return fields.containsKey(field);
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && ((FormBody) other).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /** The mentioned fields, with private keys left out. */
    @Override
    public String toString() {
        var shown = new LinkedHashMap<String, String>();
        fields.forEach((key, value) -> shown.put(key, SECRETS.contains(key) && !value.isEmpty() ? "…" : value));
        return getClass().getSimpleName() + shown;
    }

    /** The builders' common part: setters mention a field, {@link #unset} forgets it. */
    public abstract static class Builder<B extends Builder<B>> {
        protected final LinkedHashMap<String, String> fields;

        protected Builder(Map<String, String> fields) {
            this.fields = new LinkedHashMap<>(fields);
        }

        protected abstract B self();

        protected B put(String field, String value) {
            fields.put(field, value);
            return self();
        }

        /** Forgets a field: the request will not mention it. */
        public B unset(String field) {
            fields.remove(field);
            return self();
        }
    }
}
