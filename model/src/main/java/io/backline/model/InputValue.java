package io.backline.model;

import java.util.List;
import java.util.Map;

/**
 * One value of a request field as the client sent it, with its JSON type. A form value and a JSON
 * string are both {@link Text}; JSON numbers, booleans, null, arrays and objects keep their type,
 * so that a {@link Field} refuses a value of the wrong type instead of reading its text. Numbers
 * keep their literal: {@code 80}, {@code 80.0} and {@code 1e400} stay apart, and no number is
 * rounded on its way in.
 *
 * <pre>{@code
 * var port = List.<InputValue>of(new InputValue.WholeNumber("443"));
 * BackendSchema.PORT.parse(port);   // Patch.set(443)
 * }</pre>
 */
public sealed interface InputValue {

    /** A form value, or a JSON string. */
    record Text(String text) implements InputValue {}

    /** A JSON number without fraction or exponent, as written ({@code -12}). */
    record WholeNumber(String literal) implements InputValue {}

    /** A JSON number with a fraction or an exponent, as written ({@code 80.0}, {@code 8e1}). */
    record DecimalNumber(String literal) implements InputValue {}

    /** JSON {@code true} or {@code false}. */
    record Bool(boolean value) implements InputValue {}

    /** JSON {@code null}. */
    record Null() implements InputValue {}

    /** A JSON array. */
    record Array(List<InputValue> items) implements InputValue {
        public Array {
            items = List.copyOf(items);
        }
    }

    /** A JSON object; no field takes one, so its members serve the error message only. */
    record ObjectValue(List<Map.Entry<String, InputValue>> members) implements InputValue {
        public ObjectValue {
            members = List.copyOf(members);
        }
    }

    static InputValue text(String text) {
        return new Text(text);
    }

    /** The value as an error message shows it: text in quotes, anything else as JSON, shortened. */
    default String describe() {
        if (this instanceof Text text) {
            return "'" + Texts.shorten(text.text()) + "'";
        }
        var out = new StringBuilder();
        render(this, out);
        return Texts.shorten(out.toString());
    }

    private static void render(InputValue value, StringBuilder out) {
        if (out.length() > Texts.ECHO_LIMIT) {
            return;
        }
        switch (value) {
            case Text text -> out.append(quoted(text.text()));
            case WholeNumber number -> out.append(number.literal());
            case DecimalNumber number -> out.append(number.literal());
            case Bool bool -> out.append(bool.value());
            case Null ignored -> out.append("null");
            case Array array -> {
                out.append('[');
                for (int i = 0; i < array.items().size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    render(array.items().get(i), out);
                }
                out.append(']');
            }
            case ObjectValue object -> {
                out.append('{');
                for (int i = 0; i < object.members().size(); i++) {
                    var member = object.members().get(i);
                    out.append(i == 0 ? "" : ",").append(quoted(member.getKey())).append(':');
                    render(member.getValue(), out);
                }
                out.append('}');
            }
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
