package io.backline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of per-version object kinds, in declaration order (the order routes, details,
 * diffs and the edge feed list them). Immutable: a caller that wants one more kind, such as a
 * test, gets a new registry from {@link #plus}, and hands it to whatever it starts.
 *
 * <p>The standard registry is {@code io.backline.condition.StandardKinds.KINDS}: the condition's
 * rules compile statements, and only the {@code condition} module can see that compiler.
 *
 * <pre>{@code
 * var kinds = StandardKinds.KINDS.plus(ObjectKind.servedAtEdges(myRules));
 * kinds.find("backend").orElseThrow().rules();
 * }</pre>
 */
public final class Kinds {
    private final Map<String, ObjectKind> byName;

    private Kinds(Map<String, ObjectKind> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static Kinds of(ObjectKind... kinds) {
        var byName = new LinkedHashMap<String, ObjectKind>();
        for (var kind : kinds) {
            if (byName.putIfAbsent(kind.name(), kind) != null) {
                throw new IllegalArgumentException("kind: " + kind.name() + " (expected: declared once)");
            }
        }
        return new Kinds(byName);
    }

    /** This registry and one more kind, declared after the others. */
    public Kinds plus(ObjectKind kind) {
        var all = new ArrayList<>(byName.values());
        all.add(kind);
        return of(all.toArray(ObjectKind[]::new));
    }

    /** The kind whose name (path segment) is {@code name}. */
    public Optional<ObjectKind> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<ObjectKind> all() {
        return List.copyOf(byName.values());
    }

    /** Every kind's rules, for code that reads or writes objects of every kind. */
    public List<ObjectRules> rules() {
        return byName.values().stream().map(ObjectKind::rules).toList();
    }

    /** The schemas of the kinds edges receive, in declaration order. */
    public List<Schema> fedToEdges() {
        return byName.values().stream().filter(ObjectKind::fedToEdges).map(ObjectKind::schema).toList();
    }
}
