package io.backline.api;

import io.backline.model.ObjectRules;
import io.backline.model.ServiceId;
import org.jspecify.annotations.Nullable;

/**
 * A read of per-version objects: every object of one kind in a version (no name), or the one
 * object of that kind with {@code name}.
 */
record ObjectRead(ObjectRules rules, ServiceId service, VersionNumber version, @Nullable String name) {

    static ObjectRead list(ObjectRules rules, ServiceId service, VersionNumber version) {
        return new ObjectRead(rules, service, version, null);
    }

    static ObjectRead one(ObjectRules rules, ServiceId service, VersionNumber version, String name) {
        return new ObjectRead(rules, service, version, name);
    }
}
