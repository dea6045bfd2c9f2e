package io.backline.edge.cache;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;

/**
 * A cached object's header fields, in order, in two arrays that never change once stored. Every hit
 * reads them (through {@code LayeredHeaders}, which lays the response's own fields over them) and none
 * copies them; a map per object would also hold some 40 bytes more per field on the heap.
 */
public final class StoredHeaders {
    private final CharSequence[] names;
    private final CharSequence[] values;

    private StoredHeaders(CharSequence[] names, CharSequence[] values) {
        this.names = names;
        this.values = values;
    }

    /** The fields of {@code headers}, in their order. */
    public static StoredHeaders of(HttpHeaders headers) {
        int size = headers.size();
        var names = new CharSequence[size];
        var values = new CharSequence[size];
        int i = 0;
        var fields = headers.iteratorCharSequence();
        while (fields.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = fields.next();
            names[i] = field.getKey();
            values[i] = field.getValue();
            i++;
        }
        return new StoredHeaders(names, values);
    }

    public int size() {
        return names.length;
    }

    public CharSequence name(int index) {
        return names[index];
    }

    public CharSequence value(int index) {
        return values[index];
    }

    /** Adds every field to {@code target}, in order. */
    public void addTo(HttpHeaders target) {
        for (int i = 0; i < names.length; i++) {
            target.add(names[i], values[i]);
        }
    }
}
