package io.backline.store;

/** Where a rollout stands: running, or one of the three ways it ends. */
public enum RolloutState {
    RUNNING("running"), PROMOTED("promoted"), ROLLED_BACK("rolled_back"), ABORTED("aborted");

    private final String wire;

    RolloutState(String wire) {
        this.wire = wire;
    }

    /** The name the store and the API write. */
    public String wire() {
        return wire;
    }

    public static RolloutState parse(String text) {
        for (var state : values()) {
            if (state.wire.equals(text)) {
                return state;
            }
        }
        throw new IllegalArgumentException("rollout state: '" + text + "' (expected: running, promoted, rolled_back or aborted)");
    }
}
