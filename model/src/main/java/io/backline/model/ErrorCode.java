package io.backline.model;

/** The stable codes of {@link ConfigException}; the API maps each to one HTTP status. */
public enum ErrorCode {
    /** A value breaks a rule of its field or object. */
    INVALID,
    /** The named service, version or object does not exist. */
    NOT_FOUND,
    /** An object with that name already exists in the version. */
    DUPLICATE,
    /** The version is locked and accepts no object writes. */
    VERSION_LOCKED,
    /** The request is well-formed but the current state forbids it (e.g. deleting an active service). */
    STATE
}
