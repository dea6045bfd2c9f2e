/**
 * One request and one response class per API operation, named after it
 * ({@code CreateBackendRequest}, {@code CreateBackendResponse}). The classes here are written by
 * {@code sdk/codegen/generate.py}; this file is not.
 */
@NullMarked
package io.backline.sdk.models.operations;

import org.jspecify.annotations.NullMarked;
