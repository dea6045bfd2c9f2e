package io.backline.sdk.codegen;

import java.util.ArrayList;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes an operation's request class, its response class, and its two methods on the group. */
final class OperationWriter {
    /** The request parts sent as query parameters, by their wire name. */
    private static final Map<String, String> QUERY =
            Map.of("page", "page", "perPage", "per_page", "sort", "sort", "direction", "direction", "name", "name");

    private OperationWriter() {}

    static String request(Operation op) {
        var decls = new ArrayList<String>();
        var checks = new ArrayList<String>();
        var assigns = new ArrayList<String>();
        var getters = new StringBuilder();
        var fields = new ArrayList<String>();
        var setters = new StringBuilder();
        for (var p : op.params()) {
            var nullable = p.required() ? "" : "@Nullable ";
            decls.add("    private final %s%s %s;".formatted(nullable, p.javaType(), p.name()));
            assigns.add("        this.%s = builder.%1$s;".formatted(p.name()));
            if (p.required()) {
                checks.add("        Objects.requireNonNull(builder.%s, \"%1$s is required\");".formatted(p.name()));
            }
            getters.append("""

                        public %s%s %s() {
                            return %3$s;
                        }
                    """.formatted(nullable, p.javaType(), p.name()));
            fields.add("        private @Nullable %s %s;".formatted(p.javaType(), p.name()));
            setters.append("""

                            public Builder %s(%s value) {
                                this.%1$s = Objects.requireNonNull(value, "%1$s");
                                return this;
                            }
                    """.formatted(p.name(), p.javaType()));
            if (p.type().equals("version")) {
                setters.append("""

                                public Builder %s(int number) {
                                    return %1$s(VersionRef.of(number));
                                }
                        """.formatted(p.name()));
            }
        }
        var cls = op.name() + "Request";
        var usage = op.params().stream().filter(Operation.Param::required).map(p -> "." + p.name() + "(…)").collect(Collectors.joining());
        var shown = op.params().isEmpty() ? "\"\""
                : op.params().stream().map(p -> "\"%s=\" + %1$s".formatted(p.name())).collect(Collectors.joining(" + \", \" + "));
        var constructor = new ArrayList<>(checks);
        constructor.addAll(assigns);
        return """
                /**
                 * The request of {@code %s().%s}: %s
                 *
                 * <pre>{@code
                 * var request = %s.builder()%s.build();
                 * }</pre>
                 */
                public final class %4$s {
                %s

                    private %4$s(Builder builder) {
                %s
                    }

                    public static Builder builder() {
                        return new Builder();
                    }
                %s
                    @Override
                    public String toString() {
                        return "%4$s[" + %s + "]";
                    }

                    /** Builds a {@link %4$s}; {@link #build()} refuses one without its required parts. */
                    public static final class Builder {
                %s

                        private Builder() {}
                %s
                        public %4$s build() {
                            return new %4$s(this);
                        }
                    }
                }
                """.formatted(SdkNames.accessor(op.group()), op.method(), op.doc(), cls, usage,
                        String.join("\n", decls), String.join("\n", constructor), getters, shown,
                        String.join("\n", fields), setters);
    }

    static String response(Operation op) {
        var result = op.result();
        var boxed = result.list() ? "List<" + result.type() + ">" : result.type();
        var copy = result.list() ? "%s == null ? null : List.copyOf(%1$s)".formatted(result.accessor()) : result.accessor();
        return """
                /** The answer to {@code %s}: the status, the content type, the raw response and the typed body. */
                public final class %sResponse extends OperationResponse {
                    private final @Nullable %s %s;

                    public %2$sResponse(HttpResponse<byte[]> rawResponse, @Nullable %3$s %4$s) {
                        super(rawResponse);
                        this.%4$s = %s;
                    }

                    /** The typed body; present for every successful answer. */
                    public Optional<%3$s> %4$s() {
                        return Optional.ofNullable(%4$s);
                    }
                }
                """.formatted(op.method(), op.name(), boxed, result.accessor(), copy);
    }

    /** The operation's two methods on its group: without and with per-call options. */
    static String methods(Operation op) {
        var lines = new ArrayList<String>();
        if (op.params().stream().anyMatch(p -> p.type().equals("version"))) {
            lines.add("        int version = transport.version(request.serviceId(), request.versionId(), options);");
        }
        var path = op.path().stream().map(segment -> segment.equals("{version}") ? "Integer.toString(version)"
                : segment.startsWith("{") ? "request." + segment.substring(1, segment.length() - 1) + "()"
                : "\"" + segment + "\"").collect(Collectors.joining(", "));
        var query = op.params().stream().filter(p -> QUERY.containsKey(p.name())).toList();
        if (!query.isEmpty()) {
            lines.add("        var query = new LinkedHashMap<String, String>();");
            for (var p : query) {
                lines.add(("        if (request.%s() != null) {\n            query.put(\"%s\", String.valueOf(request.%1$s()));\n"
                        + "        }").formatted(p.name(), QUERY.get(p.name())));
            }
        }
        var body = op.params().stream().filter(Operation.Param::body).findFirst()
                .map(p -> p.required() ? "request." + p.name() + "().formFields()"
                        : "Optional.ofNullable(request.%s()).map(FormBody::formFields).orElse(Map.of())".formatted(p.name()))
                .orElse(op.httpMethod().equals("POST") || op.httpMethod().equals("PUT") ? "Map.of()" : "null");
        lines.add("        var raw = transport.send(new Transport.Call(\"%s\",\n                List.of(%s),\n                %s, %s, %s), options);"
                .formatted(op.httpMethod(), path, query.isEmpty() ? "Map.of()" : "query", body, op.idempotent()));
        var result = op.result();
        if (result.list()) {
            lines.add("        var items = new ArrayList<%s>();".formatted(result.type()));
            lines.add("        Transport.json(raw).forEach(item -> items.add(new %s(item)));".formatted(result.type()));
            lines.add("        return new %sResponse(raw, items);".formatted(op.name()));
        } else {
            lines.add("        return new %sResponse(raw, new %s(Transport.json(raw)));".formatted(op.name(), result.type()));
        }
        return """

                    /** %s */
                    public %sResponse %s(%2$sRequest request) {
                        return %3$s(request, null);
                    }

                    /** %1$s With options for this call only. */
                    public %2$sResponse %3$s(%2$sRequest request, @Nullable RequestOptions options) {
                %s
                    }
                """.formatted(op.doc(), op.name(), op.method(), String.join("\n", lines));
    }
}
