package io.backline.model;

/**
 * One field of an update: leave it as it is, clear it (back to its default, or null), or set it.
 * Fastly's partial PUT and its "empty value means unset" rule both rest on telling these apart.
 *
 * <pre>{@code
 * Patch<Integer> port = Patch.set(443);
 * Patch<String> host = Patch.clear();
 * }</pre>
 */
public sealed interface Patch<T> {

    @SuppressWarnings("unchecked")
    static <T> Patch<T> absent() {
        return (Patch<T>) Absent.INSTANCE;
    }

    @SuppressWarnings("unchecked")
    static <T> Patch<T> clear() {
        return (Patch<T>) Clear.INSTANCE;
    }

    static <T> Patch<T> set(T value) {
        return new Set<>(value);
    }

    /** Leave the field as it is. */
    record Absent<T>() implements Patch<T> {
        static final Absent<?> INSTANCE = new Absent<>();
    }

    /** Reset the field: to its default where it has one, otherwise to null. */
    record Clear<T>() implements Patch<T> {
        static final Clear<?> INSTANCE = new Clear<>();
    }

    /** Set the field to a value. */
    record Set<T>(T value) implements Patch<T> {}
}
