package io.backline.edge.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough DER to read a key's algorithm and re-wrap PKCS#1 and SEC1 keys as PKCS#8: single-byte
 * tags and definite lengths. Malformed input is an {@link IllegalArgumentException}.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    static final int CONTEXT_0 = 0xA0;

    private Der() {}

    /** One element: its tag, its content bytes and its whole encoding (tag, length, content). */
    record Element(int tag, byte[] content, byte[] encoded) {}

    /** The children of {@code der}, which must be exactly one SEQUENCE. */
    static List<Element> sequence(byte[] der) {
        var all = elements(der);
        if (all.size() != 1 || all.getFirst().tag() != SEQUENCE) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        return elements(all.getFirst().content());
    }

    /** Consecutive elements filling {@code data} exactly. */
    static List<Element> elements(byte[] data) {
        var result = new ArrayList<Element>();
        int at = 0;
        while (at < data.length) {
            int start = at;
            int tag = data[at++] & 0xff;
            if ((tag & 0x1f) == 0x1f || at >= data.length) {
                throw new IllegalArgumentException("unsupported or truncated DER tag");
            }
            int length = data[at++] & 0xff;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                if (bytes == 0 || bytes > 3 || at + bytes > data.length) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (data[at++] & 0xff);
                }
            }
            if (length > data.length - at) {
                throw new IllegalArgumentException("truncated DER element");
            }
            result.add(new Element(tag, Arrays.copyOfRange(data, at, at + length), Arrays.copyOfRange(data, start, at + length)));
            at += length;
        }
        return result;
    }

    /** Encodes one element whose content is the concatenation of {@code parts}. */
    static byte[] encode(int tag, byte[]... parts) {
        var content = new ByteArrayOutputStream();
        for (var part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        var out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
