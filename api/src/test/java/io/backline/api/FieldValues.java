package io.backline.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.backline.model.ConfigException;
import io.backline.model.Field;
import io.backline.model.InputValue;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Values for a field derived from its kind, range, length and pattern alone, so that a new field is
 * covered without new test code: the classes of wrong value it must refuse, and text it takes
 * ({@link SchemaBadInputTest}, the fuzzer's bodies).
 */
final class FieldValues {
    /** Text that some patterned field takes: names, hosts, methods, versions, statements, paths. */
    private static final List<String> SAMPLES = List.of("a", "b", "origin", "cond", "hc", "a.example.com", "b.example.com",
            "127.0.0.1", "10.0.0.1", "::1", "/a", "/b", "/", "GET", "HEAD", "1.1", "2", "1.2", "1.3", "REQUEST", "CACHE", "RESPONSE",
            "vcl", "wasm", "ECDHE+AESGCM", "AES", "req.url ~ \"^/a\"", "req.http.host == \"a\"", "X-A: 1", "e1", "e2", "abc123",
            "caf\u00e9", "a b", "a/b", "*.example.com", "classic", "loggly", "none", "waf_debug", "POST", "PUT", "eu", "us", "zstd", "gzip",
            "0", "1", "application/json", "text/plain", "127.0.0.1:8000", "[::1]:8000");
    private static final Map<Field<?>, List<String>> ACCEPTED = new ConcurrentHashMap<>();

    private FieldValues() {}

    /** The samples this field takes, in {@link #SAMPLES} order; empty when it takes none of them. */
    static List<String> accepted(Field<?> field) {
        return ACCEPTED.computeIfAbsent(field, f -> SAMPLES.stream().filter(sample -> takes(f, sample)).toList());
    }

    private static boolean takes(Field<?> field, String sample) {
        try {
            field.parse(List.of(InputValue.text(sample)));
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    /** A bad value as a JSON literal and as a form value (already encoded); either may be absent. */
    record Bad(String label, @Nullable String json, @Nullable String form) {
        static Bad json(String label, String json) {
            return new Bad(label, json, null);
        }

        static Bad both(String label, String text) {
            return new Bad(label, quote(text), encode(text));
        }
    }

    /** The classes of wrong value for a field of this kind, from its type, range, length and pattern. */
    static List<Bad> bad(Field<?> field) {
        var bad = new ArrayList<Bad>();
        // No field takes an object.
        bad.add(Bad.json("an empty object", "{}"));
        bad.add(Bad.json("an object", "{\"v\":" + (field.kind() == Field.Kind.BOOLEAN ? "true" : "1") + "}"));
        switch (field.kind()) {
            case TEXT -> {
                bad.add(Bad.json("an integer", "5"));
                bad.add(Bad.json("a float", "1.5"));
                bad.add(Bad.json("a boolean", "true"));
                bad.add(Bad.json("an empty array", "[]"));
                bad.add(Bad.json("an array of a string", "[\"a\"]"));
                bad.add(Bad.both("one character too long", "x".repeat(field.maxLength() + 1)));
                bad.add(Bad.both("a NUL character", "a\u0000b"));
                bad.add(Bad.json("half a surrogate pair", "\"a\\ud800\""));
                if (field.pattern().isPresent()) {
                    bad.add(Bad.both("a C0 control character", "a\u0001b"));
                    bad.add(Bad.both("a DEL character", "a\u007fb"));
                }
            }
            case INTEGER -> {
                var below = BigInteger.valueOf(field.min()).subtract(BigInteger.ONE).toString();
                var above = BigInteger.valueOf(field.max()).add(BigInteger.ONE).toString();
                bad.add(Bad.json("a boolean", "true"));
                bad.add(Bad.json("false", "false"));
                bad.add(Bad.json("an array of an integer", "[" + field.min() + "]"));
                bad.add(Bad.json("an empty array", "[]"));
                bad.add(Bad.json("a float with a zero fraction", field.min() + ".0"));
                bad.add(Bad.json("an exponent", "8e1"));
                bad.add(Bad.json("a float beyond double", "1e400"));
                bad.add(Bad.json("a string holding a float", "\"" + field.min() + ".0\""));
                bad.add(new Bad("below the range", below, below));
                bad.add(new Bad("above the range", above, above));
                bad.add(new Bad("30 digits", "123456789012345678901234567890", "123456789012345678901234567890"));
                bad.add(new Bad("minus 30 digits", "-123456789012345678901234567890", "-123456789012345678901234567890"));
                bad.add(Bad.both("text", "abc"));
                bad.add(Bad.both("a float as text", "1.0"));
                bad.add(Bad.both("hex", "0x10"));
            }
            case BOOLEAN -> {
                bad.add(Bad.json("the integer 2", "2"));
                bad.add(Bad.json("the integer -1", "-1"));
                bad.add(Bad.json("a float", "1.0"));
                bad.add(Bad.json("an array of a boolean", "[true]"));
                bad.add(Bad.json("null in an array", "[null]"));
                bad.add(Bad.both("yes", "yes"));
                bad.add(Bad.both("on", "on"));
                bad.add(Bad.both("the text 2", "2"));
            }
            case TEXT_LIST -> {
                bad.add(Bad.json("an integer", "5"));
                bad.add(Bad.json("a boolean", "true"));
                bad.add(Bad.json("an array of an integer", "[1]"));
                bad.add(Bad.json("an array of null", "[null]"));
                bad.add(Bad.json("a nested array", "[[\"A: 1\"]]"));
                bad.add(Bad.json("an array of an object", "[{\"A\":\"1\"}]"));
                bad.add(Bad.json("a line with a NUL", "[\"A: 1\\u0000\"]"));
                bad.add(Bad.both("a line that is not a header", "not a header line"));
                bad.add(Bad.both("a line with a control character", "A: 1\u0001"));
            }
        }
        return bad;
    }

    static String quote(String text) {
        try {
            return ApiHarness.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
