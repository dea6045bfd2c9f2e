/**
 * Backline's domain: services, versions and the per-version configuration objects (backends
 * first), with the rules that make a value valid. No I/O happens here.
 *
 * <p>Starting points: {@link io.backline.model.Schema} describes an object kind field by field and
 * drives parsing, defaults and validation; {@link io.backline.model.Field#parse} is the one place
 * that decides which {@link io.backline.model.InputValue} (a request value with its JSON type) a
 * field takes; {@link io.backline.model.BackendRules} adds the backend's
 * cross-field rules (address, the port and TLS coupling); {@link io.backline.model.ConfigException}
 * is the module's error family.
 */
@NullMarked
package io.backline.model;

import org.jspecify.annotations.NullMarked;
