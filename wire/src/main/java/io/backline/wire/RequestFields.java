package io.backline.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.backline.model.Input;
import io.backline.model.InputValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import org.jspecify.annotations.Nullable;

/**
 * Reads a create or update body into an {@link Input}: every key with every value it carried, each
 * with its JSON type, so that the object's {@link io.backline.model.Schema} can refuse a value of
 * the wrong type. Form bodies are what every Fastly client sends; JSON bodies with the same names
 * are accepted for hand-written clients. {@code name[]} keys count as {@code name} (Fastly's
 * array style).
 *
 * <p>Only the document is judged here: UTF-8 throughout, percent-escapes whole, exactly one JSON
 * object and nothing after it, within the {@link #LIMITS}. Every refusal is a {@link WireException}
 * whose detail starts with {@code body:} and says where.
 */
public final class RequestFields {
    /**
     * What a request body may hold. No field takes anything deeper than an array of strings inside
     * the object, and no number longer than 20 digits is in range for any field, so these only
     * bound the work a hostile body causes; the body itself is at most 1 MiB.
     */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(32)
            .maxNumberLength(100)
            .maxNameLength(1_024)
            .build();

    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    private static final String EXPECTED_JSON = " (expected: one JSON object of field names and values)";

    private RequestFields() {}

    /** Parses a body by its content type; an empty body is no fields. */
    public static Input parse(String contentType, byte[] body) {
        if (body.length == 0) {
            return Input.empty();
        }
        if (isJson(contentType)) {
            return json(body);
        }
        // Fastly clients always send forms; treat a missing or odd content type the same way.
        var input = Input.builder();
        form(body, "body").forEach((key, values) -> values.forEach(value -> input.add(key, InputValue.text(value))));
        return input.build();
    }

    /** {@code application/json}, {@code text/json} or any {@code +json} type (RFC 6839), with any parameters. */
    static boolean isJson(String contentType) {
        var media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.equals("text/json") || media.endsWith("+json");
    }

    /** Parses {@code application/x-www-form-urlencoded} text ({@code +} and {@code %20} are spaces). */
    public static Map<String, List<String>> form(String text) {
        return form(text.getBytes(StandardCharsets.UTF_8), "body");
    }

    /**
     * Parses form bytes: split on {@code &} and {@code =} first (bytes that UTF-8 never uses inside
     * a character), then percent-decode each part and read it as strict UTF-8.
     *
     * @param part how messages name what is read: {@code body} or {@code query}
     */
    public static Map<String, List<String>> form(byte[] bytes, String part) {
        var fields = new LinkedHashMap<String, List<String>>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] != '&') {
                continue;
            }
            if (i > start) {
                int equals = indexOf(bytes, (byte) '=', start, i);
                var key = decode(bytes, start, equals < 0 ? i : equals, part, null);
                var value = equals < 0 ? "" : decode(bytes, equals + 1, i, part, key);
                fields.computeIfAbsent(key(key), k -> new ArrayList<>(1)).add(value);
            }
            start = i + 1;
        }
        return fields;
    }

    private static String key(String key) {
        return key.endsWith("[]") ? key.substring(0, key.length() - 2) : key;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Percent-decodes one form component, refusing broken escapes and bytes that are not UTF-8. */
    public static String decode(String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length, "body", null);
    }

    private static String decode(byte[] bytes, int from, int to, String part, @Nullable String key) {
        var where = key == null ? "" : " in the value of " + key;
        var out = new byte[to - from];
        int length = 0;
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            ascii &= b >= 0;
            if (b == '+') {
                out[length++] = ' ';
            } else if (b == '%') {
                int high = i + 2 < to ? Character.digit(bytes[i + 1], 16) : -1;
                int low = high >= 0 ? Character.digit(bytes[i + 2], 16) : -1;
                if (low < 0) {
                    var near = new String(bytes, i, Math.min(12, to - i), StandardCharsets.UTF_8);
                    throw new WireException(part + ": broken percent-escape near '" + near + "'" + where
                            + " (expected: %XX with two hex digits)");
                }
                out[length++] = (byte) ((high << 4) | low);
                ascii &= high < 8;
                i += 2;
            } else {
                out[length++] = b;
            }
        }
        int bad = ascii ? -1 : invalidUtf8(out, length);
        if (bad >= 0) {
            throw new WireException(part + ": not valid UTF-8" + (key == null ? " in a key" : where) + " at byte " + bad
                    + " of the decoded text (expected: UTF-8 text, percent-escaped or not)");
        }
        return new String(out, 0, length, ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
    }

    /** The offset of the first byte that is not well-formed UTF-8, or -1. */
    private static int invalidUtf8(byte[] bytes, int length) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes, 0, length);
        var result = decoder.decode(in, CharBuffer.allocate(length), true);
        return result.isError() ? in.position() : -1;
    }

    // ---- JSON -----------------------------------------------------------------------------------

    private static Input json(byte[] body) {
        int bad = invalidUtf8(body, body.length);
        if (bad >= 0) {
            var member = memberAt(new String(body, 0, bad, StandardCharsets.UTF_8));
            throw new WireException("body: not valid UTF-8 at byte " + bad + (member == null ? "" : ", in the value of " + member)
                    + " (expected: UTF-8 text)");
        }
        var text = new String(body, StandardCharsets.UTF_8);
        // A UTF-8 byte order mark is allowed before JSON text (RFC 8259 §8.1).
        try (var parser = JSON.createParser(text.startsWith("\uFEFF") ? text.substring(1) : text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new WireException("body: not a JSON object" + EXPECTED_JSON);
            }
            var input = Input.builder();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                var key = parser.currentName();
                parser.nextToken();
                input.add(key(key), value(parser));
            }
            if (parser.nextToken() != null) {
                throw new WireException("body: more content after the JSON object" + at(parser.currentTokenLocation()) + EXPECTED_JSON);
            }
            return input.build();
        } catch (JsonProcessingException e) {
            // Syntax errors and broken limits (depth, number length, name length) alike.
            throw new WireException("body: invalid JSON" + at(e.getLocation()) + ": " + reason(e) + EXPECTED_JSON);
        } catch (IOException e) {
            throw new WireException("body: unreadable JSON (" + e.getClass().getSimpleName() + ")" + EXPECTED_JSON);
        }
    }

    private static InputValue value(JsonParser parser) throws IOException {
        var token = parser.currentToken();
        return switch (token) {
            case VALUE_STRING -> new InputValue.Text(parser.getText());
            case VALUE_NUMBER_INT -> new InputValue.WholeNumber(parser.getText());
            case VALUE_NUMBER_FLOAT -> new InputValue.DecimalNumber(parser.getText());
            case VALUE_TRUE -> new InputValue.Bool(true);
            case VALUE_FALSE -> new InputValue.Bool(false);
            case VALUE_NULL -> new InputValue.Null();
            case START_ARRAY -> {
                var items = new ArrayList<InputValue>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser));
                }
                yield new InputValue.Array(items);
            }
            case START_OBJECT -> {
                var members = new ArrayList<Entry<String, InputValue>>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    var name = parser.currentName();
                    parser.nextToken();
                    members.add(new AbstractMap.SimpleImmutableEntry<>(name, value(parser)));
                }
                yield new InputValue.ObjectValue(members);
            }
            default -> throw new IllegalStateException("a JSON parser gave " + token + " where a value starts");
        };
    }

    /**
     * The top-level member whose string value the end of {@code prefix} falls in, or null when it
     * falls in a key or between values: read the prefix token by token until it runs out.
     */
    private static @Nullable String memberAt(String prefix) {
        try (var parser = JSON.createParser(prefix)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.VALUE_STRING) {
                    try {
                        parser.getText();
                    } catch (IOException e) {
                        return member(parser.getParsingContext());
                    }
                }
            }
        } catch (IOException e) {
            // The prefix ends in a key or between values: no member to name.
        }
        return null;
    }

    private static @Nullable String member(JsonStreamContext context) {
        var current = context;
        while (current.getParent() != null && !current.getParent().inRoot()) {
            current = current.getParent();
        }
        return current.inObject() ? current.getCurrentName() : null;
    }

    private static String at(com.fasterxml.jackson.core.@Nullable JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's own words for what is wrong, on one line and short. */
    private static String reason(JsonProcessingException e) {
        // Limits name the Jackson setting behind them (", from `StreamReadConstraints…`"): not the client's business.
        var text = String.valueOf(e.getOriginalMessage()).replaceAll(", from `[^`]*`", "").replaceAll("\\s+", " ").strip();
        return text.length() <= 160 ? text : text.substring(0, 160) + "…";
    }
}
