package io.backline.api;

/** Ticks the running rollouts' decisions; filled in by the next commit. */
final class RolloutScheduler implements AutoCloseable {
    @Override
    public void close() {
    }
}
