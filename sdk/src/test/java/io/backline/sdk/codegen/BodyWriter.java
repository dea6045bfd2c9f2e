package io.backline.sdk.codegen;

import io.backline.model.Field;
import io.backline.model.Schema;
import java.util.stream.Collectors;

/**
 * Writes a request body class ({@code Backend}, {@code Service}, …) from a schema: one setter per
 * field, typed by the field's kind, and a {@code clearX()} for every field but the name, whose
 * documentation says what the schema says a clear does. Read-only fields ({@link Field#readOnly()},
 * a director's {@code backends}) are left out: the API answers them but ignores them in a body, so
 * a setter would only mislead. The answer classes keep them.
 */
final class BodyWriter {
    private BodyWriter() {}

    static String code(Schema schema) {
        var cls = SdkNames.type(schema.kind());
        var sent = schema.fields().stream().filter(f -> !f.readOnly()).toList();
        var setters = new StringBuilder();
        for (var field : sent) {
            setters.append(setter(field));
            if (!field.name().equals("name")) { // the name is the object's identity: renamed, never cleared
                setters.append(clearer(field));
            }
        }
        var names = sent.stream().map(f -> "\"" + f.name() + "\"").collect(Collectors.joining(", "));
        var example = SdkNames.example(schema.kind()).lines().map(line -> " * " + line).collect(Collectors.joining("\n"));
        return """
                /**
                 * A %s's fields, as a create or update sends it. Every field has three states: not mentioned (an update
                 * leaves it as it is, a create takes the API's default), cleared ({@code clearX()}, sent as an
                 * empty value) or set.
                 *
                 * <pre>{@code
                %s
                 * }</pre>
                 */
                public final class %s extends FormBody {
                    /** The fields this body can carry, in the API's order. */
                    public static final List<String> FIELDS = List.of(%s);

                    private %3$s(Map<String, String> fields) {
                        super(fields);
                    }

                    public static Builder builder() {
                        return new Builder(Map.of());
                    }

                    public Builder toBuilder() {
                        return new Builder(formFields());
                    }

                    /** Collects the fields to send; each setter mentions its field, each {@code clearX()} clears it. */
                    public static final class Builder extends FormBody.Builder<Builder> {
                        private Builder(Map<String, String> fields) {
                            super(fields);
                        }

                        @Override
                        protected Builder self() {
                            return this;
                        }
                %s
                        public %3$s build() {
                            return new %3$s(fields);
                        }
                    }
                }
                """.formatted(SdkNames.noun(schema.kind()), example, cls, names, setters);
    }

    private static String setter(Field<?> field) {
        var name = field.name();
        var java = JavaSource.camel(name, false);
        var type = switch (field.kind()) {
            case TEXT -> "String";
            case INTEGER -> "int";
            case BOOLEAN -> "boolean";
            case TEXT_LIST -> "List<String>";
        };
        var body = switch (field.kind()) {
            case TEXT -> "return put(\"%s\", Objects.requireNonNull(value, \"%s\"));".formatted(name, java);
            case INTEGER, BOOLEAN -> "return put(\"%s\", String.valueOf(value));".formatted(name);
            // A JSON array of strings, the form Fastly's own clients send a list in.
            case TEXT_LIST -> """
                    Objects.requireNonNull(value, "%s");
                                var lines = JsonNodeFactory.instance.arrayNode();
                                List.copyOf(value).forEach(lines::add);
                                return put("%s", lines.toString());""".formatted(java, name);
        };
        return """

                        /** Sets {@code %s}. */
                        public Builder %s(%s value) {
                            %s
                        }
                """.formatted(name, java, type, body);
    }

    private static String clearer(Field<?> field) {
        var effect = field.required() ? "which the API refuses: the field is required"
                : field.clearLeavesNoValue() ? "which unsets it" : "which restores the API's default";
        return """

                        /** Clears {@code %s}: sent as an empty value, %s. */
                        public Builder clear%s() {
                            return put("%1$s", "");
                        }
                """.formatted(field.name(), effect, JavaSource.camel(field.name(), true));
    }
}
