package io.backline.condition.logformat;

import org.jspecify.annotations.Nullable;

/**
 * Apache's mod_log_config directives as Fastly takes them (both format versions): each letter,
 * with its optional {@code {argument}}, becomes a {@link Part.Apache}. Directives whose value
 * Backline does not have (a file name, a process id, a keep-alive count) are refused by name
 * rather than rendered as a made-up value.
 */
final class Directives {
    static final String KNOWN = "%a %A %b %B %{name}C %D %h %H %{name}i %l %m %{name}o %p %q %r %s %>s %t %{format}t %T %u %U %v %V"
            + " %{expression}V (format_version 2), or %% for a percent sign";
    private static final String UNSUPPORTED = "eEfIkLnOPRSX";

    private Directives() {}

    /**
     * The part of one directive.
     *
     * @param argument the text between the braces, or null when there were none
     * @param at the offset of the directive's {@code %}, for errors
     * @param argumentOffsets the offset in the format of each character of {@code argument}
     */
    static Part part(char letter, @Nullable String argument, int at, int[] argumentOffsets) {
        return switch (letter) {
            case 'a', 'h' -> plain(letter, argument, at, Expr.text((r, out) -> out.append(r.clientIp())), "c");
            case 'A' -> plain(letter, argument, at, Expr.text((r, out) -> out.append(r.serverIp())), null);
            case 'b' -> plain(letter, argument, at, (r, out) -> {
                long bytes = r.bodyBytes();
                if (bytes == 0) {
                    return false;
                }
                out.append(bytes);
                return true;
            }, null);
            case 'B' -> plain(letter, argument, at, Expr.text((r, out) -> out.append(r.bodyBytes())), null);
            case 'C' -> new Part.Apache(cookie(required(letter, argument, at, "a cookie name")));
            case 'D' -> plain(letter, argument, at, Expr.text((r, out) -> out.append(r.elapsedMicros())), null);
            case 'H' -> plain(letter, argument, at, Expr.text((r, out) -> out.append(r.protocol())), null);
            case 'i' -> {
                var name = required(letter, argument, at, "a request header name");
                yield new Part.Apache(Expr.nullable(r -> r.requestHeader(name)));
            }
            case 'l', 'u' -> plain(letter, argument, at, (r, out) -> false, null);
            case 'm' -> plain(letter, argument, at, Expr.text((r, out) -> out.append(r.method())), null);
            case 'o' -> {
                var name = required(letter, argument, at, "a response header name");
                yield new Part.Apache(Expr.nullable(r -> r.responseHeader(name)));
            }
            case 'p' -> port(argument, at);
            case 'q' -> plain(letter, argument, at, Expr.text((r, out) -> {
                var url = r.url();
                int q = url.indexOf('?');
                if (q >= 0) {
                    out.append(url, q, url.length());
                }
            }), null);
            case 'r' -> plain(letter, argument, at,
                    Expr.text((r, out) -> out.append(r.method()).append(' ').append(r.url()).append(' ').append(r.protocol())), null);
            case 's' -> plain(letter, argument, at, Expr.text((r, out) -> out.append(r.status())), null);
            case 't' -> argument == null
                    ? new Part.Apache(Expr.text((r, out) -> Times.clf(r.startMicros(), out)))
                    : new Part.Apache(time(argument, argumentOffsets));
            case 'T' -> new Part.Apache(elapsed(argument, at));
            case 'U' -> plain(letter, argument, at, Expr.text((r, out) -> {
                var url = r.url();
                int q = url.indexOf('?');
                out.append(url, 0, q < 0 ? url.length() : q);
            }), null);
            case 'v', 'V' -> plain(letter, argument, at, (r, out) -> {
                var host = r.requestHeader("Host");
                if (host == null || host.isEmpty()) {
                    return false;
                }
                int colon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
                out.append(host, 0, colon > 0 ? colon : host.length());
                return true;
            }, null);
            default -> {
                if (UNSUPPORTED.indexOf(letter) >= 0) {
                    throw new LogFormatException(at, "directive %" + letter + " is not supported by Backline (it has no such value)",
                            "one of " + KNOWN);
                }
                throw new LogFormatException(at, "unknown directive %" + printable(letter), "one of " + KNOWN);
            }
        };
    }

    static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }

    private static Part plain(char letter, @Nullable String argument, int at, Expr value, @Nullable String allowed) {
        if (argument != null && !argument.equals(allowed)) {
            throw new LogFormatException(at, "%{" + argument + "}" + letter + " takes an argument %" + letter + " has none of",
                    allowed == null ? "%" + letter + " without {...}" : "%" + letter + " or %{" + allowed + "}" + letter);
        }
        return new Part.Apache(value);
    }

    private static String required(char letter, @Nullable String argument, int at, String what) {
        if (argument == null || argument.isBlank()) {
            throw new LogFormatException(at, "%" + letter + " without a name", "%{Name}" + letter + " with " + what);
        }
        return argument.strip();
    }

    private static Expr cookie(String name) {
        return (r, out) -> {
            var header = r.requestHeader("Cookie");
            if (header == null) {
                return false;
            }
            int from = 0;
            while (from < header.length()) {
                int end = header.indexOf(';', from);
                end = end < 0 ? header.length() : end;
                int eq = header.indexOf('=', from);
                if (eq > 0 && eq < end && header.substring(from, eq).strip().equals(name)) {
                    out.append(header, eq + 1, end);
                    return true;
                }
                from = end + 1;
            }
            return false;
        };
    }

    private static Part port(@Nullable String argument, int at) {
        if (argument == null || argument.equals("canonical") || argument.equals("local")) {
            return new Part.Apache(Expr.text((r, out) -> out.append(r.serverPort())));
        }
        if (argument.equals("remote")) {
            return new Part.Apache(Expr.text((r, out) -> out.append(r.clientPort())));
        }
        throw new LogFormatException(at, "%{" + argument + "}p names no port", "%p, %{canonical}p, %{local}p or %{remote}p");
    }

    private static Expr elapsed(@Nullable String unit, int at) {
        if (unit == null || unit.equals("s")) {
            return Expr.text((r, out) -> out.append(r.elapsedMicros() / 1_000_000L));
        }
        if (unit.equals("ms")) {
            return Expr.text((r, out) -> out.append(r.elapsedMicros() / 1_000L));
        }
        if (unit.equals("us")) {
            return Expr.text((r, out) -> out.append(r.elapsedMicros()));
        }
        throw new LogFormatException(at, "%{" + unit + "}T names no unit", "%T, %{s}T, %{ms}T or %{us}T");
    }

    /**
     * {@code %{format}t}: a strftime pattern, or one of Apache's {@code sec}, {@code msec},
     * {@code usec}, {@code msec_frac}, {@code usec_frac}; a {@code begin:} prefix is the request's
     * start (the default) and {@code end:} its end.
     */
    private static Expr time(String argument, int[] offsets) {
        boolean end = false;
        int skip = 0;
        if (argument.startsWith("begin:")) {
            skip = 6;
        } else if (argument.startsWith("end:")) {
            end = true;
            skip = 4;
        }
        var format = argument.substring(skip);
        var formatOffsets = java.util.Arrays.copyOfRange(offsets, skip, offsets.length);
        boolean atEnd = end;
        java.util.function.ToLongFunction<LogRecord> when = atEnd ? r -> r.startMicros() + r.elapsedMicros() : LogRecord::startMicros;
        return switch (format) {
            case "sec" -> Expr.text((r, out) -> out.append(when.applyAsLong(r) / 1_000_000L));
            case "msec" -> Expr.text((r, out) -> out.append(when.applyAsLong(r) / 1_000L));
            case "usec" -> Expr.text((r, out) -> out.append(when.applyAsLong(r)));
            case "msec_frac" -> Expr.text((r, out) -> padded(out, when.applyAsLong(r) / 1_000L % 1_000L, 3));
            case "usec_frac" -> Expr.text((r, out) -> padded(out, when.applyAsLong(r) % 1_000_000L, 6));
            default -> {
                var pattern = Times.strftime(format, formatOffsets);
                yield Expr.text((r, out) -> {
                    long micros = when.applyAsLong(r);
                    pattern.append(Times.utc(micros), micros, out);
                });
            }
        };
    }

    private static void padded(StringBuilder out, long value, int width) {
        var text = Long.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        out.append(text);
    }
}
