package io.backline.benchmarks;

import io.backline.edge.ActiveVersion;
import io.backline.edge.health.HealthView;
import io.backline.edge.select.BackendSelector;
import io.backline.edge.ServiceSnapshot;
import io.backline.edge.SnapshotCompiler;
import io.backline.model.BackendRules;
import io.backline.model.BackendSchema;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Backend selection for one request against one compiled service, all backends healthy; a subclass
 * says which service ({@link #version}). JMH names each run after the subclass.
 */
public abstract class SelectionBenchBase extends SampledBench {
    @SuppressWarnings("NullAway.Init") // set in @Setup
    private ServiceSnapshot service;
    private int counter;

    /** The service's active version, built once per trial after JMH has set the subclass's parameters. */
    abstract ActiveVersion version();

    @Setup
    public void compile() {
        service = SnapshotCompiler.compile(1, List.of(version())).services().iterator().next();
    }

    /** A backend's values as the API would store them, from form fields. */
    static Values backend(Map<String, List<String>> form) {
        return BackendRules.INSTANCE.create(BackendSchema.SCHEMA.parse(form), ServiceType.VCL);
    }

    @Benchmark
    public Object select() {
        return BackendSelector.select(service, REQUESTS[counter++ & 3], HealthView.ALL_HEALTHY, false);
    }
}
