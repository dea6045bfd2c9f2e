package io.backline.app;

import com.sun.net.httpserver.HttpServer;
import io.backline.app.CrashServer.Launcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The soak: {@code backline serve} from the real jar under a moderate, fixed rate of requests
 * through its edge to a real origin on loopback, an activation every 30 s (clone the active
 * version, change a backend field, activate) and API writes alongside (a backend created, updated
 * and deleted in a scratch version, about one write a second). Once a minute it samples the
 * server's RSS, heap after a full GC, file descriptors, threads and connections to the origin; at
 * the end it prints each metric's least-squares slope per minute, first and last values, and a
 * verdict against "no growth beyond noise" ({@link SoakTrend}).
 *
 * <p>The first sample is taken after one minute of load, so class loading, JIT compilation and
 * pool warm-up are behind it. Run by {@code bench/soak.sh}.
 */
final class SoakRun {
    private static final String HOST = "soak.test";
    private static final int MAX_IN_FLIGHT = 64;
    private static final Duration ACTIVATION_EVERY = Duration.ofSeconds(30);
    private static final Duration WRITE_EVERY = Duration.ofSeconds(1);

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong non200 = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong activations = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final List<String> apiErrors = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        // The edge routes by Host; the JDK client sends its own Host header only when allowed to.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        double minutes = Double.parseDouble(options.getOrDefault("minutes", "20"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
        Path work = Path.of(options.getOrDefault("work", Files.createTempDirectory("soak").toString()));
        Launcher launcher = Launcher.jar(Path.of(options.get("jar")), Arrays.stream(options.getOrDefault("jvm-options", "")
                .split("\\s+")).filter(option -> !option.isBlank()).toList());
        boolean grows = new SoakRun().run(launcher, work, minutes, rate);
        System.exit(grows ? 1 : 0);
    }

    private boolean run(Launcher launcher, Path work, double minutes, int rate) throws Exception {
        HttpServer origin = startOrigin();
        int originPort = origin.getAddress().getPort();
        Files.createDirectories(work);
        log("origin on 127.0.0.1:" + originPort + "; %s min at %d req/s through the edge".formatted(minutes, rate));
        try (CrashServer server = CrashServer.serve(launcher, work.resolve("data"), work.resolve("logs/serve.log"));
                CrashApi api = server.api();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2)).build();
                ScheduledExecutorService timers = Executors.newScheduledThreadPool(2)) {
            String sid = configure(api, originPort);
            log("server pid " + server.pid() + ", API " + server.apiBase() + ", edge " + server.edgeBase() + ", service " + sid);
            HttpRequest request = HttpRequest.newBuilder(server.edgeBase().resolve("/1k")).header("Host", HOST)
                    .timeout(Duration.ofSeconds(10)).build();
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            long periodNanos = 1_000_000_000L / rate;
            timers.scheduleAtFixedRate(() -> fire(http, request, inFlight), 0, periodNanos, TimeUnit.NANOSECONDS);
            timers.scheduleWithFixedDelay(() -> guarded("activation", () -> activate(api, sid)),
                    ACTIVATION_EVERY.toMillis(), ACTIVATION_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            ApiWrites scratch = new ApiWrites(api, sid);
            timers.scheduleWithFixedDelay(() -> guarded("api write", scratch::next),
                    WRITE_EVERY.toMillis(), WRITE_EVERY.toMillis(), TimeUnit.MILLISECONDS);

            SoakSampler sampler = new SoakSampler(server.pid(), originPort);
            Path csv = work.resolve("samples.csv");
            Files.writeString(csv, SoakSampler.Sample.csvHeader() + "\n");
            List<SoakSampler.Sample> samples = new ArrayList<>();
            long start = System.nanoTime();
            int count = (int) Math.floor(minutes);
            for (int minute = 1; minute <= Math.max(count, 2); minute++) {
                // At least two samples; a fractional run (tests of the script) samples at its end and half-way.
                double at = count >= 2 ? minute : minutes * minute / 2;
                sleepUntil(start + (long) (at * 60e9));
                SoakSampler.Sample sample = sampler.sample(Duration.ofNanos(System.nanoTime() - start).toMillis() / 60_000.0);
                samples.add(sample);
                Files.writeString(csv, sample.csv() + "\n", java.nio.file.StandardOpenOption.APPEND);
                log(("t=%.1f min: rss %d kB, heap after GC %d kB, fds %d, threads %d, origin connections %d; "
                        + "requests ok %d, non-200 %d, failed %d, skipped %d; activations %d, API writes %d")
                        .formatted(sample.minute(), sample.rssKb(), sample.heapAfterGcKb(), sample.fds(), sample.threads(),
                                sample.originConnections(), ok.get(), non200.get(), failed.get(), skipped.get(),
                                activations.get(), writes.get()));
                if (!server.isAlive()) {
                    throw new IllegalStateException("the server died; log:\n" + server.logTail());
                }
            }
            timers.shutdownNow();
            return report(samples, minutes, rate);
        } finally {
            origin.stop(0);
        }
    }

    private boolean report(List<SoakSampler.Sample> samples, double minutes, int rate) {
        List<Double> at = samples.stream().map(SoakSampler.Sample::minute).toList();
        long firstRss = samples.getFirst().rssKb();
        long firstHeap = samples.getFirst().heapAfterGcKb();
        List<SoakTrend> trends = List.of(
                trend("RSS", "kB", at, samples, s -> s.rssKb(), Math.max(8_192, firstRss * 0.05)),
                trend("heap after GC", "kB", at, samples, s -> s.heapAfterGcKb(), Math.max(4_096, firstHeap * 0.10)),
                trend("open fds", "", at, samples, s -> s.fds(), 5),
                trend("threads", "", at, samples, s -> s.threads(), 3),
                trend("origin connections", "", at, samples, s -> s.originConnections(), 4));
        System.out.println();
        System.out.println("== soak: %s min at %d req/s, %d samples ==".formatted(minutes, rate, samples.size()));
        System.out.println("requests: ok %d, non-200 %d, failed %d, skipped (over %d in flight) %d; activations %d; API writes %d; API errors %d"
                .formatted(ok.get(), non200.get(), failed.get(), MAX_IN_FLIGHT, skipped.get(), activations.get(), writes.get(),
                        apiErrors.size()));
        System.out.println();
        System.out.println("| metric | first | last | slope | growth over the run | noise floor | verdict |");
        System.out.println("|---|---|---|---|---|---|---|");
        trends.forEach(trend -> System.out.println(trend.row()));
        apiErrors.stream().limit(10).forEach(error -> System.out.println("API ERROR " + error));
        boolean grows = trends.stream().anyMatch(SoakTrend::grows);
        System.out.println();
        System.out.println(grows ? "verdict: GROWTH beyond noise" : "verdict: no growth beyond noise");
        return grows;
    }

    private static SoakTrend trend(String metric, String unit, List<Double> at, List<SoakSampler.Sample> samples,
            ToDoubleFunction<SoakSampler.Sample> value, double tolerance) {
        return SoakTrend.of(metric, unit, at, samples.stream().map(value::applyAsDouble).toList(), tolerance);
    }

    /** One request through the edge, unless {@value #MAX_IN_FLIGHT} are already waiting (then it is counted as skipped). */
    private void fire(HttpClient http, HttpRequest request, Semaphore inFlight) {
        if (!inFlight.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            inFlight.release();
            if (error != null) {
                failed.incrementAndGet();
            } else if (response.statusCode() == 200) {
                ok.incrementAndGet();
            } else {
                non200.incrementAndGet();
            }
        });
    }

    /** Service "soak": domain {@value #HOST}, one backend to the origin, version 1 active. */
    private static String configure(CrashApi api, int originPort) throws IOException {
        String sid = expectOk(api.post("/service", Map.of("name", "soak", "type", "vcl"))).json().path("id").asText();
        expectOk(api.post("/service/" + sid + "/version/1/domain", Map.of("name", HOST)));
        expectOk(api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1",
                "port", Integer.toString(originPort))));
        expectOk(api.put("/service/" + sid + "/version/1/activate", Map.of()));
        return sid;
    }

    /** Clone the active version, change a backend field, activate the clone. */
    private void activate(CrashApi api, String sid) throws IOException {
        int active = 0;
        for (var version : expectOk(api.get("/service/" + sid + "/version")).json()) {
            if (version.path("active").asBoolean()) {
                active = version.path("number").asInt();
            }
        }
        int clone = expectOk(api.put("/service/" + sid + "/version/" + active + "/clone", Map.of())).json().path("number").asInt();
        expectOk(api.put("/service/" + sid + "/version/" + clone + "/backend/origin",
                Map.of("connect_timeout", Integer.toString(1_000 + clone % 500), "comment", "activation " + clone)));
        expectOk(api.put("/service/" + sid + "/version/" + clone + "/activate", Map.of()));
        activations.incrementAndGet();
    }

    /** A scratch draft in which a backend is created, updated and deleted in turn, one call per tick. */
    private final class ApiWrites {
        private final CrashApi api;
        private final String sid;
        private int version;
        private int step;

        ApiWrites(CrashApi api, String sid) {
            this.api = api;
            this.sid = sid;
        }

        void next() throws IOException {
            if (version == 0) {
                version = expectOk(api.post("/service/" + sid + "/version", Map.of("comment", "soak scratch"))).json()
                        .path("number").asInt();
            }
            String base = "/service/" + sid + "/version/" + version + "/backend";
            switch (step++ % 3) {
                case 0 -> expectOk(api.post(base, Map.of("name", "scratch", "address", "192.0.2.1", "port", "80")));
                case 1 -> expectOk(api.put(base + "/scratch", Map.of("weight", Integer.toString(1 + step % 100))));
                default -> expectOk(api.delete(base + "/scratch"));
            }
            writes.incrementAndGet();
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    private void guarded(String what, Step step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            synchronized (apiErrors) {
                apiErrors.add(what + ": " + e.getMessage());
            }
        }
    }

    private static CrashApi.Reply expectOk(CrashApi.Reply reply) throws IOException {
        if (!reply.ok()) {
            throw new IOException("answered " + reply);
        }
        return reply;
    }

    /** An origin that answers every request with 1 KiB, as the benchmarks' /1k does. */
    private static HttpServer startOrigin() throws IOException {
        byte[] body = "x".repeat(1023).concat("\n").getBytes(StandardCharsets.US_ASCII);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Cache-Control", "private"); // counted per request: the edge's cache (on by default) must pass it
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 1_000_000_000L));
        }
    }

    private static void log(String line) {
        System.out.println("[soak] " + line);
        System.out.flush();
    }
}
