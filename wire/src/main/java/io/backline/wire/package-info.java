/**
 * Fastly's wire format: request bodies (form or JSON) read into typed values for the schemas to
 * judge ({@link io.backline.model.Input}), and the JSON shapes
 * of services, versions, objects and errors, written with one configured mapper.
 *
 * <p>Starting points: {@link io.backline.wire.Json} (the mapper and timestamp format), {@link
 * io.backline.wire.RequestFields} (form and JSON bodies), {@link io.backline.wire.Shapes} (the
 * response objects).
 */
@NullMarked
package io.backline.wire;

import org.jspecify.annotations.NullMarked;
