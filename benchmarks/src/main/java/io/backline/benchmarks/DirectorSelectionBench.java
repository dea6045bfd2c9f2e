package io.backline.benchmarks;

import io.backline.edge.ActiveVersion;
import io.backline.edge.BackendSelector;
import io.backline.edge.HealthView;
import io.backline.edge.ServiceSnapshot;
import io.backline.edge.SnapshotCompiler;
import io.backline.model.BackendRules;
import io.backline.model.BackendSchema;
import io.backline.model.DirectorRules;
import io.backline.model.DirectorSchema;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Backend selection through a director of eight members (the default backend is a member), one
 * run per policy: 1 random, 3 hash (Host and URL), 4 client (address). With {@code -prof gc} it
 * also shows the bytes each selection allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DirectorSelectionBench {
    @Param({"1", "3", "4"})
    public int type;

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
        var members = new ArrayList<String>();
        for (int i = 0; i < 8; i++) {
            backends.add(BackendRules.INSTANCE.create(BackendSchema.SCHEMA.parse(Map.of("name", List.of("m" + i), "address",
                    List.of("127.0.0.1"), "weight", List.of(Integer.toString(100 * (1 + i % 3))))), ServiceType.VCL));
            members.add("m" + i);
        }
        var director = DirectorRules.INSTANCE.create(DirectorSchema.SCHEMA.parse(Map.of("name", List.of("lb"), "type",
                List.of(Integer.toString(type)))), ServiceType.VCL).with(DirectorSchema.BACKENDS, List.copyOf(members));
        service = SnapshotCompiler.compile(1, List.of(new ActiveVersion("bench", 1, backends, List.of(), List.of(), List.of(),
                List.of(director)))).services().iterator().next();
    }

    @Benchmark
    public Object select() {
        return BackendSelector.select(service, requests[counter++ & 3], HealthView.ALL_HEALTHY, false);
    }
}
