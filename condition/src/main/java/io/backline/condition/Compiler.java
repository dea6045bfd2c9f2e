package io.backline.condition;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns a tree into closures once, so evaluation is a few virtual calls with no parsing and no
 * allocation beyond what the URL parts need. Unset values follow Varnish: a regex sees {@code ""},
 * {@code ==} with an unset side is false and {@code !=} is true.
 */
final class Compiler {
    interface Bool {
        boolean test(RequestView r);
    }

    interface Text {
        @Nullable String eval(RequestView r);
    }

    interface Number {
        double eval(RequestView r);
    }

    private Compiler() {}

    static Bool bool(Node node) {
        return switch (node) {
            case Node.Or or -> {
                var l = bool(or.left());
                var r = bool(or.right());
                yield req -> l.test(req) || r.test(req);
            }
            case Node.And and -> {
                var l = bool(and.left());
                var r = bool(and.right());
                yield req -> l.test(req) && r.test(req);
            }
            case Node.Not not -> {
                var inner = bool(not.operand());
                yield req -> !inner.test(req);
            }
            case Node.BoolLiteral literal -> {
                boolean value = literal.value();
                yield req -> value;
            }
            case Node.IsSet isSet -> {
                var text = text(isSet.operand());
                yield req -> text.eval(req) != null;
            }
            case Node.RegexMatch match -> {
                var subject = text(match.subject());
                var pattern = match.pattern();
                boolean negated = match.negated();
                yield req -> {
                    var value = subject.eval(req);
                    return pattern.matcher(value == null ? "" : value).find() != negated;
                };
            }
            case Node.Compare compare -> compare(compare);
            case Node.Variable variable -> boolVariable(variable.name());
            case Node.Call call -> boolCall(call);
            default -> throw new IllegalStateException("not a boolean node: " + node);
        };
    }

    private static Bool compare(Node.Compare compare) {
        var type = compare.left().type();
        if (type == ValueType.NUMBER) {
            var l = number(compare.left());
            var r = number(compare.right());
            return switch (compare.op()) {
                case EQ -> req -> l.eval(req) == r.eval(req);
                case NE -> req -> l.eval(req) != r.eval(req);
                case LT -> req -> l.eval(req) < r.eval(req);
                case GT -> req -> l.eval(req) > r.eval(req);
                case LE -> req -> l.eval(req) <= r.eval(req);
                case GE -> req -> l.eval(req) >= r.eval(req);
            };
        }
        if (type == ValueType.BOOL) {
            var l = bool(compare.left());
            var r = bool(compare.right());
            return compare.op() == Node.Op.EQ ? req -> l.test(req) == r.test(req) : req -> l.test(req) != r.test(req);
        }
        boolean ip = type == ValueType.IP || compare.right().type() == ValueType.IP;
        var l = text(compare.left());
        var r = text(compare.right());
        boolean equal = compare.op() == Node.Op.EQ;
        return req -> {
            var a = l.eval(req);
            var b = r.eval(req);
            if (a == null || b == null) {
                return !equal;
            }
            boolean same = ip ? IpLiterals.same(a, b) : a.equals(b);
            return same == equal;
        };
    }

    private static Bool boolVariable(String name) {
        return switch (name) {
            case "req.is_ssl" -> RequestView::isSsl;
            case "req.backend.healthy" -> RequestView::backendHealthy;
            case "req.backend.is_origin" -> req -> true;
            case "req.backend.is_shield" -> req -> false;
            default -> {
                if (name.startsWith("backend.") && name.endsWith(".healthy")) {
                    var backend = name.substring("backend.".length(), name.length() - ".healthy".length());
                    yield req -> req.backendHealthy(backend);
                }
                // Variables of other phases never hold at request time.
                yield req -> false;
            }
        };
    }

    private static Bool boolCall(Node.Call call) {
        return switch (call.function()) {
            case "std.prefixof" -> {
                var s = text(call.arguments().get(0));
                var p = text(call.arguments().get(1));
                yield req -> orEmpty(s.eval(req)).startsWith(orEmpty(p.eval(req)));
            }
            case "std.suffixof" -> {
                var s = text(call.arguments().get(0));
                var p = text(call.arguments().get(1));
                yield req -> orEmpty(s.eval(req)).endsWith(orEmpty(p.eval(req)));
            }
            case "randombool" -> {
                var n = number(call.arguments().get(0));
                var d = number(call.arguments().get(1));
                yield req -> req.randomBool(n.eval(req), d.eval(req));
            }
            default -> throw new IllegalStateException("unknown function " + call.function());
        };
    }

    static Text text(Node node) {
        return switch (node) {
            case Node.StringLiteral literal -> {
                var value = literal.value();
                yield req -> value;
            }
            case Node.Concat concat -> {
                var parts = concat.parts().stream().map(Compiler::text).toArray(Text[]::new);
                yield req -> {
                    var out = new StringBuilder();
                    for (var part : parts) {
                        out.append(orEmpty(part.eval(req)));
                    }
                    return out.toString();
                };
            }
            case Node.Variable variable -> textVariable(variable.name());
            default -> throw new IllegalStateException("not a text node: " + node);
        };
    }

    private static Text textVariable(String name) {
        return switch (name) {
            case "req.url" -> RequestView::url;
            case "req.url.path" -> RequestView::path;
            case "req.url.qs" -> RequestView::query;
            case "req.url.ext" -> req -> UrlParts.ext(req.path());
            case "req.url.basename" -> req -> UrlParts.basename(req.path());
            case "req.url.dirname" -> req -> UrlParts.dirname(req.path());
            case "req.method", "req.request" -> RequestView::method;
            case "req.proto" -> RequestView::proto;
            case "client.ip" -> RequestView::clientIp;
            default -> {
                if (name.startsWith("req.http.")) {
                    var header = name.substring("req.http.".length()).toLowerCase(Locale.ROOT);
                    int colon = header.indexOf(':');
                    if (colon > 0) {
                        var base = header.substring(0, colon);
                        var key = header.substring(colon + 1);
                        yield req -> subfield(req.header(base), key);
                    }
                    yield req -> req.header(header);
                }
                if (name.startsWith("resp.http.")) {
                    var header = name.substring("resp.http.".length()).toLowerCase(Locale.ROOT);
                    yield req -> req.responseHeader(header);
                }
                // beresp.http.* is unset at the edge (no cache); resp.http.* is null until a response exists.
                yield req -> null;
            }
        };
    }

    /** {@code req.http.Cookie:name}: the value of one {@code key=value} item of a header. */
    private static @Nullable String subfield(@Nullable String header, String key) {
        if (header == null) {
            return null;
        }
        for (var item : header.split("[;,]")) {
            var trimmed = item.strip();
            int equals = trimmed.indexOf('=');
            var name = equals < 0 ? trimmed : trimmed.substring(0, equals);
            if (name.equalsIgnoreCase(key)) {
                return equals < 0 ? "" : trimmed.substring(equals + 1);
            }
        }
        return null;
    }

    static Number number(Node node) {
        return switch (node) {
            case Node.NumberLiteral literal -> {
                double value = literal.value();
                yield req -> value;
            }
            case Node.Variable variable when variable.name().equals("req.restarts") -> req -> req.restarts();
            case Node.Variable variable when variable.name().equals("resp.status") -> RequestView::responseStatus;
            // beresp.status: the edge has no cache phase, so no backend response is seen apart from resp.
            case Node.Variable variable -> req -> 0;
            default -> throw new IllegalStateException("not a number node: " + node);
        };
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }
}
