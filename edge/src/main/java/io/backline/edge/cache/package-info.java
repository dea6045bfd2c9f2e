/**
 * The edge's HTTP cache, with Fastly's rules (docs/cache.md).
 *
 * <p>Starting points: {@link io.backline.edge.cache.CachePolicy} decides from a response's headers
 * whether and how long it is kept (plain logic, no I/O); {@link io.backline.edge.cache.HttpCache}
 * holds the objects (Caffeine, bounded in bytes, bodies in pooled direct buffers), their variants
 * under {@code Vary}, the surrogate-key index that purges use, and the fetches in flight that
 * concurrent misses wait for ({@link io.backline.edge.cache.CacheFill}).
 * {@link io.backline.edge.cache.CachedObject} is one stored response. The proxy package looks up,
 * serves and fills; this package never touches a socket.
 *
 * <p>Threading: everything here is safe from any event loop. A fill is written by the one
 * exchange that leads it; waiters join and leave from their own loops and are told on them.
 */
@NullMarked
package io.backline.edge.cache;

import org.jspecify.annotations.NullMarked;
