/**
 * Fastly's log format strings (the {@code format} of a logging endpoint), compiled once into an
 * immutable {@link io.backline.condition.logformat.LogFormat} that renders a request's line by
 * appending to a {@link java.lang.StringBuilder}, with no reflection and no per-line parsing.
 *
 * <p>Starting points: {@link io.backline.condition.logformat.LogFormat#compile} (text and
 * format_version to a format), {@link io.backline.condition.logformat.LogRecord} (what a line
 * reads of a finished request; the edge implements it), {@link
 * io.backline.condition.logformat.LogFormatException} (the position and expectation of a refused
 * format). The language itself, directive by directive, is in docs/logging.md.
 */
@NullMarked
package io.backline.condition.logformat;

import org.jspecify.annotations.NullMarked;
