package io.backline.edge.proxy;

import io.backline.edge.FieldHeaders;
import io.backline.edge.FieldKeys;
import io.backline.edge.cache.StoredHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Header fields stored once and shared ({@link StoredHeaders}), with one message's own changes laid
 * over them: the headers of a response made from a cached object (the object's fields under the
 * Age, X-Cache, … of this hit), and the client's request headers a cache lookup keeps before the
 * request is rewritten for an origin. A hit copied the stored fields into a new map before: some
 * 600 bytes per 1 KiB hit (a 40-byte entry per field, the map's tables), a fifth of what a hit
 * allocated, and the young collections that garbage causes are most of a hit's p99
 * (docs/cache.md, "The collector"). Netty has no such overlay, hence this class.
 *
 * <p>It behaves as Netty's {@code DefaultHttpHeaders} made by {@link EdgeHeaders#HEADERS} does:
 * names match in any case; fields keep their order, a set field moving to the end; names and values
 * are validated as that factory's are ({@code LayeredHeadersTest} holds it to that map). A stored
 * field that is removed or set again is hidden by a bit of {@link #hidden}, so at most
 * {@link #MAX_STORED} stored fields can be layered ({@link CachedResponses} copies an object with
 * more into a map). {@link #iteratorCharSequence} returns one entry object that changes as it
 * moves, as Netty's {@code ReadOnlyHttpHeaders} does: the encoders read each field once. Stored
 * names are compared by their {@link io.backline.edge.FieldKeys key} first, and a name absent from
 * the stored fields' Bloom word is not looked for among them. The client codec writes the head
 * through {@link #encode}: the stored fields as the lines a cached object keeps
 * ({@link StoredHeaders#encoded}), about 1 µs of CPU less per 1 KiB hit (docs/edge-benchmarks.md).
 * Confined to one event loop while it changes; read only after.
 */
final class LayeredHeaders extends FieldHeaders {
    static final int MAX_STORED = Long.SIZE;

    private final StoredHeaders stored;
    /** Bit i set: stored field i is removed (or replaced by a field of this response). */
    private long hidden;
    /** This message's own fields, after the stored ones: the shared empty arrays until the first. */
    private CharSequence[] names = NONE;
    private CharSequence[] values = NONE;
    private int added;

    private static final CharSequence[] NONE = {};

    LayeredHeaders(StoredHeaders stored) {
        if (stored.size() > MAX_STORED) {
            throw new IllegalArgumentException("stored headers: " + stored.size() + " fields (at most " + MAX_STORED + ")");
        }
        this.stored = stored;
    }

    /** {@code stored} with room for a message's own changes: layered, or copied into a map when it has more than {@link #MAX_STORED} fields. */
    static HttpHeaders over(StoredHeaders stored) {
        if (stored.size() <= MAX_STORED) {
            return new LayeredHeaders(stored);
        }
        var copy = EdgeHeaders.HEADERS.newHeaders();
        stored.addTo(copy);
        return copy;
    }

    // ---- reading

    private static boolean same(CharSequence a, CharSequence b) {
        return AsciiString.contentEqualsIgnoreCase(a, b);
    }

    private boolean visible(int index) {
        return (hidden & 1L << index) == 0;
    }

    /** Whether stored field {@code index} is visible and named {@code name}, whose key is {@code key}. */
    private boolean storedIs(int index, CharSequence name, int key) {
        return stored.key(index) == key && visible(index) && same(stored.name(index), name);
    }

    /** Whether added field {@code index} is named {@code name}: as text, for a hit adds a few fields, and their keys would cost an array per hit. */
    private boolean addedIs(int index, CharSequence name) {
        return same(names[index], name);
    }

    private @Nullable CharSequence first(CharSequence name) {
        int key = FieldKeys.key(name);
        if (stored.mayContain(key)) {
            for (int i = 0; i < stored.size(); i++) {
                if (storedIs(i, name, key)) {
                    return stored.value(i);
                }
            }
        }
        for (int i = 0; i < added; i++) {
            if (addedIs(i, name)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public @Nullable String get(CharSequence name) {
        var value = first(name);
        return value == null ? null : value.toString();
    }

    @Override
    public List<String> getAll(CharSequence name) {
        var all = new ArrayList<String>(2);
        int key = FieldKeys.key(name);
        for (int i = 0; i < stored.size(); i++) {
            if (storedIs(i, name, key)) {
                all.add(stored.value(i).toString());
            }
        }
        for (int i = 0; i < added; i++) {
            if (addedIs(i, name)) {
                all.add(values[i].toString());
            }
        }
        return all;
    }

    /**
     * Whether a value of {@code name}, split at commas and trimmed, is {@code value}: as Netty's
     * default, without the list of values it makes (the response encoder asks this of
     * Transfer-Encoding for every response).
     */
    @Override
    public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
        int key = FieldKeys.key(name);
        for (int i = 0; i < stored.size(); i++) {
            if (storedIs(i, name, key) && listContains(stored.value(i), value, ignoreCase)) {
                return true;
            }
        }
        for (int i = 0; i < added; i++) {
            if (addedIs(i, name) && listContains(values[i], value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        return new Fields();
    }

    @Override
    public boolean contains(CharSequence name) {
        return first(name) != null;
    }

    @Override
    public int size() {
        return stored.size() - Long.bitCount(hidden) + added;
    }

    @Override
    public Set<String> names() {
        // As Netty's map: each name once, in any case it was given first.
        var byLowerCase = new LinkedHashMap<String, String>();
        var fields = iteratorCharSequence();
        while (fields.hasNext()) {
            var name = fields.next().getKey().toString();
            byLowerCase.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        }
        return new LinkedHashSet<>(byLowerCase.values());
    }

    // ---- changing

    private void append(CharSequence name, Object value) {
        EdgeHeaders.HEADERS.getNameValidator().validateName(name);
        appendChecked(name, checked(value));
    }

    private static CharSequence checked(Object value) {
        var text = text(value);
        EdgeHeaders.HEADERS.getValueValidator().validate(text);
        return text;
    }

    private void appendChecked(CharSequence name, CharSequence text) {
        if (added == names.length) {
            names = Arrays.copyOf(names, Math.max(8, added * 2));
            values = Arrays.copyOf(values, Math.max(8, added * 2));
        }
        names[added] = name;
        values[added] = text;
        added++;
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        append(name, value);
        return this;
    }

    @Override
    public HttpHeaders add(CharSequence name, Iterable<?> values) {
        for (var value : values) {
            append(name, value);
        }
        return this;
    }

    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        EdgeHeaders.HEADERS.getNameValidator().validateName(name); // both before anything is removed, as Netty's map does
        var text = checked(value);
        remove(name);
        appendChecked(name, text);
        return this;
    }

    @Override
    public HttpHeaders set(CharSequence name, Iterable<?> values) {
        EdgeHeaders.HEADERS.getNameValidator().validateName(name);
        remove(name);
        return add(name, values);
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        int key = FieldKeys.key(name);
        if (stored.mayContain(key)) {
            for (int i = 0; i < stored.size(); i++) {
                if (stored.key(i) == key && same(stored.name(i), name)) {
                    hidden |= 1L << i;
                }
            }
        }
        int kept = 0;
        for (int i = 0; i < added; i++) {
            if (!addedIs(i, name)) {
                names[kept] = names[i];
                values[kept] = values[i];
                kept++;
            }
        }
        Arrays.fill(names, kept, added, null);
        Arrays.fill(values, kept, added, null);
        added = kept;
        return this;
    }

    @Override
    public HttpHeaders clear() {
        hidden = stored.size() == MAX_STORED ? -1L : (1L << stored.size()) - 1;
        Arrays.fill(names, 0, added, null);
        Arrays.fill(values, 0, added, null);
        added = 0;
        return this;
    }

    @Override
    public HttpHeaders copy() {
        var copy = EdgeHeaders.HEADERS.newHeaders();
        var fields = iteratorCharSequence();
        while (fields.hasNext()) {
            var field = fields.next();
            copy.add(field.getKey(), field.getValue());
        }
        return copy;
    }

    // ---- writing

    /**
     * Writes the fields as an HTTP/1.1 header block (without the blank line that ends it), the bytes
     * Netty's encoder writes for {@link #iteratorCharSequence}: each run of visible stored fields as
     * one copy of the lines kept with them, then this message's own fields.
     */
    void encode(ByteBuf out) {
        int run = -1;
        for (int i = 0; i < stored.size(); i++) {
            if (visible(i)) {
                if (run < 0) {
                    run = i;
                }
            } else if (run >= 0) {
                stored.writeLines(run, i, out);
                run = -1;
            }
        }
        if (run >= 0) {
            stored.writeLines(run, stored.size(), out);
        }
        for (int i = 0; i < added; i++) {
            writeField(names[i], values[i], out);
        }
    }

    /** The visible stored fields, then the added ones; the iterator is its own entry (see the class comment). */
    private final class Fields implements Iterator<Map.Entry<CharSequence, CharSequence>>, Map.Entry<CharSequence, CharSequence> {
        /** The next position: stored fields 0 to size-1, then added ones. */
        private int next;
        private CharSequence name = "";
        private CharSequence value = "";

        Fields() {
            skipHidden();
        }

        private void skipHidden() {
            while (next < stored.size() && !visible(next)) {
                next++;
            }
        }

        @Override
        public boolean hasNext() {
            return next < stored.size() + added;
        }

        @Override
        public Map.Entry<CharSequence, CharSequence> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (next < stored.size()) {
                name = stored.name(next);
                value = stored.value(next);
            } else {
                name = names[next - stored.size()];
                value = values[next - stored.size()];
            }
            next++;
            skipHidden();
            return this;
        }

        @Override
        public CharSequence getKey() {
            return name;
        }

        @Override
        public CharSequence getValue() {
            return value;
        }

        @Override
        public CharSequence setValue(CharSequence newValue) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }
}
