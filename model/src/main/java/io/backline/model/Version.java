package io.backline.model;

import java.time.Instant;

/**
 * One version of a service's configuration. An active version is always locked; a locked version
 * accepts no object writes (clone it to edit).
 */
public record Version(
        ServiceId serviceId,
        int number,
        String comment,
        boolean active,
        boolean locked,
        boolean staging,
        Instant createdAt,
        Instant updatedAt) {

    public static Version draft(ServiceId serviceId, int number, String comment, Instant now) {
        return new Version(serviceId, number, comment, false, false, false, now, now);
    }

    public Version withComment(String newComment, Instant now) {
        return new Version(serviceId, number, newComment, active, locked, staging, createdAt, now);
    }

    public Version activated(Instant now) {
        return new Version(serviceId, number, comment, true, true, staging, createdAt, now);
    }

    public Version deactivated(Instant now) {
        return new Version(serviceId, number, comment, false, locked, staging, createdAt, now);
    }

    public Version lockedAt(Instant now) {
        return new Version(serviceId, number, comment, active, true, staging, createdAt, now);
    }
}
