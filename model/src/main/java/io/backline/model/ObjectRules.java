package io.backline.model;

/**
 * The rules of one kind of per-version object: how a create builds its values and how an update
 * changes them. Field-level rules live in the {@link Schema}; this adds the rules across fields.
 */
public interface ObjectRules {

    Schema schema();

    /** The values of a new object, from defaults and what the client sent. */
    Values create(Changes changes, ServiceType type);

    /** The values after a partial update: only the fields named in {@code changes} move. */
    Values update(Values current, Changes changes, ServiceType type);
}
