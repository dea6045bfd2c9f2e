package io.backline.sdk.codegen;

import java.util.List;

/**
 * One API operation as the SDK offers it: {@code CreateBackend} in group {@code backend} is
 * {@code client.backend().createBackend(CreateBackendRequest)} answering a
 * {@code CreateBackendResponse}.
 *
 * @param path the path's segments; {@code {x}} is the request's part {@code x}, {@code {version}}
 *     the resolved version number
 * @param idempotent whether the transport may retry the call
 */
record Operation(String name, String group, String httpMethod, List<String> path, List<Param> params, Result result,
        boolean idempotent, String doc) {

    /**
     * A part of the request. {@code type} is a Java type, or {@code version} for a version reference
     * (a number or {@code active}/{@code latest}); {@code body} marks the form body sent.
     */
    record Param(String name, String type, boolean required, boolean body) {
        static Param of(String name, String type) {
            return new Param(name, type, true, false);
        }

        static Param optional(String name, String type) {
            return new Param(name, type, false, false);
        }

        static Param body(String name, String type) {
            return new Param(name, type, true, true);
        }

        /** A body the call may go without: the API then takes its defaults (enabling HTTP/3). */
        static Param optionalBody(String name, String type) {
            return new Param(name, type, false, true);
        }

        String javaType() {
            return type.equals("version") ? "VersionRef" : type;
        }
    }

    /** The typed body of the answer: its accessor on the response, its type, and whether it is a list. */
    record Result(String accessor, String type, boolean list) {}

    /** The Java method's name: {@code createBackend}. */
    String method() {
        return JavaSource.decapitalise(name);
    }
}
