package io.backline.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.backline.model.Version;
import io.backline.model.VersionSchema;
import io.backline.wire.Json;
import io.backline.wire.Shapes;

/** HTTP adapter of versions: list, create, get, update, clone, activate, deactivate, lock, validate. */
final class VersionHandlers {
    private final ConfigService config;

    VersionHandlers(ConfigService config) {
        this.config = config;
    }

    void register(Router router) {
        router.add("GET", "service/{sid}/version", this::list)
                .add("POST", "service/{sid}/version", VersionSchema.SCHEMA, this::create)
                .add("GET", "service/{sid}/version/{v}", this::get)
                .add("PUT", "service/{sid}/version/{v}", VersionSchema.SCHEMA, this::update)
                .add("PUT", "service/{sid}/version/{v}/clone", call -> version(config.cloneVersion(call.serviceId(), call.version())))
                .add("PUT", "service/{sid}/version/{v}/activate", this::activate)
                .add("PUT", "service/{sid}/version/{v}/deactivate", call -> version(config.deactivate(call.serviceId(), call.version())))
                .add("PUT", "service/{sid}/version/{v}/lock", call -> version(config.lock(call.serviceId(), call.version())))
                .add("GET", "service/{sid}/version/{v}/validate", this::validate);
    }

    private static ApiResponse version(Version version) {
        return ApiResponse.ok(Shapes.version(version));
    }

    private ApiResponse list(Call call) {
        var array = JsonNodeFactory.instance.arrayNode();
        config.versions(call.serviceId()).forEach(v -> array.add(Shapes.version(v)));
        return ApiResponse.ok(array);
    }

    private ApiResponse create(Call call) {
        return ApiResponse.ok(Shapes.createdVersion(config.createVersion(call.serviceId(), call.changes())));
    }

    private ApiResponse get(Call call) {
        return version(config.version(call.serviceId(), call.version()));
    }

    private ApiResponse update(Call call) {
        return version(config.updateVersion(call.serviceId(), call.version(), call.changes()));
    }

    private ApiResponse activate(Call call) {
        var activation = config.activate(call.serviceId(), call.version());
        var node = Shapes.version(activation.version());
        if (!activation.warnings().isEmpty()) {
            node.put("msg", "Warning: " + String.join("\n", activation.warnings()));
        }
        return ApiResponse.ok(node);
    }

    private ApiResponse validate(Call call) {
        var report = config.validate(call.serviceId(), call.version());
        var node = Json.object();
        node.put("status", report.errors().isEmpty() ? "ok" : "error");
        if (report.errors().isEmpty()) {
            node.putNull("msg");
        } else {
            node.put("msg", report.errors().getFirst());
        }
        var errors = node.putArray("errors");
        report.errors().forEach(errors::add);
        var warnings = node.putArray("warnings");
        report.warnings().forEach(warnings::add);
        node.putArray("messages");
        return ApiResponse.ok(node);
    }
}
