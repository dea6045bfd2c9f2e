package io.backline.api;

import io.backline.model.Field;
import io.backline.model.Schema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Random requests built from the server's own route table and the schemas its routes read bodies
 * with: valid ones, nearly valid ones (one field of a {@link FieldValues} class, a key sent twice)
 * and hostile ones (odd methods, paths with {@code %2F}, broken escapes, dot and very long
 * segments, random content types, JSON mutated from a valid body, deep nesting, garbage bytes).
 * One seed gives one sequence of requests.
 */
final class FuzzRequests {

    /** Exactly what the fuzzer sends; {@code origin} says how it was made. */
    record Request(String method, String target, Map<String, String> headers, byte[] body, String origin) {
        Request with(String newTarget, Map<String, String> newHeaders, byte[] newBody) {
            return new Request(method, newTarget, newHeaders, newBody, origin);
        }

        @Override
        public String toString() {
            var text = new String(body, StandardCharsets.UTF_8);
            var shownTarget = target.length() <= 200 ? target : target.substring(0, 200) + "…(" + target.length() + " characters)";
            return method + " " + shownTarget + " " + headers + " body(" + body.length + " bytes): "
                    + (text.length() > 300 ? text.substring(0, 300) + "…" : text) + "  [" + origin + "]";
        }
    }

    /** What the generated requests point at: the fixture's ids, names and tokens. */
    record Fixture(String sid, String otherSid, Map<String, String> names, Map<String, String> tokens) {}

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FOO", "get");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/json; charset=utf-16",
            "application/jsonx", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=latin1", "*/*",
            "application/vnd.api+json", "", "application/json;", "APPLICATION/JSON");
    private static final List<String> WORDS = List.of("a", "origin", "GET", "1.1", "REQUEST", "vcl", "X-A: 1", "caf\u00e9", "a/b");
    private static final List<String> QUERY_KEYS = List.of("page", "per_page", "sort", "direction", "name", "version", "format",
            "filter[versions.active]", "x");

    private final SplittableRandom random;
    private final List<Router.Route> routes;
    private Fixture fixture;

    FuzzRequests(long seed, List<Router.Route> routes, Fixture fixture) {
        this.random = new SplittableRandom(seed);
        this.routes = routes;
        this.fixture = fixture;
    }

    void fixture(Fixture newFixture) {
        this.fixture = newFixture;
    }

    Request next() {
        int shape = random.nextInt(100);
        var route = pick(routes);
        var origin = new StringJoiner(" ");
        var method = chance(85) ? route.method() : pick(METHODS);
        String path;
        if (shape < 80) {
            path = path(route);
            origin.add("route " + route.method() + " " + route.pattern());
        } else if (shape < 92) {
            path = mutate(path(route));
            origin.add("mutated " + route.pattern());
        } else {
            var segments = new StringJoiner("/", "/", "");
            for (int i = random.nextInt(7); i > 0; i--) {
                segments.add(junkSegment());
            }
            path = segments.toString();
            origin.add("random path");
        }
        var target = path + query();
        var headers = new LinkedHashMap<String, String>();
        var token = token();
        if (token != null) {
            headers.put("Fastly-Key", token);
        }
        if (chance(1)) {
            headers.put("X-Fuzz", "x".repeat(random.nextInt(100, 20_000)));
        }
        int kind = random.nextInt(100);
        boolean json = kind < 40;
        var contentType = json ? ApiHarness.JSON : kind < 85 ? ApiHarness.FORM : pick(CONTENT_TYPES);
        byte[] body = new byte[0];
        boolean hasBody = switch (method) {
            case "POST", "PUT", "PATCH" -> chance(95);
            default -> chance(10);
        };
        if (hasBody) {
            body = body(route.body(), json, origin);
            headers.put("Content-Type", contentType);
        }
        return new Request(method, target, headers, body, origin.toString());
    }

    // ---- paths --------------------------------------------------------------------------------

    private String path(Router.Route route) {
        var kind = route.body() == null ? lastLiteral(route) : route.body().kind();
        var out = new StringBuilder();
        for (var segment : route.segments()) {
            out.append('/').append(switch (segment) {
                case "{sid}" -> chance(75) ? fixture.sid() : chance(35) ? fixture.otherSid() : chance(30) ? "NoSuchService0000000000" : junkSegment();
                case "{v}", "{from}", "{to}" -> version();
                case "{name}" -> chance(60) ? ApiHarness.segment(fixture.names().getOrDefault(kind, "origin")) : junkSegment();
                default -> chance(3) ? segment.toUpperCase(java.util.Locale.ROOT) : segment;
            });
        }
        return out.toString();
    }

    private static String lastLiteral(Router.Route route) {
        var literal = "";
        for (var segment : route.segments()) {
            if (!segment.startsWith("{")) {
                literal = segment;
            }
        }
        return literal;
    }

    private String version() {
        int roll = random.nextInt(100);
        if (roll < 35) {
            return "1";
        }
        if (roll < 70) {
            return "2";
        }
        if (roll < 80) {
            return Integer.toString(random.nextInt(6));
        }
        return pick(List.of("0", "-1", "abc", "1.0", "99999999999", "%31", "+1", "1e3", "%201", "%D9%A3", "0001", "2147483648"));
    }

    private String junkSegment() {
        return switch (random.nextInt(16)) {
            case 0 -> "";
            case 1 -> "%2F";
            case 2 -> "a%2Fb";
            case 3 -> pick(List.of("..", ".", "%2E%2E", "%2e"));
            case 4 -> pick(List.of("%00", "%FF", "%C3%28", "%ED%A0%80", "%F4%90%80%80"));
            case 5 -> pick(List.of("%", "%zz", "%%", "%4", "a%"));
            case 6 -> "x".repeat(1 + random.nextInt(random.nextInt(100) < 3 ? 12_000 : 300));
            case 7 -> pick(List.of("caf%C3%A9", "%E2%82%AC", "%F0%9F%98%80", "\u00e9"));
            case 8 -> pick(List.of("+", "a+b", "%20", "a%20b", "%2B"));
            case 9 -> pick(List.of("<>", "{x}", "a|b", "a^b", "`", "\"", "a;b", "a,b", "@", "~", "!$&'()*"));
            case 10 -> percentBytes(1 + random.nextInt(12));
            default -> randomToken(1 + random.nextInt(24));
        };
    }

    private String percentBytes(int count) {
        var out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append('%').append(String.format("%02X", random.nextInt(256)));
        }
        return out.toString();
    }

    private String randomToken(int length) {
        var alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
        var out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private String mutate(String path) {
        var segments = new ArrayList<>(List.of(path.substring(1).split("/", -1)));
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            int at = random.nextInt(segments.size());
            switch (random.nextInt(6)) {
                case 0 -> segments.add(at, segments.get(at));
                case 1 -> {
                    if (segments.size() > 1) {
                        segments.remove(at);
                    }
                }
                case 2 -> segments.add("");
                case 3 -> segments.set(at, junkSegment());
                case 4 -> segments.add(at, "%2F");
                default -> segments.set(at, segments.get(at).toUpperCase(java.util.Locale.ROOT));
            }
        }
        return (chance(5) ? "//" : "/") + String.join("/", segments);
    }

    private String query() {
        if (chance(70)) {
            return "";
        }
        var pairs = new StringJoiner("&", "?", "");
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            var key = chance(80) ? FieldValues.encode(pick(QUERY_KEYS)) : junkSegment();
            var value = chance(50) ? Integer.toString(random.nextInt(-2, 2_000)) : chance(50) ? pick(WORDS) : junkSegment();
            pairs.add(key + "=" + (value.contains("%") ? value : FieldValues.encode(value)));
        }
        return pairs.toString();
    }

    private @Nullable String token() {
        int roll = random.nextInt(100);
        if (roll < 85) {
            return fixture.tokens().get("admin");
        }
        if (roll < 90) {
            return fixture.tokens().get("read");
        }
        if (roll < 94) {
            return fixture.tokens().get("restricted");
        }
        return roll < 97 ? "not-a-token" : null;
    }

    // ---- bodies -------------------------------------------------------------------------------

    private byte[] body(@Nullable Schema schema, boolean json, StringJoiner origin) {
        int roll = random.nextInt(100);
        if (schema == null || roll >= 65) {
            origin.add("hostile body");
            return hostile(schema, json);
        }
        var members = valid(schema, json);
        if (roll >= 30) {
            var field = pick(schema.fields());
            if (chance(80)) {
                var bad = pick(FieldValues.bad(field));
                var value = json ? bad.json() : bad.form();
                if (value != null) {
                    members.put(field.name(), value);
                    origin.add("bad " + field.name() + ": " + bad.label());
                }
            } else {
                origin.add("twice " + field.name());
                return encode(members, json, Map.entry(field.name(), sample(field, json)));
            }
        } else {
            origin.add("valid body");
        }
        return encode(members, json, null);
    }

    /** Some of the schema's fields (most of the required ones) with values the field takes, already encoded. */
    private Map<String, String> valid(Schema schema, boolean json) {
        var members = new LinkedHashMap<String, String>();
        for (var field : schema.fields()) {
            if (chance(field.required() || field.name().equals("address") ? 90 : 25)) {
                members.put(field.name(), sample(field, json));
            }
        }
        return members;
    }

    private String sample(Field<?> field, boolean json) {
        var text = switch (field.kind()) {
            case INTEGER -> {
                long value = switch (random.nextInt(4)) {
                    case 0 -> field.min();
                    case 1 -> Math.min(field.max(), field.min() + 1);
                    case 2 -> field.max();
                    default -> field.min() + random.nextLong(Math.min(field.max() - field.min() + 1, 1_000_000));
                };
                yield json && chance(80) ? Long.toString(value) : quoteOrEncode(Long.toString(value), json);
            }
            case BOOLEAN -> json ? pick(List.of("true", "false", "1", "0", "\"true\"", "\"0\"")) : pick(List.of("true", "false", "1", "0"));
            case TEXT_LIST -> json
                    ? pick(List.of("[]", "[\"X-A: 1\"]", "[\"X-A: 1\",\"X-B: 2\"]", "\"X-A: 1,X-B: 2\"", "null"))
                    : FieldValues.encode(pick(List.of("[\"X-A: 1\"]", "X-A: 1", "")));
            case TEXT -> {
                var accepted = FieldValues.accepted(field);
                yield quoteOrEncode(chance(70) && !accepted.isEmpty() ? pick(accepted) : randomText(), json);
            }
        };
        return json && chance(3) ? "null" : text;
    }

    private String randomText() {
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> randomToken(1 + random.nextInt(40));
            case 2 -> "n\u00e4me \ud83d\ude00 " + random.nextInt(1000);
            case 3 -> "x".repeat(random.nextInt(300));
            default -> "fuzz-" + random.nextInt(50);
        };
    }

    private static String quoteOrEncode(String text, boolean json) {
        return json ? FieldValues.quote(text) : FieldValues.encode(text);
    }

    private static byte[] encode(Map<String, String> members, boolean json, Map.@Nullable Entry<String, String> extra) {
        var parts = new ArrayList<String>();
        members.forEach((key, value) -> parts.add(json ? FieldValues.quote(key) + ":" + value : FieldValues.encode(key) + "=" + value));
        if (extra != null) {
            parts.add(json ? FieldValues.quote(extra.getKey()) + ":" + extra.getValue() : FieldValues.encode(extra.getKey()) + "=" + extra.getValue());
        }
        var text = json ? "{" + String.join(",", parts) + "}" : String.join("&", parts);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] hostile(@Nullable Schema schema, boolean json) {
        var valid = schema == null ? new byte[0] : encode(valid(schema, json), json, null);
        return switch (random.nextInt(12)) {
            case 0 -> randomJson(0).getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"name\":" + "[".repeat(random.nextInt(1, 3_000)) + "]").getBytes(StandardCharsets.UTF_8);
            case 2 -> truncate(valid);
            case 3 -> flip(valid);
            case 4 -> concat(valid, pick(List.of("{}", " x", "]", "\u0000", "{\"a\":1}", "\n{")).getBytes(StandardCharsets.UTF_8));
            case 5 -> randomBytes(random.nextInt(1, 200));
            case 6 -> concat(valid, new byte[] {'&', 'n', 'a', 'm', 'e', '=', (byte) 0xFF, (byte) 0xC0, (byte) 0x80});
            case 7 -> ("{\"port\":" + "9".repeat(random.nextInt(20, 3_000)) + ",\"weight\":1e" + random.nextInt(1, 100_000) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 8 -> ("{\"" + "k".repeat(random.nextInt(1, 70_000)) + "\":\"" + "v".repeat(random.nextInt(1, 70_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 9 -> pick(List.of("[]", "\"x\"", "42", "null", "true", "{}{}", "{\"a\":1,}", "{'a':1}", "\uFEFF{}", "", " "))
                    .getBytes(StandardCharsets.UTF_8);
            case 10 -> chance(5) ? "comment=".concat("x".repeat(1_100_000)).getBytes(StandardCharsets.UTF_8) : flip(valid);
            default -> pick(List.of("a=%zz", "name=%", "%FF=1", "name=a&name=b", "name[]=a&name[]=b", "=", "&&&", "name",
                    "headers=%5B%22A%3A+1%22", "port=1e3&use_ssl=yes")).getBytes(StandardCharsets.UTF_8);
        };
    }

    private String randomJson(int depth) {
        int kind = depth > 6 ? random.nextInt(6) : random.nextInt(8);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> Boolean.toString(random.nextBoolean());
            case 2 -> pick(List.of("0", "-1", "80", "80.0", "8e1", "-0", "1e400", "123456789012345678901234567890", "2147483648"));
            case 3, 4 -> FieldValues.quote(chance(50) ? pick(WORDS) : randomText());
            case 5 -> pick(List.of("\"\\ud800\"", "\"\\u0000\"", "\"\\u0001\"", "\"a\\nb\""));
            case 6 -> {
                var items = new StringJoiner(",", "[", "]");
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomJson(depth + 1));
                }
                yield items.toString();
            }
            default -> {
                var members = new StringJoiner(",", "{", "}");
                var keys = List.of("name", "address", "port", "use_ssl", "comment", "headers", "priority", "type", "statement",
                        "edge_id", "wait_seconds", "x", "name[]");
                for (int i = random.nextInt(5); i > 0; i--) {
                    members.add(FieldValues.quote(pick(keys)) + ":" + randomJson(depth + 1));
                }
                yield members.toString();
            }
        };
    }

    private byte[] truncate(byte[] bytes) {
        return bytes.length == 0 ? bytes : java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }

    private byte[] flip(byte[] bytes) {
        if (bytes.length == 0) {
            return randomBytes(8);
        }
        var copy = bytes.clone();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private byte[] randomBytes(int length) {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
