package io.backline.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a create or update body into field texts, keyed by name with every value a key carried.
 * Form bodies are what every Fastly client sends; JSON bodies with the same names are accepted for
 * hand-written clients. {@code name[]} keys count as {@code name} (Fastly's array style).
 */
public final class RequestFields {
    private RequestFields() {}

    /** Parses a body by its content type; an empty body is no fields. */
    public static Map<String, List<String>> parse(String contentType, byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        var type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            return json(body);
        }
        // Fastly clients always send forms; treat a missing or odd content type the same way.
        return form(utf8(body));
    }

    /** Parses {@code application/x-www-form-urlencoded} text ({@code +} and {@code %20} are spaces). */
    public static Map<String, List<String>> form(String text) {
        var fields = new LinkedHashMap<String, List<String>>();
        for (var pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            var key = decode(equals < 0 ? pair : pair.substring(0, equals));
            var value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            add(fields, key, value);
        }
        return fields;
    }

    private static Map<String, List<String>> json(byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new WireException("body: invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + " (expected: a JSON object of field names and values)");
        } catch (java.io.IOException e) {
            throw new WireException("body: unreadable (expected: a JSON object)");
        }
        if (root == null || !root.isObject()) {
            throw new WireException("body: not a JSON object (expected: a JSON object of field names and values)");
        }
        var fields = new LinkedHashMap<String, List<String>>();
        for (var entry : root.properties()) {
            var value = entry.getValue();
            if (value.isArray()) {
                var list = fields.computeIfAbsent(key(entry.getKey()), k -> new ArrayList<>());
                value.forEach(item -> list.add(text(entry.getKey(), item)));
            } else {
                add(fields, entry.getKey(), text(entry.getKey(), value));
            }
        }
        return fields;
    }

    private static String text(String key, JsonNode value) {
        if (value.isNull()) {
            return "";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        throw new WireException(key + ": a nested object (expected: a string, number, boolean or null)");
    }

    private static void add(Map<String, List<String>> fields, String key, String value) {
        fields.computeIfAbsent(key(key), k -> new ArrayList<>()).add(value);
    }

    private static String key(String key) {
        return key.endsWith("[]") ? key.substring(0, key.length() - 2) : key;
    }

    /** Percent-decodes one form component, refusing broken escapes and bytes that are not UTF-8. */
    public static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        var bytes = new byte[text.length()];
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes[length++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new WireException("body: broken percent-escape near '" + shorten(text.substring(i))
                            + "' (expected: %XX with two hex digits)");
                }
                bytes[length++] = (byte) ((Character.digit(text.charAt(i + 1), 16) << 4) | Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                // Raw non-ASCII text from a client that did not escape it: keep it as UTF-8.
                int codePoint = text.codePointAt(i);
                var encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                if (length + encoded.length > bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2 + encoded.length);
                }
                System.arraycopy(encoded, 0, bytes, length, encoded.length);
                length += encoded.length;
                i += Character.charCount(codePoint) - 1;
            }
        }
        return utf8(java.util.Arrays.copyOf(bytes, length));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WireException("body: not valid UTF-8 (expected: UTF-8 text)");
        }
    }

    private static String shorten(String text) {
        return text.length() <= 12 ? text : text.substring(0, 12);
    }
}
