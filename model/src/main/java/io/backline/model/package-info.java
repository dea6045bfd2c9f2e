/**
 * Backline's domain: services, versions and the per-version configuration objects (backends
 * first), with the rules that make a value valid. No I/O happens here.
 *
 * <p>Starting points: {@link io.backline.model.Schema} describes an object kind field by field and
 * drives parsing, defaults and validation; {@link io.backline.model.Field#parse} is the one place
 * that decides which {@link io.backline.model.InputValue} (a request value with its JSON type) a
 * field takes; {@link io.backline.model.BackendRules} adds the backend's
 * cross-field rules (address, the port and TLS coupling); {@link io.backline.model.ConfigException}
 * is the module's error family. A kind with one value per version (the settings, the HTTP/3 flag)
 * is a singleton ({@link io.backline.model.Schema.Cardinality}): stored as one object named after its
 * kind, so the registry, clone, lock, diff and the edge feed treat it like any other.
 */
@NullMarked
package io.backline.model;

import org.jspecify.annotations.NullMarked;
