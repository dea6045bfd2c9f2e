package io.backline.edge.origin;

import static io.backline.edge.FieldKeys.bit;
import static io.backline.edge.FieldKeys.key;
import static io.backline.edge.FieldKeys.lower;

import io.backline.edge.FieldHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An origin response's header fields as they arrived, with the edge's changes on top: the fields
 * stay as offsets into the head's bytes until somebody reads one, and {@link #encode} writes the
 * unchanged ones back as those bytes, so that a response passed through is neither parsed into
 * strings nor formatted again. It behaves as Netty's {@code DefaultHttpHeaders} does (names
 * compared case-insensitively, insertion order kept, {@code set} removing every value and appending,
 * values checked on the way in), which a randomised differential test holds it to.
 *
 * <p>Why hand-written: decoding the origin's head into Netty's map of strings and encoding it again
 * for the client was the largest part of the edge's user time per 1 KiB request after the kernel's
 * (docs/edge-benchmarks.md): a proxy changes a handful of a response's headers and should not pay
 * for the twenty it leaves alone. Lookups scan the fields linearly, which for the heads the decoder
 * admits (bounded by the response header limit) is cheaper than hashing each name; an int per field
 * (length, first and last byte) rejects most names without looking at their characters.
 *
 * <p>Used on one event loop at a time, as Netty's map is.
 */
public final class OriginHeaders extends FieldHeaders {
    private static final int SPAN = 5;

    private final byte[] wire;
    private final NameValidator<CharSequence> names;
    /**
     * Per field, where it lies in {@link #wire}: line start (= name start), name end, value start,
     * value end, line end (past its CRLF); the line start is -1 for a field the edge added.
     */
    private int[] spans;
    /** Per field, name and value; null for a wire field's name or value not read as text yet. */
    private @Nullable CharSequence[] pairs;
    /** Per field, {@link #key} of its name. */
    private int[] keys;
    /**
     * One bit per {@link #key} present (a one-word Bloom filter): most lookups are for names a
     * response does not have (the hop-by-hop set, the surrogate fields, the edge's own), and those
     * end here without a scan. Removals leave their bits, which only costs a scan.
     */
    private long present;
    private int size;

    OriginHeaders(byte[] wire, NameValidator<CharSequence> names, int capacity) {
        this.wire = wire;
        this.names = names;
        int fields = Math.max(4, capacity);
        this.spans = new int[fields * SPAN];
        this.pairs = new CharSequence[fields * 2];
        this.keys = new int[fields];
    }

    /** Appends a field parsed from {@link #wire}; the decoder has checked its name and value. */
    void addWire(int lineStart, int nameEnd, int valueStart, int valueEnd, int lineEnd) {
        grow();
        int at = size * SPAN;
        spans[at] = lineStart;
        spans[at + 1] = nameEnd;
        spans[at + 2] = valueStart;
        spans[at + 3] = valueEnd;
        spans[at + 4] = lineEnd;
        int key = key(wire, lineStart, nameEnd);
        keys[size] = key;
        present |= bit(key);
        size++;
    }

    int wireValueStart(int i) {
        return spans[i * SPAN + 2];
    }

    int wireValueEnd(int i) {
        return spans[i * SPAN + 3];
    }

    private void grow() {
        if (size == keys.length) {
            int fields = keys.length * 2;
            spans = Arrays.copyOf(spans, fields * SPAN);
            pairs = Arrays.copyOf(pairs, fields * 2);
            keys = Arrays.copyOf(keys, fields);
        }
    }

    // ---- the wire

    /**
     * Writes the fields as an HTTP/1.1 header block (without the blank line that ends it): runs of
     * unchanged wire fields as one copy of their bytes, the others as {@code name: value}.
     */
    public void encode(ByteBuf out) {
        int runStart = -1;
        int runEnd = -1;
        for (int i = 0; i < size; i++) {
            int at = i * SPAN;
            int lineStart = spans[at];
            if (lineStart >= 0 && wire[spans[at + 1]] == ':') {
                if (lineStart != runEnd) {
                    if (runStart >= 0) {
                        out.writeBytes(wire, runStart, runEnd - runStart);
                    }
                    runStart = lineStart;
                }
                runEnd = spans[at + 4];
                continue;
            }
            if (runStart >= 0) {
                out.writeBytes(wire, runStart, runEnd - runStart);
                runStart = -1;
                runEnd = -1;
            }
            if (lineStart >= 0) {
                // Whitespace before the colon, which a proxy removes (RFC 9112 §5.1).
                out.writeBytes(wire, lineStart, spans[at + 1] - lineStart);
                out.writeShort(':' << 8 | ' ');
                out.writeBytes(wire, spans[at + 2], spans[at + 3] - spans[at + 2]);
                out.writeShort('\r' << 8 | '\n');
            } else {
                // A field the edge added: its name and value were set with it.
                writeField(Objects.requireNonNull(pairs[2 * i]), Objects.requireNonNull(pairs[2 * i + 1]), out);
            }
        }
        if (runStart >= 0) {
            out.writeBytes(wire, runStart, runEnd - runStart);
        }
    }

    private CharSequence name(int i) {
        var name = pairs[2 * i];
        if (name == null) {
            int at = i * SPAN;
            name = new AsciiString(wire, spans[at], spans[at + 1] - spans[at], false);
            pairs[2 * i] = name;
        }
        return name;
    }

    /** The value as a String, made once per field. */
    private String value(int i) {
        var value = pairs[2 * i + 1];
        if (value == null) {
            int at = i * SPAN;
            var text = new String(wire, spans[at + 2], spans[at + 3] - spans[at + 2], StandardCharsets.ISO_8859_1);
            pairs[2 * i + 1] = text; // still the wire's value: encode goes on copying the line
            return text;
        }
        return value.toString();
    }

    // ---- lookups

    private boolean sameName(int i, CharSequence name) {
        var known = pairs[2 * i];
        if (known != null) {
            return known == name || AsciiString.contentEqualsIgnoreCase(known, name);
        }
        int start = spans[i * SPAN];
        int length = name.length();
        for (int k = 0; k < length; k++) {
            if (lower(wire[start + k]) != lower(name.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(CharSequence name, int key, int from) {
        if ((present & bit(key)) == 0) {
            return -1;
        }
        for (int i = from; i < size; i++) {
            if (keys[i] == key && sameName(i, name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public @Nullable String get(CharSequence name) {
        int i = indexOf(name, key(name), 0);
        return i < 0 ? null : value(i);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        List<String> values = List.of();
        int key = key(name);
        for (int i = indexOf(name, key, 0); i >= 0; i = indexOf(name, key, i + 1)) {
            if (values.isEmpty()) {
                values = new ArrayList<>(2);
            }
            values.add(value(i));
        }
        return values;
    }

    @Override
    public boolean contains(CharSequence name) {
        return indexOf(name, key(name), 0) >= 0;
    }

    @Override
    public boolean contains(String name, String value, boolean ignoreCase) {
        return contains((CharSequence) name, value, ignoreCase);
    }

    @Override
    public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
        int key = key(name);
        for (int i = indexOf(name, key, 0); i >= 0; i = indexOf(name, key, i + 1)) {
            var v = value(i);
            if (ignoreCase ? AsciiString.contentEqualsIgnoreCase(v, value) : AsciiString.contentEquals(v, value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
        int key = key(name);
        for (int i = indexOf(name, key, 0); i >= 0; i = indexOf(name, key, i + 1)) {
            if (listContains(value(i), value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<String> names() {
        var names = new LinkedHashSet<String>(); // as Netty's: one entry per spelling
        for (int i = 0; i < size; i++) {
            names.add(name(i).toString());
        }
        return names;
    }

    /**
     * The fields without a copy of the map. The entry returned by {@code next()} is the iterator
     * itself, moved on by the next call: callers read each entry before the next one (as Netty's
     * encoders and HTTP/2 conversion do); {@link #entries()} gives entries that can be kept.
     */
    @Override
    public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        return new Cursor();
    }

    private final class Cursor implements Iterator<Map.Entry<CharSequence, CharSequence>>, Map.Entry<CharSequence, CharSequence> {
        private int next;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Map.Entry<CharSequence, CharSequence> next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            next++;
            return this;
        }

        @Override
        public CharSequence getKey() {
            return name(next - 1);
        }

        @Override
        public CharSequence getValue() {
            return value(next - 1);
        }

        @Override
        public CharSequence setValue(CharSequence value) {
            var converted = checkedValue(value);
            var old = value(next - 1);
            replaceValue(next - 1, converted);
            return old;
        }
    }

    // ---- changes

    /** A field's value replaced in place: the field is no longer the wire's, so encode writes it as text. */
    private void replaceValue(int i, CharSequence value) {
        int at = i * SPAN;
        if (spans[at] >= 0) {
            name(i);
            spans[at] = -1;
        }
        pairs[2 * i + 1] = value;
    }

    private static CharSequence checkedValue(Object value) {
        var converted = text(value);
        int bad = HttpHeaderValidationUtil.validateValidHeaderValue(converted);
        if (bad != -1) {
            throw new IllegalArgumentException("a header value contains prohibited character 0x"
                    + Integer.toHexString(converted.charAt(bad)) + " at index " + bad + '.');
        }
        return converted;
    }

    private CharSequence checkedName(CharSequence name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        names.validateName(name);
        return name;
    }

    private void append(CharSequence name, CharSequence value) {
        grow();
        spans[size * SPAN] = -1;
        int key = key(name);
        keys[size] = key;
        present |= bit(key);
        pairs[2 * size] = name;
        pairs[2 * size + 1] = value;
        size++;
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        append(checkedName(name), checkedValue(value));
        return this;
    }

    @Override
    public HttpHeaders add(CharSequence name, Iterable<?> values) {
        checkedName(name);
        for (var value : values) {
            append(name, checkedValue(value));
        }
        return this;
    }

    @Override
    public HttpHeaders add(HttpHeaders headers) {
        if (headers == this) {
            throw new IllegalArgumentException("can't add to itself.");
        }
        for (var it = headers.iteratorCharSequence(); it.hasNext(); ) {
            var entry = it.next();
            add(entry.getKey(), entry.getValue());
        }
        return this;
    }

    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        var checkedName = checkedName(name);
        var checkedValue = checkedValue(value); // checked before anything is removed, as DefaultHttpHeaders does
        removeAll(checkedName);
        append(checkedName, checkedValue);
        return this;
    }

    @Override
    public HttpHeaders set(CharSequence name, Iterable<?> values) {
        checkedName(name);
        removeAll(name);
        for (var value : values) {
            append(name, checkedValue(value));
        }
        return this;
    }

    @Override
    public HttpHeaders set(HttpHeaders headers) {
        if (headers != this) {
            clear();
            add(headers);
        }
        return this;
    }

    @Override
    public HttpHeaders setAll(HttpHeaders headers) {
        if (headers != this) {
            for (var name : headers.names()) {
                removeAll(name);
            }
            add(headers);
        }
        return this;
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        removeAll(name);
        return this;
    }

    /**
     * Removes every field whose name in lower case is in {@code lowerCaseNames}, in one pass: for
     * the names a {@code Connection} header lists, which an origin may make thousands (a removal per
     * name would scan the fields once per name).
     */
    public void removeNamed(Set<String> lowerCaseNames) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!lowerCaseNames.contains(name(i).toString().toLowerCase(Locale.ROOT))) {
                keys[kept] = keys[i];
                pairs[2 * kept] = pairs[2 * i];
                pairs[2 * kept + 1] = pairs[2 * i + 1];
                System.arraycopy(spans, i * SPAN, spans, kept * SPAN, SPAN);
                kept++;
            }
        }
        Arrays.fill(pairs, 2 * kept, 2 * size, null);
        size = kept;
    }

    /** Removes every field named {@code name}, keeping the others in order. */
    private void removeAll(CharSequence name) {
        int key = key(name);
        int first = indexOf(name, key, 0);
        if (first < 0) {
            return;
        }
        int kept = first;
        for (int i = first + 1; i < size; i++) {
            if (keys[i] != key || !sameName(i, name)) {
                keys[kept] = keys[i];
                pairs[2 * kept] = pairs[2 * i];
                pairs[2 * kept + 1] = pairs[2 * i + 1];
                System.arraycopy(spans, i * SPAN, spans, kept * SPAN, SPAN);
                kept++;
            }
        }
        Arrays.fill(pairs, 2 * kept, 2 * size, null);
        size = kept;
    }

    @Override
    public HttpHeaders clear() {
        Arrays.fill(pairs, 0, 2 * size, null);
        size = 0;
        present = 0;
        return this;
    }

    @Override
    public HttpHeaders copy() {
        var copy = new OriginHeaders(wire, names, size);
        System.arraycopy(spans, 0, copy.spans, 0, size * SPAN);
        System.arraycopy(pairs, 0, copy.pairs, 0, 2 * size);
        System.arraycopy(keys, 0, copy.keys, 0, size);
        copy.present = present;
        copy.size = size;
        return copy;
    }
}
