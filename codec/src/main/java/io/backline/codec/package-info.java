/**
 * The JSON form of an object's stored values: every field of its schema by name, with the value
 * the API validated (null where unset). The store keeps objects in this form and the edge feed
 * carries them in it, so an edge rebuilds exactly what was stored.
 *
 * <p>Starting point: {@link io.backline.codec.StoredValues}.
 */
@NullMarked
package io.backline.codec;

import org.jspecify.annotations.NullMarked;
