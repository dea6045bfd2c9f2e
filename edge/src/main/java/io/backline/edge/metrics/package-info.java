/**
 * The edge's metrics in a Micrometer {@link io.micrometer.core.instrument.MeterRegistry}:
 * {@link io.backline.edge.metrics.EdgeMetrics} is an {@link io.backline.edge.ExchangeObserver}
 * that counts every finished request by service, version, backend and status class, times origins
 * in histograms, and reads the pools and health for gauges when scraped. Labels are bounded by the
 * configuration (service ids, backend names, versions) and by fixed sets (status classes,
 * {@link io.backline.edge.metrics.SyntheticReasons}); nothing a client sends becomes a label.
 * {@code docs/metrics.md} lists every series.
 */
@NullMarked
package io.backline.edge.metrics;

import org.jspecify.annotations.NullMarked;
