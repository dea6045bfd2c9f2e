package io.backline.edge;

/**
 * A header name's key, and its bit in a one-word Bloom filter, for the edge's own header maps
 * ({@code OriginHeaders}, {@code StoredHeaders} under {@code LayeredHeaders}). The key is the name's
 * length and its first and last byte, ASCII case folded: names equal but for case have equal keys,
 * and most different names have different ones, so a scan compares an int before any characters. A
 * map ORs the bits of its names together; a name whose bit is clear is not there, without a scan,
 * which is the answer to most of a proxy's lookups (the hop-by-hop set, the surrogate fields, the
 * edge's own fields on a response that does not have them yet).
 */
public final class FieldKeys {
    private FieldKeys() {}

    public static int key(CharSequence name) {
        int length = name.length();
        return length == 0 ? 0 : length << 16 | lower(name.charAt(0)) << 8 | lower(name.charAt(length - 1));
    }

    /** The key of the name in {@code wire[start, end)}. */
    public static int key(byte[] wire, int start, int end) {
        return end == start ? 0 : (end - start) << 16 | lower(wire[start]) << 8 | lower(wire[end - 1]);
    }

    public static long bit(int key) {
        return 1L << ((key * 0x9E3779B9) >>> 26);
    }

    /** {@code c}'s low byte, ASCII upper case made lower. */
    public static int lower(int c) {
        c &= 0xff;
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
