package io.backline.edge.health;

import io.backline.edge.BackendSettings;

/** Whether a backend may take traffic now. A backend without a health check is always healthy. */
@FunctionalInterface
public interface HealthView {
    HealthView ALL_HEALTHY = backend -> true;

    boolean healthy(BackendSettings backend);
}
