/**
 * Fastly's request-condition language (the VCL boolean expressions of {@code condition.statement}):
 * a lexer, a parser into a sealed AST, a type check against the variables a condition type can
 * see, and a compiler into a predicate the edge evaluates per request.
 *
 * <p>Starting points: {@link io.backline.condition.Conditions#compile} (statement to {@link
 * io.backline.condition.CompiledCondition}), {@link io.backline.condition.RequestView} (what a
 * predicate reads), {@link io.backline.condition.ConditionSyntaxException} (position and
 * expectation of a refused statement). Regular expressions run on RE2/J, in linear time, so no
 * statement can stall the edge.
 */
@NullMarked
package io.backline.condition;

import org.jspecify.annotations.NullMarked;
