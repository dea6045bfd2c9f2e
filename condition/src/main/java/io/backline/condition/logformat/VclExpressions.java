package io.backline.condition.logformat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The VCL expressions of {@code %{expression}V}: the variables a Backline edge knows at log time,
 * string literals, and the functions log formats use ({@code json.escape}, {@code strftime},
 * {@code if}, {@code std.tolower}, {@code std.toupper}). One expression per directive; Fastly's
 * full VCL (concatenation, arithmetic, geo and TLS variables) is refused with the position.
 */
final class VclExpressions {
    static final String VARIABLES = "req.url, req.url.path, req.url.qs, req.method, req.request, req.proto, req.http.<name>,"
            + " resp.status, resp.http.<name>, resp.body_bytes_written, client.ip, client.port, server.ip, server.port,"
            + " server.hostname, server.identity, req.service_id, req.vcl.version, req.backend, beresp.backend.name,"
            + " fastly_info.state, time.start, time.end, now, time.start.sec|msec|usec, time.end.sec|msec|usec,"
            + " time.elapsed, time.elapsed.sec|msec|usec";
    static final String FUNCTIONS = "json.escape(s), std.tolower(s), std.toupper(s), strftime({\"format\"}, time),"
            + " if(condition, a, b)";
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9_\\-]+");

    /** What a variable is: text, or a TIME that strftime takes. */
    private record Variable(Expr value, @Nullable ToLongFunction<LogRecord> time) {}

    private static final Map<String, Variable> VARIABLES_BY_NAME = variables();

    private final String text;
    private final int[] offsets;
    private int pos;

    private VclExpressions(String text, int[] offsets) {
        this.text = text;
        this.offsets = offsets;
    }

    /**
     * Compiles one expression.
     *
     * @param offsets the position in the whole format of each character of {@code text}, and one
     *     more for its end
     */
    static Expr compile(String text, int[] offsets) {
        var parser = new VclExpressions(text, offsets);
        parser.skipSpace();
        if (parser.pos == text.length()) {
            throw parser.error("empty %{}V", "a VCL expression such as %{req.url}V");
        }
        var expr = parser.expression();
        parser.skipSpace();
        if (parser.pos < text.length()) {
            throw parser.error("unexpected '" + Directives.printable(text.charAt(parser.pos)) + "' after the expression",
                    "one expression per %{...}V (Backline does not concatenate; write two directives)");
        }
        return expr.value();
    }

    private Variable expression() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("end of expression", "a variable, a string or a function call");
        }
        char c = text.charAt(pos);
        if (c == '"') {
            return literal(shortString());
        }
        if (c == '{' && pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
            return literal(longString());
        }
        int start = pos;
        var name = identifier();
        if (name.isEmpty()) {
            throw error("unexpected '" + Directives.printable(c) + "'", "a variable, a string or a function call");
        }
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '(') {
            return call(name, start);
        }
        var variable = variable(name);
        if (variable == null) {
            throw new LogFormatException(offsets[start], "unknown variable " + name,
                    "a variable Backline knows: " + VARIABLES + " (docs/logging.md)");
        }
        return variable;
    }

    private Variable call(String name, int start) {
        pos++; // (
        var args = new ArrayList<Variable>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ')') {
            pos++;
        } else {
            while (true) {
                args.add(expression());
                skipSpace();
                if (pos >= text.length()) {
                    throw error("end of expression inside " + name + "(", "')' or ','");
                }
                char c = text.charAt(pos++);
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw error("unexpected '" + Directives.printable(c) + "' in the arguments of " + name, "')' or ','");
                }
            }
        }
        return switch (name) {
            case "json.escape" -> text(arity(name, args, 1, start), (r, out) -> {
                int mark = out.length();
                if (args.get(0).value().append(r, out)) {
                    Escapes.json(out, mark);
                }
                return true;
            });
            case "std.tolower", "std.toupper" -> {
                boolean lower = name.equals("std.tolower");
                yield text(arity(name, args, 1, start), (r, out) -> {
                    int mark = out.length();
                    if (!args.get(0).value().append(r, out)) {
                        return false;
                    }
                    var changed = lower ? out.substring(mark).toLowerCase(Locale.ROOT) : out.substring(mark).toUpperCase(Locale.ROOT);
                    out.setLength(mark);
                    out.append(changed);
                    return true;
                });
            }
            case "strftime" -> strftime(arity(name, args, 2, start), start);
            case "if" -> {
                arity(name, args, 3, start);
                var condition = args.get(0).value();
                var then = args.get(1).value();
                var otherwise = args.get(2).value();
                yield text(args, (r, out) -> condition.truthy(r, out) ? then.append(r, out) : otherwise.append(r, out));
            }
            default -> throw new LogFormatException(offsets[start], "unknown function " + name + "()",
                    "one of " + FUNCTIONS + " (docs/logging.md)");
        };
    }

    private Variable strftime(List<Variable> args, int start) {
        if (!(args.get(0).value() instanceof Constant format)) {
            throw new LogFormatException(offsets[start], "strftime() takes its format as a string literal",
                    "strftime({\"%Y-%m-%dT%H:%M:%S%z\"}, time.start)");
        }
        var time = args.get(1).time();
        if (time == null) {
            throw new LogFormatException(offsets[start], "strftime() takes a time as its second argument",
                    "time.start, time.end or now");
        }
        var noOffsets = new int[format.text().length() + 1];
        java.util.Arrays.fill(noOffsets, offsets[start]);
        var pattern = Times.strftime(format.text(), noOffsets);
        return new Variable((r, out) -> {
            long micros = time.applyAsLong(r);
            pattern.append(Times.utc(micros), micros, out);
            return true;
        }, null);
    }

    private List<Variable> arity(String name, List<Variable> args, int count, int start) {
        if (args.size() != count) {
            throw new LogFormatException(offsets[start], name + "() with " + args.size() + " argument" + (args.size() == 1 ? "" : "s"),
                    name + "() takes " + count);
        }
        return args;
    }

    private static Variable text(List<Variable> ignored, Expr value) {
        return new Variable(value, null);
    }

    /** A string literal, kept whole so that strftime can read its format. */
    record Constant(String text) implements Expr {
        @Override
        public boolean append(LogRecord record, StringBuilder out) {
            out.append(text);
            return true;
        }
    }

    private static Variable literal(String text) {
        return new Variable(new Constant(text), null);
    }

    /** A VCL short string: {@code "..."} with {@code %xx} escapes. */
    private String shortString() {
        int start = pos++;
        var out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '%' && pos + 1 < text.length() && isHex(text.charAt(pos)) && isHex(text.charAt(pos + 1))) {
                out.append((char) Integer.parseInt(text.substring(pos, pos + 2), 16));
                pos += 2;
            } else {
                out.append(c);
            }
        }
        throw new LogFormatException(offsets[start], "unclosed string", "a closing \"");
    }

    /** A VCL long string: {@code {"..."}}, taken as written. */
    private String longString() {
        int start = pos;
        int end = text.indexOf("\"}", pos + 2);
        if (end < 0) {
            throw new LogFormatException(offsets[start], "unclosed long string", "a closing \"} (written \"\\} inside %{...}V)");
        }
        pos = end + 2;
        return text.substring(start + 2, end);
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == ':') {
                pos++;
            } else {
                break;
            }
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private LogFormatException error(String problem, String expected) {
        return new LogFormatException(offsets[Math.min(pos, offsets.length - 1)], problem, expected);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static @Nullable Variable variable(String name) {
        var known = VARIABLES_BY_NAME.get(name);
        if (known != null) {
            return known;
        }
        var lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("req.http.") && HEADER.matcher(name.substring(9)).matches()) {
            var header = name.substring(9);
            return new Variable(Expr.nullable(r -> r.requestHeader(header)), null);
        }
        if (lower.startsWith("resp.http.") && HEADER.matcher(name.substring(10)).matches()) {
            var header = name.substring(10);
            return new Variable(Expr.nullable(r -> r.responseHeader(header)), null);
        }
        return null;
    }

    private static Variable string(java.util.function.BiConsumer<LogRecord, StringBuilder> appender) {
        return new Variable(Expr.text(appender), null);
    }

    private static Variable time(ToLongFunction<LogRecord> micros) {
        return new Variable(Expr.text((r, out) -> Times.httpDate(micros.applyAsLong(r), out)), micros);
    }

    private static Map<String, Variable> variables() {
        ToLongFunction<LogRecord> start = LogRecord::startMicros;
        ToLongFunction<LogRecord> end = r -> r.startMicros() + r.elapsedMicros();
        return Map.ofEntries(
                Map.entry("req.url", string((r, out) -> out.append(r.url()))),
                Map.entry("req.url.path", string((r, out) -> {
                    var url = r.url();
                    int q = url.indexOf('?');
                    out.append(url, 0, q < 0 ? url.length() : q);
                })),
                Map.entry("req.url.qs", string((r, out) -> {
                    var url = r.url();
                    int q = url.indexOf('?');
                    if (q >= 0) {
                        out.append(url, q + 1, url.length());
                    }
                })),
                Map.entry("req.method", string((r, out) -> out.append(r.method()))),
                Map.entry("req.request", string((r, out) -> out.append(r.method()))),
                Map.entry("req.proto", string((r, out) -> out.append(r.protocol()))),
                Map.entry("resp.status", string((r, out) -> out.append(r.status()))),
                Map.entry("resp.body_bytes_written", string((r, out) -> out.append(r.bodyBytes()))),
                Map.entry("client.ip", string((r, out) -> out.append(r.clientIp()))),
                Map.entry("client.port", string((r, out) -> out.append(r.clientPort()))),
                Map.entry("server.ip", string((r, out) -> out.append(r.serverIp()))),
                Map.entry("server.port", string((r, out) -> out.append(r.serverPort()))),
                Map.entry("server.hostname", string((r, out) -> out.append(r.serverHostname()))),
                Map.entry("server.identity", string((r, out) -> out.append(r.serverIdentity()))),
                Map.entry("req.service_id", string((r, out) -> out.append(r.serviceId()))),
                Map.entry("req.vcl.version", string((r, out) -> out.append(r.serviceVersion()))),
                Map.entry("req.backend", new Variable(Expr.nullable(LogRecord::backendName), null)),
                Map.entry("beresp.backend.name", new Variable(Expr.nullable(LogRecord::backendName), null)),
                Map.entry("fastly_info.state", string((r, out) -> out.append(r.fastlyState()))),
                Map.entry("time.start", time(start)),
                Map.entry("time.end", time(end)),
                Map.entry("now", time(end)),
                Map.entry("time.start.sec", string((r, out) -> out.append(start.applyAsLong(r) / 1_000_000L))),
                Map.entry("time.start.msec", string((r, out) -> out.append(start.applyAsLong(r) / 1_000L))),
                Map.entry("time.start.usec", string((r, out) -> out.append(start.applyAsLong(r)))),
                Map.entry("time.end.sec", string((r, out) -> out.append(end.applyAsLong(r) / 1_000_000L))),
                Map.entry("time.end.msec", string((r, out) -> out.append(end.applyAsLong(r) / 1_000L))),
                Map.entry("time.end.usec", string((r, out) -> out.append(end.applyAsLong(r)))),
                // An RTIME in string context: seconds with three decimals, as VCL prints it.
                Map.entry("time.elapsed", string((r, out) -> {
                    long millis = r.elapsedMicros() / 1_000L;
                    out.append(millis / 1_000L).append('.');
                    long frac = millis % 1_000L;
                    out.append(frac < 100 ? (frac < 10 ? "00" : "0") : "").append(frac);
                })),
                Map.entry("time.elapsed.sec", string((r, out) -> out.append(r.elapsedMicros() / 1_000_000L))),
                Map.entry("time.elapsed.msec", string((r, out) -> out.append(r.elapsedMicros() / 1_000L))),
                Map.entry("time.elapsed.usec", string((r, out) -> out.append(r.elapsedMicros()))));
    }
}
