package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.ServiceId;
import io.backline.store.Rollout;
import io.backline.store.RolloutState;
import io.backline.store.RolloutTally;
import io.backline.store.StoreTx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Staged rollouts (issue 19, docs/rollout.md): start, read, promote, abort, and the transitions
 * {@link RolloutScheduler} decides. Each method is one store transaction; every change of step or
 * state bumps the store's revision, so edges follow as they follow an activation. Transitions are
 * compare-and-set on (id, step index, state): of several API nodes on one database, one wins each.
 */
final class RolloutService {
    private final ConfigService config;

    RolloutService(ConfigService config) {
        this.config = config;
    }

    /** A rollout with the evidence of its steps, for its document. */
    record View(Rollout rollout, List<RolloutTally> tallies) {}

    Instant now() {
        return Instant.now(config.clock());
    }

    View start(ServiceId id, RolloutSettings settings) {
        return config.store().write(tx -> {
            var candidate = ConfigService.version(tx, id, settings.version());
            for (var running : tx.runningRollouts()) {
                if (running.serviceId().equals(id)) {
                    throw new ApiException(ApiException.Kind.CONFLICT, "service '" + id + "': rollout " + running.id() + " of version "
                            + running.version() + " runs (expected: one rollout at a time; end it first with POST /service/" + id
                            + "/rollout/promote or POST /service/" + id + "/rollout/abort)");
                }
            }
            var active = tx.activeVersion(id).orElseThrow(() -> ConfigException.state("version: service '" + id
                    + "' has no active version (expected: activate a version first; a rollout moves traffic from the active version)"));
            if (active.number() == candidate.number()) {
                throw ConfigException.invalid("version: " + candidate.number() + " is the active version (expected: a version other than"
                        + " the active one)");
            }
            var report = config.validate(tx, candidate);
            if (!report.errors().isEmpty()) {
                throw ConfigException.invalid("version: " + candidate.number() + " does not validate: " + report.errors().getFirst());
            }
            VersionValidator.requireOwnDomains(tx, candidate);
            var now = now();
            var rollout = new Rollout(UUID.randomUUID().toString().replace("-", ""), id, candidate.number(), active.number(),
                    settings.steps(), settings.stepSeconds(), settings.minRequests(), settings.maxErrorRatio(), settings.baselineMargin(),
                    0, now, RolloutState.RUNNING, null, now, now);
            tx.insertRollout(rollout);
            tx.bumpRevision();
            return new View(rollout, List.of());
        });
    }

    /** The running rollout of a service, or the last one that ended. */
    View current(ServiceId id) {
        return config.store().read(tx -> {
            ConfigService.live(tx, id);
            var rollouts = tx.rollouts(id);
            var shown = rollouts.stream().filter(r -> r.state() == RolloutState.RUNNING).findFirst()
                    .or(() -> rollouts.stream().findFirst())
                    .orElseThrow(() -> ConfigException.notFound("service '" + id + "' has had no rollout (expected: POST /service/" + id
                            + "/rollout first)"));
            return new View(shown, tx.rolloutTallies(shown.id()));
        });
    }

    /** Every rollout of a service, the newest first. */
    List<View> list(ServiceId id) {
        return config.store().read(tx -> {
            ConfigService.live(tx, id);
            return tx.rollouts(id).stream().map(r -> new View(r, tx.rolloutTallies(r.id()))).toList();
        });
    }

    /** Goes to 100 % and finishes now: the candidate becomes the active version. */
    View promote(ServiceId id) {
        return config.store().write(tx -> {
            var running = running(tx, id);
            var ended = promote(tx, running, "promoted by request at step " + (running.stepIndex() + 1) + " (" + running.percent() + "%)");
            return new View(ended, tx.rolloutTallies(ended.id()));
        });
    }

    /** Back to the old version now; the candidate is left as it is. */
    View abort(ServiceId id) {
        return config.store().write(tx -> {
            var running = running(tx, id);
            var ended = running.ended(RolloutState.ABORTED, "aborted by request at step " + (running.stepIndex() + 1) + " ("
                    + running.percent() + "%)", now());
            if (!tx.updateRollout(running, ended)) {
                throw conflictingChange(id);
            }
            tx.bumpRevision();
            return new View(ended, tx.rolloutTallies(ended.id()));
        });
    }

    /** The running rollouts with their evidence, for the scheduler. */
    List<View> running() {
        return config.store().read(tx -> tx.runningRollouts().stream().map(r -> new View(r, tx.rolloutTallies(r.id()))).toList());
    }

    /**
     * Moves {@code from} as {@code decision} says, if nobody moved it first; true when this call did.
     */
    boolean apply(Rollout from, RolloutDecider.Decision decision) {
        return switch (decision) {
            case RolloutDecider.Stay stay -> false;
            case RolloutDecider.Advance advance -> transition(tx -> tx.updateRollout(from, from.advanced(now())));
            case RolloutDecider.RollBack rollBack -> transition(tx -> tx.updateRollout(from,
                    from.ended(RolloutState.ROLLED_BACK, rollBack.reason(), now())));
            case RolloutDecider.Promote promote -> transition(tx -> {
                try {
                    promote(tx, from, "promoted after step " + (from.stepIndex() + 1) + " (" + from.percent() + "%) passed");
                    return true;
                } catch (ApiException e) {
                    return false; // another node moved it first
                }
            });
        };
    }

    private boolean transition(java.util.function.Function<StoreTx, Boolean> work) {
        return config.store().write(tx -> {
            boolean moved = work.apply(tx);
            if (moved) {
                tx.bumpRevision();
            }
            return moved;
        });
    }

    /** Ends {@code running} as promoted and activates its candidate through the activation path, in {@code tx}. */
    private Rollout promote(StoreTx tx, Rollout running, String why) {
        var ended = running.ended(RolloutState.PROMOTED, why, now());
        if (!tx.updateRollout(running, ended)) {
            throw conflictingChange(running.serviceId());
        }
        config.activate(tx, running.serviceId(), VersionNumber.of(running.version()));
        tx.bumpRevision();
        return ended;
    }

    private static Rollout running(StoreTx tx, ServiceId id) {
        ConfigService.live(tx, id);
        return find(tx, id).orElseThrow(() -> ConfigException.state("rollout: service '" + id
                + "' has no running rollout (expected: POST /service/" + id + "/rollout to start one)"));
    }

    private static Optional<Rollout> find(StoreTx tx, ServiceId id) {
        return tx.runningRollouts().stream().filter(r -> r.serviceId().equals(id)).findFirst();
    }

    private static ApiException conflictingChange(ServiceId id) {
        return new ApiException(ApiException.Kind.CONFLICT, "rollout: service '" + id
                + "': the rollout moved while this request ran (expected: read it again with GET /service/" + id + "/rollout)");
    }
}
