package io.backline.api;

/**
 * The JSON answers of per-version object reads. {@link ObjectService} reads them from the store;
 * {@link CachedObjectReads} keeps them between writes.
 */
interface ObjectReads {

    /** An answer and the version's objects revision it was read at. */
    record Rendered(long revision, byte[] json) {}

    /**
     * The version's objects revision now: every object write moves it, so equal revisions mean
     * equal answers. A 404 when the service or the version does not exist.
     */
    long revision(ObjectRead read);

    /** The answer: a JSON array for a list, an object for one; a 404 naming what is missing. */
    Rendered render(ObjectRead read);
}
