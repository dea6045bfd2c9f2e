package io.backline.model;

/**
 * One kind of per-version object, declared once: its schema (name, path segment, fields) and
 * rules drive the routes, validation, clone, diff and details; {@code fedToEdges} says whether
 * edge nodes receive its objects.
 *
 * <pre>{@code
 * var kinds = Kinds.of(ObjectKind.servedAtEdges(BackendRules.INSTANCE));
 * }</pre>
 */
public record ObjectKind(ObjectRules rules, boolean fedToEdges) {

    /** A kind the control plane serves and edges receive. */
    public static ObjectKind servedAtEdges(ObjectRules rules) {
        return new ObjectKind(rules, true);
    }

    /** A kind only the control plane serves (edges never see it). */
    public static ObjectKind controlPlaneOnly(ObjectRules rules) {
        return new ObjectKind(rules, false);
    }

    public Schema schema() {
        return rules.schema();
    }

    /** Whether a version holds at most one object of this kind (settings, a feature flag): see {@link Schema.Cardinality}. */
    public boolean singleton() {
        return rules.schema().singleton();
    }

    /** The kind's name, also its path segment: {@code /service/{sid}/version/{v}/<name>}. */
    public String name() {
        return rules.schema().kind();
    }
}
