package io.backline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a list of {@code "Name: value"} lines in every encoding Fastly clients send (spec §2.1):
 * one form value holding a JSON array literal (go-fastly, Terraform), one CSV string (the npm
 * client), or repeated {@code headers=} / {@code headers[]=} keys. The health check's rules then put them in
 * Fastly's normal form ({@code PlainRules}).
 */
final class HeaderLines {
    private static final Pattern LINE_START = Pattern.compile("\\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\\s*:.*", Pattern.DOTALL);
    /** What RFC 9110 forbids in a field value: controls other than the tab. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0A-\\x1F\\x7F]");
    private static final int MAX_LINES = 100;
    private static final int MAX_LINE = 8_190;
    private static final int MAX_TOTAL = 65_536;

    private HeaderLines() {}

    static List<String> parse(String field, List<String> texts) {
        if (texts.size() != 1) {
            return lines(field, texts);
        }
        var text = texts.getFirst().strip();
        var lines = text.startsWith("[") ? jsonArray(field, text) : csv(text);
        check(field, lines);
        return List.copyOf(lines);
    }

    /** Lines already apart (repeated keys, a JSON array); blank ones are dropped. */
    static List<String> lines(String field, List<String> texts) {
        var lines = texts.stream().filter(t -> !t.isBlank()).toList();
        check(field, lines);
        return lines;
    }

    /**
     * Splits on commas, keeping a comma that belongs to a value in that value. The npm client
     * joins lines with a bare comma, so a piece that starts with a space ("Accept: a, b"), or
     * that is not a "Name:" line, continues the previous value.
     */
    private static List<String> csv(String text) {
        var lines = new ArrayList<String>();
        if (text.isEmpty()) {
            return lines;
        }
        for (var part : text.split(",", -1)) {
            boolean continues = part.startsWith(" ") || part.startsWith("\t") || !LINE_START.matcher(part).matches();
            if (!lines.isEmpty() && continues) {
                lines.set(lines.size() - 1, lines.getLast() + "," + part);
            } else {
                lines.add(part.strip());
            }
        }
        return lines;
    }

    private static List<String> jsonArray(String field, String text) {
        var lines = new ArrayList<String>();
        int i = skip(text, 1);
        if (i < text.length() && text.charAt(i) == ']') {
            if (skip(text, i + 1) != text.length()) {
                throw malformed(field, text);
            }
            return lines;
        }
        while (true) {
            if (i >= text.length() || text.charAt(i) != '"') {
                throw malformed(field, text);
            }
            var value = new StringBuilder();
            i++;
            while (true) {
                if (i >= text.length()) {
                    throw malformed(field, text);
                }
                char c = text.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i >= text.length()) {
                        throw malformed(field, text);
                    }
                    char escaped = text.charAt(i++);
                    switch (escaped) {
                        case '"', '\\', '/' -> value.append(escaped);
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'u' -> {
                            if (i + 4 > text.length()) {
                                throw malformed(field, text);
                            }
                            try {
                                value.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                            } catch (NumberFormatException e) {
                                throw malformed(field, text);
                            }
                            i += 4;
                        }
                        default -> throw malformed(field, text);
                    }
                } else {
                    value.append(c);
                }
            }
            lines.add(value.toString());
            i = skip(text, i);
            if (i < text.length() && text.charAt(i) == ',') {
                i = skip(text, i + 1);
            } else if (i < text.length() && text.charAt(i) == ']' && skip(text, i + 1) == text.length()) {
                return lines;
            } else {
                throw malformed(field, text);
            }
        }
    }

    private static int skip(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static ConfigException malformed(String field, String text) {
        return ConfigException.invalid(field + ": '" + Texts.shorten(text)
                + "' is not a JSON array of strings (expected: [\"Name: value\", …], a comma-separated list, or one key per line)");
    }

    private static void check(String field, List<String> lines) {
        if (lines.size() > MAX_LINES) {
            throw ConfigException.invalid(field + ": " + lines.size() + " lines (expected: at most " + MAX_LINES + ")");
        }
        int total = 0;
        for (var line : lines) {
            if (!LINE_START.matcher(line).matches()) {
                throw ConfigException.invalid(field + ": '" + Texts.shorten(line) + "' (expected: a header line such as \"Name: value\")");
            }
            if (line.length() >= MAX_LINE) {
                throw ConfigException.invalid(field + ": a line of " + line.length() + " characters (expected: under " + MAX_LINE + ")");
            }
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw ConfigException.invalid(field + ": '" + Texts.shorten(line) + "' contains a line break (expected: one header per line)");
            }
            if (CONTROL.matcher(line).find()) {
                throw ConfigException.invalid(field + ": '" + Texts.shorten(line)
                        + "' contains a control character (expected: a header value of visible characters, spaces and tabs)");
            }
            Texts.requireWellFormed(field, line);
            total += line.length();
        }
        if (total >= MAX_TOTAL) {
            throw ConfigException.invalid(field + ": " + total + " characters in all (expected: under " + MAX_TOTAL + ")");
        }
    }
}
