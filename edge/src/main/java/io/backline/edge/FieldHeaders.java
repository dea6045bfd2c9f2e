package io.backline.edge;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What Netty's {@link HttpHeaders} asks of every map that follows from a few methods: the
 * {@code String} forms through the {@code CharSequence} ones, the typed getters and setters through
 * {@link #get(CharSequence)} and {@link #set(CharSequence, Object)}, and the entries through
 * {@link #iteratorCharSequence()}. The edge's own maps ({@code OriginHeaders}, which keeps an
 * origin's head as bytes, and {@code LayeredHeaders}, a cached object's fields under a hit's own)
 * implement the rest, each over its own storage. Numbers and dates read as Netty's map reads them:
 * null for a value that does not parse.
 */
public abstract class FieldHeaders extends HttpHeaders {
    @Override
    public abstract @Nullable String get(CharSequence name);

    @Override
    public abstract List<String> getAll(CharSequence name);

    @Override
    public abstract boolean contains(CharSequence name);

    @Override
    public abstract HttpHeaders add(CharSequence name, Object value);

    @Override
    public abstract HttpHeaders add(CharSequence name, Iterable<?> values);

    @Override
    public abstract HttpHeaders set(CharSequence name, Object value);

    @Override
    public abstract HttpHeaders set(CharSequence name, Iterable<?> values);

    @Override
    public abstract HttpHeaders remove(CharSequence name);

    /**
     * One field as Netty's {@code HttpHeadersEncoder} writes it, {@code name: value} and CRLF, a byte
     * per character ({@link HttpHeaders#encodeAscii}): the edge's maps write their own heads with it.
     */
    public static void writeField(CharSequence name, CharSequence value, ByteBuf out) {
        HttpHeaders.encodeAscii(name, out);
        out.writeShort(':' << 8 | ' ');
        HttpHeaders.encodeAscii(value, out);
        out.writeShort('\r' << 8 | '\n');
    }

    /** A value as Netty's header maps convert it: text as it is, dates in HTTP's format, anything else by toString. */
    protected static CharSequence text(@Nullable Object value) {
        if (value instanceof CharSequence text) {
            return text;
        }
        if (value instanceof Date date) {
            return DateFormatter.format(date);
        }
        if (value instanceof Calendar calendar) {
            return DateFormatter.format(calendar.getTime());
        }
        if (value == null) {
            throw new NullPointerException("value");
        }
        return value.toString();
    }

    /**
     * Whether the comma-separated list {@code list} has an element equal to {@code wanted} once
     * trimmed, as Netty's {@code HttpHeaders.containsValue} reads one (nothing after a trailing
     * comma is an element), without the list of values Netty's default makes.
     */
    protected static boolean listContains(CharSequence list, CharSequence wanted, boolean ignoreCase) {
        int start = 0;
        do {
            int comma = AsciiString.indexOf(list, ',', start);
            int end = comma < 0 ? list.length() : comma;
            var element = AsciiString.trim(list.subSequence(start, end));
            if (ignoreCase ? AsciiString.contentEqualsIgnoreCase(element, wanted) : AsciiString.contentEquals(element, wanted)) {
                return true;
            }
            start = end + 1;
        } while (start < list.length());
        return false;
    }

    @Override
    public @Nullable String get(String name) {
        return get((CharSequence) name);
    }

    @Override
    public @Nullable String get(CharSequence name, @Nullable String defaultValue) {
        var value = get(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public @Nullable Integer getInt(CharSequence name) {
        var value = get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int getInt(CharSequence name, int defaultValue) {
        var value = getInt(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public @Nullable Short getShort(CharSequence name) {
        var value = get(name);
        if (value == null) {
            return null;
        }
        try {
            return Short.parseShort(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public short getShort(CharSequence name, short defaultValue) {
        var value = getShort(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public @Nullable Long getTimeMillis(CharSequence name) {
        var value = get(name);
        if (value == null) {
            return null;
        }
        var date = DateFormatter.parseHttpDate(value);
        return date == null ? null : date.getTime();
    }

    @Override
    public long getTimeMillis(CharSequence name, long defaultValue) {
        var value = getTimeMillis(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public List<String> getAll(String name) {
        return getAll((CharSequence) name);
    }

    @Override
    public Iterator<String> valueStringIterator(CharSequence name) {
        return getAll(name).iterator();
    }

    @Override
    public Iterator<? extends CharSequence> valueCharSequenceIterator(CharSequence name) {
        return getAll(name).iterator();
    }

    @Override
    public boolean contains(String name) {
        return contains((CharSequence) name);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /** The fields as entries that may be kept (the {@link #iteratorCharSequence} of a subclass may reuse one). */
    @Override
    public List<Map.Entry<String, String>> entries() {
        var entries = new ArrayList<Map.Entry<String, String>>(size());
        for (var fields = iteratorCharSequence(); fields.hasNext(); ) {
            var field = fields.next();
            entries.add(new AbstractMap.SimpleImmutableEntry<>(field.getKey().toString(), field.getValue().toString()));
        }
        return entries;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return entries().iterator();
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        return add((CharSequence) name, value);
    }

    @Override
    public HttpHeaders add(String name, Iterable<?> values) {
        return add((CharSequence) name, values);
    }

    @Override
    public HttpHeaders addInt(CharSequence name, int value) {
        return add(name, Integer.toString(value));
    }

    @Override
    public HttpHeaders addShort(CharSequence name, short value) {
        return add(name, Short.toString(value));
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        return set((CharSequence) name, value);
    }

    @Override
    public HttpHeaders set(String name, Iterable<?> values) {
        return set((CharSequence) name, values);
    }

    @Override
    public HttpHeaders setInt(CharSequence name, int value) {
        return set(name, Integer.toString(value));
    }

    @Override
    public HttpHeaders setShort(CharSequence name, short value) {
        return set(name, Short.toString(value));
    }

    @Override
    public HttpHeaders remove(String name) {
        return remove((CharSequence) name);
    }
}
