package io.backline.condition;

import io.backline.model.BackendRules;
import io.backline.model.DirectorRules;
import io.backline.model.Kinds;
import io.backline.model.ObjectKind;
import io.backline.model.PlainRules;

/**
 * The per-version object kinds Backline serves: the one place a kind is declared. It lives here,
 * not in {@code model}, because the condition's rules compile statements with this module's
 * compiler, and model depends on nothing. Adding a kind is one entry plus its schema and rules.
 */
public final class StandardKinds {
    public static final Kinds KINDS = Kinds.of(
            ObjectKind.servedAtEdges(BackendRules.INSTANCE),
            ObjectKind.servedAtEdges(ConditionRules.INSTANCE),
            ObjectKind.servedAtEdges(PlainRules.HEALTHCHECK),
            ObjectKind.servedAtEdges(PlainRules.DOMAIN),
            ObjectKind.servedAtEdges(DirectorRules.INSTANCE),
            // Fastly's logging endpoints: the edge renders each request's line in the endpoint's format.
            ObjectKind.servedAtEdges(LoggingRules.SYSLOG),
            ObjectKind.servedAtEdges(LoggingRules.HTTPS),
            // Singletons (Schema.Cardinality): one value per version, stored as one object named
            // after the kind, so clone, lock, diff and the feed need nothing of their own.
            ObjectKind.servedAtEdges(PlainRules.SETTINGS),
            ObjectKind.controlPlaneOnly(PlainRules.HTTP3));

    private StandardKinds() {}
}
