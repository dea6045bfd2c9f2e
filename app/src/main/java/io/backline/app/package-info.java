/**
 * The {@code backline} command: configuration, wiring and the process roles.
 *
 * <p>Starting points: {@link io.backline.app.Main} (the command line: one class per command,
 * shared options as picocli mixins such as {@code EdgeOptions}, one {@code UntilShutdown} run
 * loop), {@link io.backline.app.BacklineServer} (starts the embedded store and the API in one
 * process, as {@code backline serve} does; tests use it too), {@link io.backline.app.EdgeNode}
 * ({@code backline edge}: feed client, kept snapshot, admin server and edge id), {@code Logging}
 * (the one logging setup: java.util.logging behind {@code System.Logger}, text or JSON).
 */
@NullMarked
package io.backline.app;

import org.jspecify.annotations.NullMarked;
