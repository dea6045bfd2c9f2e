package io.backline.api;

import io.backline.model.ObjectRules;
import io.backline.wire.Shapes;

/** HTTP adapter of one per-version object kind: {@code /service/{sid}/version/{v}/<kind>[/{name}]}. */
final class ObjectHandlers {
    private final ObjectService objects;
    private final ObjectReads reads;
    private final ObjectRules rules;

    /**
     * @param objects the writes
     * @param reads the reads, usually {@link CachedObjectReads} around {@code objects}
     */
    ObjectHandlers(ObjectService objects, ObjectReads reads, ObjectRules rules) {
        this.objects = objects;
        this.reads = reads;
        this.rules = rules;
    }

    void register(Router router) {
        var base = "service/{sid}/version/{v}/" + rules.schema().kind();
        router.add("GET", base, call -> rendered(ObjectRead.list(rules, call.serviceId(), call.version())))
                .add("POST", base, rules.schema(), call -> ApiResponse.ok(Shapes.object(
                        objects.create(rules, call.serviceId(), call.version(), call.changes()))))
                .add("GET", base + "/{name}", call -> rendered(ObjectRead.one(rules, call.serviceId(), call.version(), call.param("name"))))
                .add("PUT", base + "/{name}", rules.schema(), call -> ApiResponse.ok(Shapes.object(
                        objects.update(rules, call.serviceId(), call.version(), call.param("name"), call.changes()))))
                .add("DELETE", base + "/{name}", call -> {
                    objects.delete(rules, call.serviceId(), call.version(), call.param("name"));
                    return ApiResponse.ok(Shapes.ok());
                });
    }

    private ApiResponse rendered(ObjectRead read) {
        return ApiResponse.okRendered(reads.render(read).json());
    }
}
