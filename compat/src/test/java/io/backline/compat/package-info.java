/**
 * The compatibility suite: the real Fastly CLI (npm {@code @fastly/cli}) and the real npm {@code fastly}
 * client driven against a real Backline server, checking what the client shows and what the API then holds.
 *
 * <p>Starting points: {@link io.backline.compat.BacklineExtension} starts one server per test class and hands
 * out {@link io.backline.compat.FastlyCli}, {@link io.backline.compat.FastlyJs} and
 * {@link io.backline.compat.BacklineApi} (plain HTTP, for checking the server's state). The clients are
 * installed into {@code target/npm} by the Maven build from {@code compat/package.json}.
 */
@NullMarked
package io.backline.compat;

import org.jspecify.annotations.NullMarked;
