package io.backline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One field of a {@link Schema}: its wire and column name, its type, its default, and the rule its
 * values follow. Messages read {@code "name: value (expected: rule)"}.
 */
public final class Field<T> {

    /** How a field's value is typed on the wire and in storage. */
    public enum Kind {
        TEXT,
        INTEGER,
        BOOLEAN,
        TEXT_LIST
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern SIGN_AND_LEADING_ZEROS = Pattern.compile("^[+-]?0*");
    private static final Pattern ZERO_OR_ONE = Pattern.compile("-?0|1");

    private final String name;
    private final Kind kind;
    private final boolean nullable;
    private final Function<ServiceType, @Nullable Object> defaults;
    private final long min;
    private final long max;
    private final @Nullable Pattern pattern;
    private final String patternRule;
    private final boolean required;
    private final boolean wireAsString;
    private final int maxLength;
    private final boolean readOnly;
    int index = -1;

    private Field(Builder builder) {
        this.name = builder.name;
        this.kind = builder.kind;
        this.nullable = builder.nullable;
        this.defaults = builder.defaults;
        this.min = builder.min;
        this.max = builder.max;
        this.pattern = builder.pattern;
        this.patternRule = builder.patternRule;
        this.required = builder.required;
        this.wireAsString = builder.wireAsString;
        this.maxLength = builder.maxLength;
        this.readOnly = builder.readOnly;
    }

    /** A text field that is never null; an empty value is kept as {@code ""}. */
    public static Builder text(String name) {
        return new Builder(name, Kind.TEXT, false).defaultValue("");
    }

    /** A text field that may be null; an empty value means null. */
    public static Builder optionalText(String name) {
        return new Builder(name, Kind.TEXT, true);
    }

    /** An integer field with a default and an inclusive range; an empty value restores the default. */
    public static Builder integer(String name, int defaultValue, long min, long max) {
        return new Builder(name, Kind.INTEGER, false).defaultValue(defaultValue).range(min, max);
    }

    /** An integer field that may be null, within an inclusive range; an empty value means null. */
    public static Builder optionalInteger(String name, long min, long max) {
        return new Builder(name, Kind.INTEGER, true).range(min, max);
    }

    /** A boolean field whose default may depend on the service type. */
    public static Builder bool(String name, Function<ServiceType, Boolean> defaults) {
        var builder = new Builder(name, Kind.BOOLEAN, false);
        builder.defaults = defaults::apply;
        return builder;
    }

    /** A boolean field that may be null. */
    public static Builder optionalBool(String name) {
        return new Builder(name, Kind.BOOLEAN, true);
    }

    /** A list of text lines, kept in the order sent. */
    public static Builder textList(String name) {
        return new Builder(name, Kind.TEXT_LIST, false).defaultValue(List.of());
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean nullable() {
        return nullable;
    }

    public boolean required() {
        return required;
    }

    /**
     * Whether the field is answered but never read from a client's body (a director's
     * {@code backends}, which only the membership routes change). Input naming it is ignored, as
     * Fastly ignores keys it does not take.
     */
    public boolean readOnly() {
        return readOnly;
    }

    /** Whether the wire carries this field's value as a JSON string (Fastly's condition quirk). */
    public boolean wireAsString() {
        return wireAsString;
    }

    public @Nullable Object defaultFor(ServiceType type) {
        return defaults.apply(type);
    }

    /**
     * Whether clearing this field (an empty value or JSON {@code null}) leaves it with no value
     * rather than a default: true when its default is null, empty text or an empty list for every
     * service type. The SDK documents each {@code clearX()} by it.
     */
    public boolean clearLeavesNoValue() {
        for (var type : ServiceType.values()) {
            var value = defaultFor(type);
            boolean empty = value == null || "".equals(value) || (value instanceof List<?> list && list.isEmpty());
            if (!empty) {
                return false;
            }
        }
        return true;
    }

    /** The smallest value an integer field takes. */
    public long min() {
        return min;
    }

    /** The largest value an integer field takes. */
    public long max() {
        return max;
    }

    /** The most characters a text field takes. */
    public int maxLength() {
        return maxLength;
    }

    /** The pattern a text field's values must match, if it has one. */
    public Optional<Pattern> pattern() {
        return Optional.ofNullable(pattern);
    }

    /**
     * Reads what a client sent for this field: every value its key carried, in order, each with
     * its JSON type. This is the one place that decides which values a field takes, for forms
     * and JSON alike:
     *
     * <ul>
     *   <li>JSON {@code null} and empty text clear the field (back to its default, or null); a
     *       text field that is never null keeps {@code ""};
     *   <li>a text field takes text only (a form value or a JSON string);
     *   <li>an integer field takes a JSON integer, or text holding one (Fastly answers some
     *       numbers as strings, so a GET body must round-trip); never a fraction or exponent;
     *   <li>a boolean field takes JSON {@code true}/{@code false}, the integers 0 and 1, and the
     *       text {@code true}, {@code false}, {@code 1} or {@code 0} in any case;
     *   <li>a list field takes a JSON array of strings, or text (see {@link HeaderLines}); a
     *       repeated form key ({@code headers[]=a&headers[]=b}) gives one line per value;
     *   <li>any other repeated value must mean the same as the first one.
     * </ul>
     */
    public Patch<Object> parse(List<InputValue> values) {
        if (values.isEmpty()) {
            return Patch.absent();
        }
        if (kind == Kind.TEXT_LIST && values.size() > 1 && values.stream().allMatch(InputValue.Text.class::isInstance)) {
            return Patch.set(HeaderLines.parse(name, values.stream().map(v -> ((InputValue.Text) v).text()).toList()));
        }
        var first = parseOne(values.getFirst());
        for (var other : values.subList(1, values.size())) {
            if (!parseOne(other).equals(first)) {
                throw ConfigException.invalid(name + ": sent twice with different values, " + values.getFirst().describe()
                        + " and " + other.describe() + " (expected: one value)");
            }
        }
        return first;
    }

    private Patch<Object> parseOne(InputValue value) {
        return switch (value) {
            case InputValue.Null ignored -> cleared();
            case InputValue.Text text when kind == Kind.TEXT_LIST -> Patch.set(HeaderLines.parse(name, List.of(text.text())));
            case InputValue.Text text when text.text().isEmpty() -> cleared();
            case InputValue.Text text -> Patch.set(parseText(text.text()));
            case InputValue.WholeNumber number when kind == Kind.INTEGER -> Patch.set(checkInteger(number.literal(), value));
            case InputValue.WholeNumber number when kind == Kind.BOOLEAN && ZERO_OR_ONE.matcher(number.literal()).matches() ->
                    Patch.set(number.literal().equals("1"));
            case InputValue.Bool bool when kind == Kind.BOOLEAN -> Patch.set(bool.value());
            case InputValue.Array array when kind == Kind.TEXT_LIST -> Patch.set(HeaderLines.lines(name, lines(array)));
            default -> throw wrongType(value);
        };
    }

    private Patch<Object> cleared() {
        return nullable || kind != Kind.TEXT ? Patch.clear() : Patch.set("");
    }

    private Object parseText(String text) {
        return switch (kind) {
            case TEXT -> checkText(text);
            case INTEGER -> parseInteger(text.strip(), InputValue.text(text));
            case BOOLEAN -> parseBoolean(text.strip());
            case TEXT_LIST -> List.of(text);
        };
    }

    private List<String> lines(InputValue.Array array) {
        var lines = new ArrayList<String>(array.items().size());
        for (var item : array.items()) {
            if (!(item instanceof InputValue.Text text)) {
                throw wrongType(array);
            }
            lines.add(text.text());
        }
        return lines;
    }

    private ConfigException wrongType(InputValue value) {
        var shown = value.describe();
        return ConfigException.invalid(switch (kind) {
            case TEXT -> name + ": " + shown + " is not a string (expected: a string)";
            case INTEGER -> name + ": " + shown + " is not an integer (expected: " + rangeRule() + ")";
            case BOOLEAN -> name + ": " + shown + " is not a boolean (expected: true, false, 1 or 0)";
            case TEXT_LIST -> name + ": " + shown + " is not a list of strings (expected: an array of strings such as [\"Name: value\"], "
                    + "or one string)";
        });
    }

    private String checkText(String text) {
        Texts.requireWellFormed(name, text);
        if (text.length() > maxLength) {
            throw ConfigException.invalid(
                    name + ": " + text.length() + " characters (expected: at most " + maxLength + ")");
        }
        if (pattern != null && !pattern.matcher(text).matches()) {
            throw ConfigException.invalid(name + ": '" + Texts.shorten(text) + "' (expected: " + patternRule + ")");
        }
        return text;
    }

    private Integer parseInteger(String text, InputValue sent) {
        if (!INTEGER.matcher(text).matches()) {
            throw wrongType(sent);
        }
        return checkInteger(text, sent);
    }

    /** Checks the range of an integer literal of any length without reading more than 18 digits. */
    private Integer checkInteger(String literal, InputValue sent) {
        boolean negative = literal.startsWith("-");
        var digits = SIGN_AND_LEADING_ZEROS.matcher(literal).replaceFirst("");
        if (digits.length() > 18) {
            throw ConfigException.invalid(name + ": " + sent.describe() + " is out of range (expected: " + rangeRule() + ")");
        }
        long value = digits.isEmpty() ? 0 : Long.parseLong(digits);
        value = negative ? -value : value;
        if (value < min || value > max) {
            throw ConfigException.invalid(name + ": " + value + " is out of range (expected: " + rangeRule() + ")");
        }
        return (int) value;
    }

    private String rangeRule() {
        return max == Integer.MAX_VALUE
                ? "an integer of at least " + min
                : "an integer from " + min + " to " + max;
    }

    private Boolean parseBoolean(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true" -> Boolean.TRUE;
            case "0", "false" -> Boolean.FALSE;
            default -> throw wrongType(InputValue.text(text));
        };
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link Field}; a {@link Schema.Builder} takes it from here. */
    public static final class Builder {
        private final String name;
        private final Kind kind;
        private final boolean nullable;
        private Function<ServiceType, @Nullable Object> defaults = type -> null;
        private long min = Integer.MIN_VALUE;
        private long max = Integer.MAX_VALUE;
        private @Nullable Pattern pattern;
        private String patternRule = "";
        private boolean required;
        private boolean wireAsString;
        private int maxLength = 65_535;
        private boolean readOnly;

        private Builder(String name, Kind kind, boolean nullable) {
            this.name = name;
            this.kind = kind;
            this.nullable = nullable;
        }

        public Builder defaultValue(Object value) {
            this.defaults = type -> value;
            return this;
        }

        public Builder range(long min, long max) {
            this.min = min;
            this.max = max;
            return this;
        }

        public Builder pattern(String regex, String rule) {
            this.pattern = Pattern.compile(regex);
            this.patternRule = rule;
            return this;
        }

        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        public Builder required() {
            this.required = true;
            return this;
        }

        /** Answered, never read from input: see {@link Field#readOnly()}. */
        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        public Builder wireAsString() {
            this.wireAsString = true;
            return this;
        }

        <T> Field<T> build() {
            return new Field<>(this);
        }
    }

    static List<Field<?>> indexed(List<Field<?>> fields) {
        var copy = new ArrayList<Field<?>>(fields);
        for (int i = 0; i < copy.size(); i++) {
            copy.get(i).index = i;
        }
        return List.copyOf(copy);
    }
}
