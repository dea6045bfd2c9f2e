package io.backline.sdk.codegen;

import io.backline.model.Field;
import java.util.List;

/**
 * Writes a typed answer ({@code BackendResponse}, {@code ServiceResponse}, …): a lenient getter
 * per wire field, plus whatever {@code extra} methods the shape needs (nested objects).
 */
final class ResponseWriter {

    /** How a wire field is read: the Java type of its getter and the {@code JsonResponse} reader. */
    enum WireType {
        TEXT("String", "text"),
        INTEGER("Integer", "integer"),
        BOOLEAN("Boolean", "bool"),
        TEXT_LIST("List<String>", "textList"),
        TIME("Instant", "instant");

        final String java;
        final String reader;

        WireType(String java, String reader) {
            this.java = java;
            this.reader = reader;
        }

        static WireType of(Field.Kind kind) {
            return switch (kind) {
                case TEXT -> TEXT;
                case INTEGER -> INTEGER;
                case BOOLEAN -> BOOLEAN;
                case TEXT_LIST -> TEXT_LIST;
            };
        }
    }

    /** One field of an answer, by its wire name. */
    record WireField(String name, WireType type) {}

    /** One answer type: its class, doc sentence, fields, base class, extra methods, and whether others extend it. */
    record Shape(String cls, String doc, List<WireField> fields, String base, String extra, boolean open) {
        static Shape of(String cls, String doc, List<WireField> fields) {
            return new Shape(cls, doc, fields, "JsonResponse", "", false);
        }

        Shape withExtra(String methods) {
            return new Shape(cls, doc, fields, base, methods, open);
        }
    }

    private ResponseWriter() {}

    static String code(Shape shape) {
        var getters = new StringBuilder();
        for (var field : shape.fields()) {
            getters.append("""

                        /** {@code %s}; null when the answer has none. */
                        public @Nullable %s %s() {
                            return %s("%1$s");
                        }
                    """.formatted(field.name(), field.type().java, JavaSource.camel(field.name(), false), field.type().reader));
        }
        return """
                /** %s Fields the API adds later stay readable through {@link #json()}. */
                public %sclass %s extends %s {
                    public %3$s(JsonNode json) {
                        super(json);
                    }
                %s%s}
                """.formatted(shape.doc(), shape.open() ? "" : "final ", shape.cls(), shape.base(), getters, shape.extra());
    }
}
