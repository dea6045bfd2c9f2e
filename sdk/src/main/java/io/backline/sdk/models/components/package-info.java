/**
 * The bodies the client sends (a field is absent, cleared or set) and the objects the API answers,
 * one class per resource. The classes here are written by {@code sdk/codegen/generate.py}; this
 * file is not.
 */
@NullMarked
package io.backline.sdk.models.components;

import org.jspecify.annotations.NullMarked;
