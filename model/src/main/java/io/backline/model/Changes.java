package io.backline.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** What one create or update request asks to change: a {@link Patch} per field it names. */
public final class Changes {
    private final Map<Field<?>, Patch<Object>> patches;

    Changes(Map<Field<?>, Patch<Object>> patches) {
        this.patches = Collections.unmodifiableMap(new LinkedHashMap<>(patches));
    }

    @SuppressWarnings("unchecked")
    public <T> Patch<T> get(Field<T> field) {
        var patch = patches.get(field);
        return patch == null ? Patch.absent() : (Patch<T>) patch;
    }

    public boolean has(Field<?> field) {
        return patches.containsKey(field);
    }

    public boolean isEmpty() {
        return patches.isEmpty();
    }

    /** These changes with one field's patch replaced. */
    public <T> Changes with(Field<T> field, Patch<T> patch) {
        var copy = new LinkedHashMap<>(patches);
        @SuppressWarnings("unchecked")
        var untyped = (Patch<Object>) patch;
        if (patch instanceof Patch.Absent) {
            copy.remove(field);
        } else {
            copy.put(field, untyped);
        }
        return new Changes(copy);
    }

    void forEach(BiConsumer<Field<?>, Patch<Object>> action) {
        patches.forEach(action);
    }
}
