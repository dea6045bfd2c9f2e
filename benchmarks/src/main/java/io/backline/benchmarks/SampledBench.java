package io.backline.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings every microbenchmark here runs with, so that their figures compare: the time of
 * each call sampled (p50 and p99 in nanoseconds), three warm-up and five measured iterations of two
 * seconds, one fork, one state per thread. JMH reads these from the superclass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class SampledBench {
    /** The requests the benchmarks take turns with: an API call, a static file, a beta checkout and the home page. */
    static final BenchRequest[] REQUESTS = {
        new BenchRequest("/api/v1/users?page=2", "api.example.com", null),
        new BenchRequest("/static/img/logo.png", "www.example.com", null),
        new BenchRequest("/checkout/cart", "shop.example.com", "1"),
        new BenchRequest("/", "www.example.com", null)};
}
