package io.backline.store;

import io.backline.model.Version;

/** A version and the revision of its objects (bumped by every object write in it). */
public record VersionRef(Version version, long objectsRevision) {}
