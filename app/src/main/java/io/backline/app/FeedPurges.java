package io.backline.app;

import io.backline.edge.Purge;
import io.backline.store.PurgeRecord;
import io.backline.wire.EdgeFeedPurges;

/**
 * A purge as the edge applies it ({@link Purge}), from the purge log ({@code backline serve}'s own
 * edge, before the API answers) or from the edge feed (an edge node).
 */
final class FeedPurges {
    private FeedPurges() {}

    static Purge toEdge(PurgeRecord record) {
        return switch (record.kind()) {
            case ALL -> new Purge.All(record.serviceId());
            case KEYS -> new Purge.Keys(record.serviceId(), record.keys(), record.soft());
            case URL -> new Purge.Url(record.serviceId(), require(record.host(), "host"), require(record.path(), "path"), record.soft());
        };
    }

    static Purge toEdge(EdgeFeedPurges.Item item) {
        return switch (PurgeRecord.Kind.parse(item.kind())) {
            case ALL -> new Purge.All(item.serviceId());
            case KEYS -> new Purge.Keys(item.serviceId(), item.keys(), item.soft());
            case URL -> new Purge.Url(item.serviceId(), require(item.host(), "host"), require(item.path(), "path"), item.soft());
        };
    }

    private static String require(@org.jspecify.annotations.Nullable String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("edge feed: a URL purge without its " + name);
        }
        return value;
    }
}
