package io.backline.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A service: the unit that owns versions. {@code deletedAt} is set once the service is deleted; a
 * deleted service is kept so that a repeated delete can be told apart from an unknown id.
 */
public record Service(
        ServiceId id,
        String name,
        String comment,
        ServiceType type,
        String customerId,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant deletedAt) {

    public Service {
        Names.requireName("name", name);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public Service withNameAndComment(String newName, String newComment, Instant now) {
        return new Service(id, newName, newComment, type, customerId, createdAt, now, deletedAt);
    }

    public Service deletedAt(Instant now) {
        return new Service(id, name, comment, type, customerId, createdAt, now, now);
    }
}
