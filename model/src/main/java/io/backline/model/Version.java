package io.backline.model;

import java.time.Instant;

/**
 * One version of a service's configuration. An active version is always locked; a locked version
 * accepts no object writes (clone it to edit). At most one version of a service is staged.
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

    /**
     * Staged: served on the staging listener. Staging does not lock, as on Fastly: the Terraform
     * provider goes on editing a staged draft and stages it again.
     */
    public Version staged(Instant now) {
        return new Version(serviceId, number, comment, active, locked, true, createdAt, now);
    }

    public Version unstaged(Instant now) {
        return new Version(serviceId, number, comment, active, locked, false, createdAt, now);
    }

    public Version lockedAt(Instant now) {
        return new Version(serviceId, number, comment, active, true, staging, createdAt, now);
    }
}
