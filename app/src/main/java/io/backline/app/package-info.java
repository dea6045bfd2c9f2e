/**
 * The {@code backline} command: configuration, wiring and the process roles.
 *
 * <p>Starting points: {@link io.backline.app.Main} (the command line), {@link
 * io.backline.app.BacklineServer} (starts the embedded store and the API in one process, as
 * {@code backline serve} does; tests use it too).
 */
@NullMarked
package io.backline.app;

import org.jspecify.annotations.NullMarked;
