package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.Input;
import io.backline.model.InputValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@code POST /service/{id}/rollout} asks for, read from a form or a JSON body, with the
 * issue's defaults; every value out of its rule is a 400 that names the field and the rule.
 * {@code steps} is a comma-separated text ({@code 5,25,50,100}), a JSON array of numbers, or
 * repeated form fields ({@code steps[]=5&steps[]=25…}).
 */
record RolloutSettings(VersionNumber version, List<Integer> steps, int stepSeconds, long minRequests, double maxErrorRatio,
        double baselineMargin) {
    static final List<Integer> DEFAULT_STEPS = List.of(5, 25, 50, 100);
    static final int DEFAULT_STEP_SECONDS = 60;
    static final long DEFAULT_MIN_REQUESTS = 100;
    static final double DEFAULT_MAX_ERROR_RATIO = 0.01;
    static final double DEFAULT_BASELINE_MARGIN = 0.005;
    static final int MAX_STEPS = 20;
    static final int MAX_STEP_SECONDS = 86_400;
    static final long MAX_MIN_REQUESTS = 1_000_000_000L;
    private static final Set<String> FIELDS = Set.of("version", "steps", "step_seconds", "min_requests", "max_error_ratio",
            "baseline_margin");

    static RolloutSettings parse(Input body) {
        for (var key : body.values().keySet()) {
            if (!FIELDS.contains(key)) {
                throw ConfigException.invalid(key + ": unknown field (expected: one of version, steps, step_seconds, min_requests, "
                        + "max_error_ratio, baseline_margin)");
            }
        }
        var versionText = single(body, "version");
        if (versionText == null) {
            throw ConfigException.invalid("version: missing (expected: the number of the version to roll out)");
        }
        var version = VersionNumber.parse("version", versionText);
        var steps = steps(body);
        int stepSeconds = (int) whole(body, "step_seconds", DEFAULT_STEP_SECONDS, 1, MAX_STEP_SECONDS);
        long minRequests = whole(body, "min_requests", DEFAULT_MIN_REQUESTS, 1, MAX_MIN_REQUESTS);
        double maxErrorRatio = ratio(body, "max_error_ratio", DEFAULT_MAX_ERROR_RATIO);
        double baselineMargin = ratio(body, "baseline_margin", DEFAULT_BASELINE_MARGIN);
        return new RolloutSettings(version, steps, stepSeconds, minRequests, maxErrorRatio, baselineMargin);
    }

    private static List<Integer> steps(Input body) {
        var values = body.get("steps");
        if (values.isEmpty()) {
            return DEFAULT_STEPS;
        }
        var texts = new ArrayList<String>();
        for (var value : values) {
            switch (value) {
                case InputValue.Text text when values.size() == 1 -> texts.addAll(List.of(text.text().split(",", -1)));
                case InputValue.Text text -> texts.add(text.text());
                case InputValue.WholeNumber number -> texts.add(number.literal());
                case InputValue.Array array -> {
                    for (var item : array.items()) {
                        if (item instanceof InputValue.WholeNumber number) {
                            texts.add(number.literal());
                        } else if (item instanceof InputValue.Text text) {
                            texts.add(text.text());
                        } else {
                            throw ConfigException.invalid("steps: " + item.describe() + " (expected: whole percentages 1..100)");
                        }
                    }
                }
                default -> throw ConfigException.invalid("steps: " + value.describe()
                        + " (expected: ascending percentages ending at 100, e.g. '5,25,50,100' or [5,25,50,100])");
            }
        }
        if (texts.isEmpty() || texts.size() > MAX_STEPS) {
            throw ConfigException.invalid("steps: " + texts.size() + " steps (expected: 1 to " + MAX_STEPS + " percentages)");
        }
        var steps = new ArrayList<Integer>();
        for (var text : texts) {
            int percent;
            try {
                percent = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw ConfigException.invalid("steps: '" + text.strip() + "' (expected: whole percentages 1..100, e.g. '5,25,50,100')");
            }
            if (percent < 1 || percent > 100) {
                throw ConfigException.invalid("steps: " + percent + " (expected: percentages 1..100)");
            }
            if (!steps.isEmpty() && percent <= steps.getLast()) {
                throw ConfigException.invalid("steps: " + steps.getLast() + " then " + percent + " (expected: strictly ascending percentages)");
            }
            steps.add(percent);
        }
        if (steps.getLast() != 100) {
            throw ConfigException.invalid("steps: ends at " + steps.getLast() + " (expected: the last step is 100)");
        }
        return List.copyOf(steps);
    }

    /** The one value sent for {@code key} as text, or null when none was. */
    private static @Nullable String single(Input body, String key) {
        var values = body.get(key);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ConfigException.invalid(key + ": sent " + values.size() + " times (expected: one value)");
        }
        return switch (values.getFirst()) {
            case InputValue.Text text -> text.text().strip();
            case InputValue.WholeNumber number -> number.literal();
            case InputValue.DecimalNumber number -> number.literal();
            default -> throw ConfigException.invalid(key + ": " + values.getFirst().describe() + " (expected: a number)");
        };
    }

    private static long whole(Input body, String key, long fallback, long min, long max) {
        var text = single(body, key);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key + ": '" + text + "' (expected: a whole number " + min + ".." + max + ")");
        }
        if (value < min || value > max) {
            throw ConfigException.invalid(key + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }

    private static double ratio(Input body, String key, double fallback) {
        var text = single(body, key);
        if (text == null) {
            return fallback;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key + ": '" + text + "' (expected: a ratio 0..1, e.g. 0.01)");
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw ConfigException.invalid(key + ": " + text + " (expected: a ratio 0..1, e.g. 0.01)");
        }
        return value.doubleValue();
    }
}
