/**
 * Storage of services, versions, per-version objects and tokens behind the {@link
 * io.backline.store.ConfigStore} port. Every API call runs in exactly one transaction, so a crash
 * leaves a whole call or none of it.
 *
 * <p>Starting points: {@link io.backline.store.ConfigStore} (the port), {@link
 * io.backline.store.StoreTx} (what one transaction can do), {@link io.backline.store.SqliteStore}
 * (the embedded default), {@link io.backline.store.PostgresStore} (one database shared by several
 * API nodes), {@link io.backline.store.Migrations} (Flyway schema changes, run at start), {@link
 * io.backline.store.Transaction} (one unit of work on a pooled connection, for both stores).
 */
@NullMarked
package io.backline.store;

import org.jspecify.annotations.NullMarked;
