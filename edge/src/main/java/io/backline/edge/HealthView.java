package io.backline.edge;

/** Whether a backend may take traffic now. A backend without a health check is always healthy. */
@FunctionalInterface
public interface HealthView {
    HealthView ALL_HEALTHY = backend -> true;

    boolean healthy(BackendSettings backend);
}
