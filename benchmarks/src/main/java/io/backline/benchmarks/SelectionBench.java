package io.backline.benchmarks;

import io.backline.condition.ConditionRules;
import io.backline.edge.ActiveVersion;
import io.backline.edge.BackendSelector;
import io.backline.edge.HealthView;
import io.backline.edge.ServiceSnapshot;
import io.backline.edge.SnapshotCompiler;
import io.backline.model.BackendRules;
import io.backline.model.BackendSchema;
import io.backline.model.ConditionSchema;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Backend selection for one request in a service with ten condition routes (a mix of URL regexes,
 * host equality and header tests) plus a default backend. Target: under 5 µs per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SelectionBench {
    @SuppressWarnings("NullAway.Init") // set in @Setup
    private ServiceSnapshot service;
    private final BenchRequest[] requests = {
        new BenchRequest("/api/v1/users?page=2", "api.example.com", null),
        new BenchRequest("/static/img/logo.png", "www.example.com", null),
        new BenchRequest("/checkout/cart", "shop.example.com", "1"),
        new BenchRequest("/", "www.example.com", null)};
    private int counter;

    @Setup
    public void compile() {
        var backends = new ArrayList<Values>();
        var conditions = new ArrayList<Values>();
        backends.add(backend("default", ""));
        String[] statements = {
            "req.url ~ \"^/api/\"",
            "req.http.host == \"api.example.com\"",
            "req.url.ext ~ \"(?i)^(gif|png|jpe?g|webp)$\"",
            "req.url ~ \"^/checkout/\" && req.http.X-Beta",
            "req.http.host == \"shop.example.com\"",
            "req.url.path == \"/robots.txt\"",
            "std.prefixof(req.url, \"/static/\")",
            "req.http.Upgrade == \"websocket\"",
            "client.ip == \"10.0.0.1\"",
            "req.method == \"POST\" && req.url ~ \"^/api/v2/\""};
        for (int i = 0; i < statements.length; i++) {
            conditions.add(ConditionRules.INSTANCE.create(ConditionSchema.SCHEMA.parse(Map.of("name", List.of("c" + i),
                    "statement", List.of(statements[i]), "type", List.of("REQUEST"), "priority", List.of(Integer.toString(10 + i)))),
                    ServiceType.VCL));
            backends.add(backend("b" + i, "c" + i));
        }
        service = SnapshotCompiler.compile(1, List.of(new ActiveVersion("bench", 1, backends, conditions, List.of(), List.of())))
                .services().iterator().next();
    }

    private static Values backend(String name, String condition) {
        return BackendRules.INSTANCE.create(BackendSchema.SCHEMA.parse(Map.of("name", List.of(name), "address", List.of("127.0.0.1"),
                "request_condition", List.of(condition))), ServiceType.VCL);
    }

    @Benchmark
    public Object select() {
        return BackendSelector.select(service, requests[counter++ & 3], HealthView.ALL_HEALTHY, false);
    }
}
