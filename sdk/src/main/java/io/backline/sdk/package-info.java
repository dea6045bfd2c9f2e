/**
 * The typed Java client of the Fastly configuration API, as Backline and Fastly serve it.
 *
 * <p>Start at {@link io.backline.sdk.Backline}: one immutable client built with a
 * {@link io.backline.sdk.Security} token, whose operation groups ({@code backend()},
 * {@code service()}, {@code version()}, ...) take the request objects of
 * {@code io.backline.sdk.models.operations} and answer their response objects. Failures are the
 * {@link io.backline.sdk.BacklineException} family, one type per kind of answer.
 */
@NullMarked
package io.backline.sdk;

import org.jspecify.annotations.NullMarked;
