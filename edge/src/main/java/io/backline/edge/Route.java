package io.backline.edge;

import io.backline.condition.CompiledCondition;

/** A backend selected by a REQUEST condition, in the order routes are evaluated. */
public record Route(String conditionName, int priority, CompiledCondition condition, BackendSettings backend) {}
