package io.backline.api;

import io.backline.model.PlainRules;
import io.backline.wire.Shapes;

/**
 * HTTP adapter of a version's settings: {@code GET} and {@code PUT /service/{sid}/version/{v}/settings}.
 * A version nobody wrote settings for answers the defaults; a PUT changes only the fields sent.
 */
final class SettingsHandlers {
    private final SingletonService singletons;

    SettingsHandlers(SingletonService singletons) {
        this.singletons = singletons;
    }

    void register(Router router) {
        var rules = PlainRules.SETTINGS;
        var path = "service/{sid}/version/{v}/" + rules.schema().kind();
        router.add("GET", path, call -> ApiResponse.ok(Shapes.singleton(singletons.read(rules, call.serviceId(), call.version())
                        .orElseThrow(() -> new IllegalStateException("settings always have a value")))))
                .add("PUT", path, rules.schema(), call -> {
                    var id = call.serviceId();
                    var version = call.version();
                    return ApiResponse.ok(Shapes.singleton(singletons.write(rules, id, version, call.changes())));
                });
    }
}
