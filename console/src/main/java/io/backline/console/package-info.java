/**
 * The web console: a client-side app of plain ES modules rendered with lit-html, held in this
 * module's resources and served from the jar by every API listener. The browser talks to the
 * public API like any other client; the Java here only hands out files.
 *
 * <p>Starting points: {@link io.backline.console.Console} answers the console's paths
 * ({@code /}, {@code /console/...}); the app itself starts in
 * {@code src/main/resources/io/backline/console/web/app.js}; {@code docs/console.md} tells why the
 * stack is what it is.
 */
@NullMarked
package io.backline.console;

import org.jspecify.annotations.NullMarked;
