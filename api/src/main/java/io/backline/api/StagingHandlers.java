package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.wire.Shapes;

/**
 * HTTP adapter of the environment routes: {@code PUT service/{sid}/version/{v}/activate/{env}} and
 * {@code …/deactivate/{env}}, as go-fastly's {@code ActivateVersion}/{@code DeactivateVersion} build
 * them when {@code Environment} is set (the CLI's {@code service version stage}/{@code unstage}, the
 * Terraform provider's {@code stage = true}). Fastly has one such environment, {@code staging};
 * another name is answered 404 as a path Fastly does not serve (no recording shows what Fastly
 * answers, so this is inferred and documented in docs/compatibility.md).
 */
final class StagingHandlers {
    static final String STAGING = "staging";

    private final StagingService staging;

    StagingHandlers(StagingService staging) {
        this.staging = staging;
    }

    void register(Router router) {
        router.add("PUT", "service/{sid}/version/{v}/activate/{env}",
                        call -> ApiResponse.ok(Shapes.version(staging.stage(call.serviceId(), versionIn(call)))))
                .add("PUT", "service/{sid}/version/{v}/deactivate/{env}",
                        call -> ApiResponse.ok(Shapes.version(staging.unstage(call.serviceId(), versionIn(call)))));
    }

    /** The version, once the environment is known to be staging. */
    private static VersionNumber versionIn(Call call) {
        var env = call.param("env");
        if (!env.equals(STAGING)) {
            throw ConfigException.notFound("Cannot find environment '" + env + "' (expected: staging)");
        }
        return call.version();
    }
}
