package io.backline.api;

import io.backline.condition.ConditionRules;
import io.backline.model.BackendRules;
import io.backline.model.PlainRules;
import io.backline.model.ObjectRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The per-version object kinds the API serves, by their path segment ({@code backend}, …). */
final class ObjectKinds {
    private final Map<String, ObjectRules> byPath = new LinkedHashMap<>();

    static ObjectKinds standard() {
        var kinds = new ObjectKinds();
        kinds.add(BackendRules.INSTANCE);
        kinds.add(ConditionRules.INSTANCE);
        kinds.add(PlainRules.HEALTHCHECK);
        kinds.add(PlainRules.DOMAIN);
        return kinds;
    }

    private void add(ObjectRules rules) {
        byPath.put(rules.schema().kind(), rules);
    }

    Optional<ObjectRules> find(String kind) {
        return Optional.ofNullable(byPath.get(kind));
    }

    Iterable<ObjectRules> all() {
        return byPath.values();
    }
}
