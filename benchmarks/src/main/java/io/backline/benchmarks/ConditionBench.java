package io.backline.benchmarks;

import io.backline.condition.CompiledCondition;
import io.backline.condition.ConditionType;
import io.backline.condition.Conditions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Cost of evaluating one compiled condition against a request, for the common shapes. Each
 * invocation alternates between a matching and a non-matching request so neither branch is free.
 */
public class ConditionBench extends SampledBench {

    @Param({"url-regex", "host-equality", "regex-and-host", "pypi-fallback"})
    public String shape = "url-regex";

    private CompiledCondition condition = Conditions.compile("true", ConditionType.REQUEST);
    private final BenchRequest hit = REQUESTS[0]; // an API call to api.example.com
    private final BenchRequest miss = REQUESTS[1]; // a static file from www.example.com
    private int counter;

    @Setup
    public void compile() {
        var statement = switch (shape) {
            case "url-regex" -> "req.url ~ \"^/api/\"";
            case "host-equality" -> "req.http.host == \"api.example.com\"";
            case "regex-and-host" -> "req.url ~ \"^/api/\" && req.http.host == \"api.example.com\"";
            default -> "(!req.backend.healthy || req.restarts > 0) && (req.url ~ \"^/simple/\" || req.url ~ \"^/pypi/[^/]+(/[^/]+)?/json$\")";
        };
        condition = Conditions.compile(statement, ConditionType.REQUEST);
    }

    @Benchmark
    public boolean evaluate() {
        return condition.matches((counter++ & 1) == 0 ? hit : miss);
    }
}
