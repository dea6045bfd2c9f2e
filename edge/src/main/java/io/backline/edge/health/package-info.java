/**
 * Backend health: {@link io.backline.edge.health.HealthRegistry} keeps each health-checked
 * backend's state outside the snapshots, so it survives activations;
 * {@link io.backline.edge.health.HealthProber} and {@link io.backline.edge.health.ProbeClient}
 * send the probes; {@link io.backline.edge.health.HealthWindow} is Varnish's shift register; and
 * {@link io.backline.edge.health.HealthView} is what selection asks.
 *
 * <p>Depends on {@code edge.tls} for probes to use_ssl backends.
 */
@NullMarked
package io.backline.edge.health;

import org.jspecify.annotations.NullMarked;
