/**
 * Programs that use the SDK as an application would; the module's tests run each against a real
 * server. Start with {@link io.backline.examples.CreateBackendExample}, then
 * {@link io.backline.examples.Tour}.
 */
@NullMarked
package io.backline.examples;

import org.jspecify.annotations.NullMarked;
