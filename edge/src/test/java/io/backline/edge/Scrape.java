package io.backline.edge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** A scrape in Prometheus' text format, read back into samples: what a test asserts on instead of matching text. */
public record Scrape(List<Sample> samples) {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
        boolean has(String... pairs) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    public static Scrape parse(String text) {
        var samples = new ArrayList<Sample>();
        for (var line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            var matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            var labels = new LinkedHashMap<String, String>();
            if (matcher.group(2) != null) {
                var label = LABEL.matcher(matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(matcher.group(1), Map.copyOf(labels), Double.parseDouble(matcher.group(3))));
        }
        return new Scrape(List.copyOf(samples));
    }

    /** The value of the one sample of {@code name} with these label pairs among its labels; fails when not exactly one. */
    public double value(String name, String... pairs) {
        var found = matching(name, pairs);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " with " + List.of(pairs) + ": " + found);
        }
        return found.getFirst().value();
    }

    public List<Sample> matching(String name, String... pairs) {
        return samples.stream().filter(sample -> sample.name().equals(name) && sample.has(pairs)).toList();
    }

    /** The metric names, as PromQL sees them ({@code _bucket}, {@code _count}, … included). */
    public TreeSet<String> names() {
        var names = new TreeSet<String>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    public int size() {
        return samples.size();
    }
}
