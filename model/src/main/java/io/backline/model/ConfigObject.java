package io.backline.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored per-version object (a backend, and later a condition, health check or domain): who it
 * belongs to, its field values, and when it was made and last changed.
 */
public record ConfigObject(ServiceId serviceId, int version, Values values, Instant createdAt, Instant updatedAt) {

    public Schema schema() {
        return values.schema();
    }

    /** The object's name; a singleton (settings, a feature flag) is stored under its kind's name. */
    public String name() {
        if (schema().singleton()) {
            return schema().kind();
        }
        var field = schema().field("name");
        return String.valueOf(values.raw(Objects.requireNonNull(field, "schema without name")));
    }

    public ConfigObject withValues(Values newValues, Instant now) {
        return new ConfigObject(serviceId, version, newValues, createdAt, now);
    }
}
