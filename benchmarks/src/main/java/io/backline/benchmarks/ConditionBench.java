package io.backline.benchmarks;

import io.backline.condition.CompiledCondition;
import io.backline.condition.ConditionType;
import io.backline.condition.Conditions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of evaluating one compiled condition against a request, for the common shapes. Each
 * invocation alternates between a matching and a non-matching request so neither branch is free.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConditionBench {

    @Param({"url-regex", "host-equality", "regex-and-host", "pypi-fallback"})
    public String shape = "url-regex";

    private CompiledCondition condition = Conditions.compile("true", ConditionType.REQUEST);
    private final BenchRequest hit = new BenchRequest("/api/v1/users?page=2", "api.example.com", null);
    private final BenchRequest miss = new BenchRequest("/static/img/logo.png", "www.example.com", null);
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
