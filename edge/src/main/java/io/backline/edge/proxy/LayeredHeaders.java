package io.backline.edge.proxy;

import io.backline.edge.FieldHeaders;
import io.backline.edge.cache.StoredHeaders;
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
 * moves, as Netty's {@code ReadOnlyHttpHeaders} does: the encoders read each field once. Confined
 * to one event loop while it changes; read only after.
 */
final class LayeredHeaders extends FieldHeaders {
    static final int MAX_STORED = Long.SIZE;

    private final StoredHeaders stored;
    /** Bit i set: stored field i is removed (or replaced by a field of this response). */
    private long hidden;
    /** This message's own fields, after the stored ones: the shared empty array until the first. */
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

    private @Nullable CharSequence first(CharSequence name) {
        for (int i = 0; i < stored.size(); i++) {
            if (visible(i) && same(stored.name(i), name)) {
                return stored.value(i);
            }
        }
        for (int i = 0; i < added; i++) {
            if (same(names[i], name)) {
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
        for (int i = 0; i < stored.size(); i++) {
            if (visible(i) && same(stored.name(i), name)) {
                all.add(stored.value(i).toString());
            }
        }
        for (int i = 0; i < added; i++) {
            if (same(names[i], name)) {
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
        for (int i = 0; i < stored.size(); i++) {
            if (visible(i) && same(stored.name(i), name) && listContains(stored.value(i), value, ignoreCase)) {
                return true;
            }
        }
        for (int i = 0; i < added; i++) {
            if (same(names[i], name) && listContains(values[i], value, ignoreCase)) {
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
        for (int i = 0; i < stored.size(); i++) {
            if (same(stored.name(i), name)) {
                hidden |= 1L << i;
            }
        }
        int kept = 0;
        for (int i = 0; i < added; i++) {
            if (!same(names[i], name)) {
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
