package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.ServiceId;
import io.backline.model.Version;

/**
 * Fastly's staging environment (issue 13): {@code PUT …/version/{v}/activate/staging} stages a
 * version, {@code …/deactivate/staging} unstages it. A service has at most one staged version;
 * staging another moves the flag. The edge serves the staged version on its staging listener.
 *
 * <p>Staging validates the version as activation does but does not lock it: the Terraform provider
 * (stage = true) goes on editing a staged version that is not locked and stages it again, and the
 * CLI's {@code service version stage} refuses only locked versions. An edit to a staged version
 * bumps the store's revision (the store does that), so the staging listener serves it as it is.
 * Each method is one store transaction; the revision it bumps tells the edges (see
 * {@link RevisionNotifyingStore}).
 */
final class StagingService {
    private final ConfigService config;
    private final VersionValidator validator = new VersionValidator();

    StagingService(ConfigService config) {
        this.config = config;
    }

    Version stage(ServiceId id, VersionNumber number) {
        return config.store().write(tx -> {
            var target = ConfigService.version(tx, id, number);
            if (tx.activeVersion(id).isEmpty()) {
                // Fastly: "To stage a service, you must deploy at least one production version of it."
                throw ConfigException.state("Service '" + id + "' has no active version (expected: activate a version before staging"
                        + " one, as Fastly requires)");
            }
            var report = validator.validate(tx, target);
            if (!report.errors().isEmpty()) {
                throw ConfigException.invalid(report.errors().getFirst());
            }
            VersionValidator.requireOwnDomains(tx, target);
            var now = config.now();
            var previous = tx.stagedVersion(id);
            if (previous.isPresent() && previous.get().number() != number.value()) {
                tx.updateVersion(previous.get().unstaged(now));
            }
            var result = target.staged(now);
            tx.updateVersion(result);
            // Staging the staged version again bumps too: it is how clients say "serve my edits now".
            tx.bumpRevision();
            return result;
        });
    }

    Version unstage(ServiceId id, VersionNumber number) {
        return config.store().write(tx -> {
            var target = ConfigService.version(tx, id, number);
            if (!target.staging()) {
                throw ConfigException.state("Version " + number.value() + " of service '" + id + "' is not staged");
            }
            var result = target.unstaged(config.now());
            tx.updateVersion(result);
            tx.bumpRevision();
            return result;
        });
    }
}
