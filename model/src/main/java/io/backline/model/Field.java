package io.backline.model;

import java.util.ArrayList;
import java.util.List;
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

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,10}");

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

    /** Whether the wire carries this field's value as a JSON string (Fastly's condition quirk). */
    public boolean wireAsString() {
        return wireAsString;
    }

    public @Nullable Object defaultFor(ServiceType type) {
        return defaults.apply(type);
    }

    /**
     * Reads one value as a client sent it. Empty text clears the field; anything else must follow
     * the field's type and rule.
     */
    public Patch<Object> parse(List<String> texts) {
        if (kind == Kind.TEXT_LIST) {
            return Patch.set(HeaderLines.parse(name, texts));
        }
        var text = texts.getLast();
        if (text.isEmpty()) {
            return nullable || kind != Kind.TEXT ? Patch.clear() : Patch.set("");
        }
        return Patch.set(parseValue(text));
    }

    private Object parseValue(String text) {
        return switch (kind) {
            case TEXT -> checkText(text);
            case INTEGER -> parseInteger(text.strip());
            case BOOLEAN -> parseBoolean(text.strip());
            case TEXT_LIST -> List.of(text);
        };
    }

    private String checkText(String text) {
        if (text.length() > maxLength) {
            throw ConfigException.invalid(
                    name + ": " + text.length() + " characters (expected: at most " + maxLength + ")");
        }
        if (pattern != null && !pattern.matcher(text).matches()) {
            throw ConfigException.invalid(name + ": '" + Texts.shorten(text) + "' (expected: " + patternRule + ")");
        }
        return text;
    }

    private Integer parseInteger(String text) {
        if (!INTEGER.matcher(text).matches()) {
            throw ConfigException.invalid(name + ": '" + Texts.shorten(text) + "' is not a number (expected: " + rangeRule() + ")");
        }
        long value = Long.parseLong(text);
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
            default -> throw ConfigException.invalid(
                    name + ": '" + Texts.shorten(text) + "' is not a boolean (expected: true, false, 1 or 0)");
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
