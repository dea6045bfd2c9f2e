package io.backline.benchmarks;

import io.backline.app.BacklineServer;
import io.backline.app.ServeConfig;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;

/**
 * Activation-to-traffic time in one process (backline serve): two origins answer "A" and "B";
 * each round clones the active version, points its backend at the other origin, activates, and
 * polls the edge until it answers from the new origin. Prints p50/p99/max of the time from the
 * activate call's answer to the first request served by the new version.
 *
 * <p>Usage: {@code java -cp … io.backline.benchmarks.ActivationLatency [rounds]}
 */
public final class ActivationLatency {
    private ActivationLatency() {}

    public static void main(String[] args) throws Exception {
        // The edge routes by Host; the JDK client sends a custom one only when allowed to.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        var a = BenchHttp.origin("A");
        var b = BenchHttp.origin("B");
        var dir = Files.createTempDirectory("activation");
        try (var server = BacklineServer.start(ServeConfig.ephemeral(dir))) {
            var http = HttpClient.newHttpClient();
            var api = server.apiUri();
            var token = server.adminToken();
            var sid = BenchHttp.serviceOnOrigin(http, api, token, "activation", "act.test", a.getAddress().getPort());
            BenchHttp.awaitBody(http, server.edgeUri(), "act.test", "A", System.nanoTime() + 5_000_000_000L);
            var samples = new ArrayList<Double>();
            int active = 1;
            for (int i = 0; i < rounds; i++) {
                var target = i % 2 == 0 ? b : a;
                var expected = i % 2 == 0 ? "B" : "A";
                active = BenchHttp.switchOrigin(http, api, token, sid, active, target.getAddress().getPort());
                long answered = System.nanoTime();
                BenchHttp.awaitBody(http, server.edgeUri(), "act.test", expected, answered + 5_000_000_000L);
                samples.add((System.nanoTime() - answered) / 1e6);
            }
            System.out.println("activation to traffic over " + rounds + " activations: " + BenchHttp.percentiles(samples, 2));
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }
}
