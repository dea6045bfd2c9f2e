package io.backline.condition.logformat;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled Fastly log format: immutable, shared across threads, rendered once per request.
 * Compiling checks every directive and variable, so a format the API stored renders without
 * errors; rendering appends parts to a caller's buffer and allocates little.
 *
 * <pre>{@code
 * var format = LogFormat.compile("%h %l %u %t \"%r\" %>s %b", 2);
 * var line = new StringBuilder(256);
 * format.appendTo(record, line);   // record: the edge's LogRecord of a finished request
 * }</pre>
 */
public final class LogFormat {
    /** Fastly's default format for syslog and HTTPS endpoints: Apache's common log format. */
    public static final String DEFAULT = "%h %l %u %t \"%r\" %>s %b";

    private final String source;
    private final int version;
    private final Part[] parts;

    private LogFormat(String source, int version, List<Part> parts) {
        this.source = source;
        this.version = version;
        this.parts = parts.toArray(Part[]::new);
    }

    /**
     * Compiles a format.
     *
     * @param formatVersion 2 (Apache directives and {@code %{expression}V}) or 1 (Apache
     *     directives only)
     * @throws LogFormatException with the position of the first directive it refuses
     */
    public static LogFormat compile(String format, int formatVersion) {
        if (formatVersion != 1 && formatVersion != 2) {
            throw new IllegalArgumentException("formatVersion: " + formatVersion + " (expected: 1 or 2)");
        }
        return new LogFormat(format, formatVersion, parse(format, formatVersion));
    }

    /** The text the format was compiled from. */
    public String source() {
        return source;
    }

    /** The format_version it was compiled for: 1 or 2. */
    public int version() {
        return version;
    }

    /** Appends the record's line (without a line break) to {@code out}. */
    public void appendTo(LogRecord record, StringBuilder out) {
        for (var part : parts) {
            part.append(record, out);
        }
    }

    /** The record's line, for callers that do not keep a buffer. */
    public String render(LogRecord record) {
        var out = new StringBuilder(source.length() + 64);
        appendTo(record, out);
        return out.toString();
    }

    @Override
    public String toString() {
        return "LogFormat[v" + version + " " + source + "]";
    }

    private static List<Part> parse(String format, int version) {
        var parts = new ArrayList<Part>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            int at = i++;
            if (i == format.length()) {
                throw new LogFormatException(at, "lone % at the end", "a directive letter after %, or %% for a percent sign");
            }
            if (format.charAt(i) == '%') {
                literal.append('%');
                i++;
                continue;
            }
            // Apache's < and > pick the original or the final request; Backline has one of each.
            while (i < format.length() && (format.charAt(i) == '<' || format.charAt(i) == '>')) {
                i++;
            }
            if (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '!')) {
                throw new LogFormatException(at, "status-conditional directive", "a directive without a status list such as 400,501 or !200"
                        + " (Backline logs every request the endpoint's response_condition lets through)");
            }
            String argument = null;
            int[] offsets = new int[0];
            if (i < format.length() && format.charAt(i) == '{') {
                var brace = brace(format, i, at);
                argument = brace.text();
                offsets = brace.offsets();
                i = brace.next();
            }
            if (i == format.length()) {
                throw new LogFormatException(at, "directive without a letter at the end", "a directive letter such as h, r or V");
            }
            char letter = format.charAt(i++);
            if (!literal.isEmpty()) {
                parts.add(new Part.Literal(literal.toString()));
                literal.setLength(0);
            }
            if (letter == 'V' && argument != null) {
                if (version == 1) {
                    throw new LogFormatException(at, "%{...}V in format_version 1", "format_version 2 for VCL expressions, or Apache"
                            + " directives only");
                }
                parts.add(new Part.Vcl(VclExpressions.compile(argument, offsets)));
            } else {
                parts.add(Directives.part(letter, argument, at, offsets));
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Part.Literal(literal.toString()));
        }
        return parts;
    }

    /** The text of a {@code {...}} argument, {@code \{} and {@code \}} unescaped, with each character's offset. */
    private record Brace(String text, int[] offsets, int next) {}

    private static Brace brace(String format, int open, int at) {
        var text = new StringBuilder();
        var offsets = new int[format.length() - open + 1];
        int n = 0;
        int i = open + 1;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c == '\\' && i + 1 < format.length() && (format.charAt(i + 1) == '{' || format.charAt(i + 1) == '}')) {
                offsets[n++] = i;
                text.append(format.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '}') {
                offsets[n] = i;
                return new Brace(text.toString(), java.util.Arrays.copyOf(offsets, n + 1), i + 1);
            }
            offsets[n++] = i;
            text.append(c);
            i++;
        }
        throw new LogFormatException(at, "unclosed %{", "a } closing the argument (write \\} for a } inside it)");
    }
}
