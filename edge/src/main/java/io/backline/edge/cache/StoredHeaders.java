package io.backline.edge.cache;

import io.backline.edge.FieldHeaders;
import io.backline.edge.FieldKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Header fields, in order, in arrays that never change once made. A cached object's are read by
 * every hit (through {@code LayeredHeaders}, which lays the response's own fields over them) and
 * copied by none; a map per object would also hold some 40 bytes more per field on the heap.
 *
 * <p>Each name's {@link FieldKeys key} and the Bloom word of them all are kept too, so that the
 * dozen lookups and removals a hit makes (most for names a response does not have) cost an int
 * compare or nothing. A cached object's fields are also kept as the HTTP/1.1 lines an encoder writes
 * for them ({@link #encoded}): a hit writes them as one copy instead of formatting every field again.
 */
public final class StoredHeaders {
    private final CharSequence[] names;
    private final CharSequence[] values;
    private final int[] keys;
    private final long present;
    /** The fields as {@code name: value\r\n} lines, as Netty's encoder writes them; null unless made by {@link #encoded}. */
    private final byte @Nullable [] wire;
    /** Where each field's line ends in {@link #wire} (the next one starts there). */
    private final int @Nullable [] lineEnds;

    private StoredHeaders(CharSequence[] names, CharSequence[] values, boolean withWire) {
        this.names = names;
        this.values = values;
        this.keys = new int[names.length];
        long bits = 0;
        for (int i = 0; i < names.length; i++) {
            keys[i] = FieldKeys.key(names[i]);
            bits |= FieldKeys.bit(keys[i]);
        }
        this.present = bits;
        if (withWire) {
            var lines = Unpooled.buffer(64 * names.length);
            lineEnds = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                FieldHeaders.writeField(names[i], values[i], lines);
                lineEnds[i] = lines.writerIndex();
            }
            wire = new byte[lines.readableBytes()];
            lines.readBytes(wire);
        } else {
            wire = null;
            lineEnds = null;
        }
    }

    /** The fields of {@code headers}, in their order (a request's, which is looked up but never written). */
    public static StoredHeaders of(HttpHeaders headers) {
        return copy(headers, false);
    }

    /** As {@link #of}, with the lines a response's head writes for them made once (a cached object's). */
    public static StoredHeaders encoded(HttpHeaders headers) {
        return copy(headers, true);
    }

    private static StoredHeaders copy(HttpHeaders headers, boolean withWire) {
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
        return new StoredHeaders(names, values, withWire);
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

    /** {@link FieldKeys#key} of field {@code index}'s name. */
    public int key(int index) {
        return keys[index];
    }

    /** False when no field has a name of this {@link FieldKeys#key}; true may still mean none. */
    public boolean mayContain(int key) {
        return (present & FieldKeys.bit(key)) != 0;
    }

    /** Writes fields {@code from} to {@code to - 1} as their lines: one copy when made by {@link #encoded}. */
    public void writeLines(int from, int to, ByteBuf out) {
        if (from >= to) {
            return;
        }
        if (wire == null || lineEnds == null) {
            for (int i = from; i < to; i++) {
                FieldHeaders.writeField(names[i], values[i], out);
            }
            return;
        }
        int start = from == 0 ? 0 : lineEnds[from - 1];
        out.writeBytes(wire, start, lineEnds[to - 1] - start);
    }

    /** Heap bytes besides the fields' text and their slots: the keys, and the lines with their ends when kept. */
    public long extraHeapBytes() {
        long arrays = 16 + 4L * keys.length;
        if (wire != null) {
            arrays += 16 + wire.length + 16 + 4L * keys.length;
        }
        return arrays;
    }

    /** Adds every field to {@code target}, in order. */
    public void addTo(HttpHeaders target) {
        for (int i = 0; i < names.length; i++) {
            target.add(names[i], values[i]);
        }
    }
}
