package io.backline.condition.logformat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Time rendering, always in UTC as Fastly's log lines are: Apache's {@code %t}, the HTTP date VCL
 * gives a TIME in string context, and a strftime subset for {@code %{format}t} and
 * {@code strftime()}. A strftime pattern is compiled once into a list of fields.
 */
final class Times {
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    /** The strftime conversions Backline renders, for the refusal of any other. */
    static final String CONVERSIONS = "%a %A %b %B %d %D %e %F %H %I %j %m %M %n %p %R %s %S %t %T %y %Y %z %Z %%";

    /** A compiled strftime pattern: appends one time. */
    @FunctionalInterface
    interface Pattern {
        void append(LocalDateTime time, long micros, StringBuilder out);
    }

    private Times() {}

    static LocalDateTime utc(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000,
                ZoneOffset.UTC);
    }

    /** Apache's common log time: {@code [03/Dec/2026:16:56:44 +0000]}. */
    static void clf(long micros, StringBuilder out) {
        var t = utc(micros);
        out.append('[');
        two(out, t.getDayOfMonth());
        out.append('/').append(MONTHS[t.getMonthValue() - 1], 0, 3).append('/').append(t.getYear()).append(':');
        clock(out, t);
        out.append(" +0000]");
    }

    /** A VCL TIME in string context: {@code Thu, 03 Dec 2026 16:56:44 GMT}. */
    static void httpDate(long micros, StringBuilder out) {
        var t = utc(micros);
        out.append(DAYS[t.getDayOfWeek().ordinal()], 0, 3).append(", ");
        two(out, t.getDayOfMonth());
        out.append(' ').append(MONTHS[t.getMonthValue() - 1], 0, 3).append(' ').append(t.getYear()).append(' ');
        clock(out, t);
        out.append(" GMT");
    }

    /**
     * Compiles a strftime pattern.
     *
     * @param offsets the position in the whole format of each character of {@code pattern}, for errors
     */
    static Pattern strftime(String pattern, int[] offsets) {
        var fields = new ArrayList<Pattern>();
        var literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 == pattern.length()) {
                throw new LogFormatException(offsets[i], "lone % at the end of the time format", "a conversion such as %Y, or %% for a percent sign");
            }
            char conversion = pattern.charAt(++i);
            if (conversion == '%' || conversion == 'n' || conversion == 't') {
                literal.append(conversion == '%' ? '%' : conversion == 'n' ? '\n' : '\t');
                continue;
            }
            var field = field(conversion);
            if (field == null) {
                throw new LogFormatException(offsets[i - 1], "unknown time conversion %" + conversion, "one of " + CONVERSIONS);
            }
            flush(literal, fields);
            fields.add(field);
        }
        flush(literal, fields);
        var all = List.copyOf(fields);
        return (time, micros, out) -> {
            for (var f : all) {
                f.append(time, micros, out);
            }
        };
    }

    private static void flush(StringBuilder literal, List<Pattern> fields) {
        if (!literal.isEmpty()) {
            var text = literal.toString();
            fields.add((time, micros, out) -> out.append(text));
            literal.setLength(0);
        }
    }

    private static @Nullable Pattern field(char conversion) {
        return switch (conversion) {
            case 'a' -> (t, m, out) -> out.append(DAYS[t.getDayOfWeek().ordinal()], 0, 3);
            case 'A' -> (t, m, out) -> out.append(DAYS[t.getDayOfWeek().ordinal()]);
            case 'b' -> (t, m, out) -> out.append(MONTHS[t.getMonthValue() - 1], 0, 3);
            case 'B' -> (t, m, out) -> out.append(MONTHS[t.getMonthValue() - 1]);
            case 'd' -> (t, m, out) -> two(out, t.getDayOfMonth());
            case 'D' -> (t, m, out) -> {
                two(out, t.getMonthValue());
                out.append('/');
                two(out, t.getDayOfMonth());
                out.append('/');
                two(out, t.getYear() % 100);
            };
            case 'e' -> (t, m, out) -> out.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
            case 'F' -> (t, m, out) -> {
                out.append(t.getYear()).append('-');
                two(out, t.getMonthValue());
                out.append('-');
                two(out, t.getDayOfMonth());
            };
            case 'H' -> (t, m, out) -> two(out, t.getHour());
            case 'I' -> (t, m, out) -> two(out, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
            case 'j' -> (t, m, out) -> {
                int day = t.getDayOfYear();
                out.append(day < 100 ? (day < 10 ? "00" : "0") : "").append(day);
            };
            case 'm' -> (t, m, out) -> two(out, t.getMonthValue());
            case 'M' -> (t, m, out) -> two(out, t.getMinute());
            case 'p' -> (t, m, out) -> out.append(t.getHour() < 12 ? "AM" : "PM");
            case 'R' -> (t, m, out) -> {
                two(out, t.getHour());
                out.append(':');
                two(out, t.getMinute());
            };
            case 's' -> (t, m, out) -> out.append(Math.floorDiv(m, 1_000_000L));
            case 'S' -> (t, m, out) -> two(out, t.getSecond());
            case 'T' -> (t, m, out) -> clock(out, t);
            case 'y' -> (t, m, out) -> two(out, t.getYear() % 100);
            case 'Y' -> (t, m, out) -> out.append(t.getYear());
            case 'z' -> (t, m, out) -> out.append("+0000");
            case 'Z' -> (t, m, out) -> out.append("UTC");
            default -> null;
        };
    }

    private static void clock(StringBuilder out, LocalDateTime t) {
        two(out, t.getHour());
        out.append(':');
        two(out, t.getMinute());
        out.append(':');
        two(out, t.getSecond());
    }

    private static void two(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }
}
