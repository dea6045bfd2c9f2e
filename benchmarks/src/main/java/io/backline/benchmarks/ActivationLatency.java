package io.backline.benchmarks;

import io.backline.app.BacklineServer;
import io.backline.app.ServeConfig;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;

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
            var sid = BenchHttp.field(BenchHttp.call(http, api, token, "POST", "/service", "name=activation"), "id");
            BenchHttp.call(http, api, token, "POST", "/service/" + sid + "/version/1/domain", "name=act.test");
            BenchHttp.call(http, api, token, "POST", "/service/" + sid + "/version/1/backend",
                    "name=origin&address=127.0.0.1&port=" + a.getAddress().getPort());
            BenchHttp.call(http, api, token, "PUT", "/service/" + sid + "/version/1/activate", "");
            BenchHttp.awaitBody(http, server.edgeUri(), "act.test", "A", System.nanoTime() + 5_000_000_000L);
            var samples = new ArrayList<Double>();
            int active = 1;
            for (int i = 0; i < rounds; i++) {
                var target = i % 2 == 0 ? b : a;
                var expected = i % 2 == 0 ? "B" : "A";
                var clone = BenchHttp.field(BenchHttp.call(http, api, token, "PUT", "/service/" + sid + "/version/" + active + "/clone", ""), "number");
                BenchHttp.call(http, api, token, "PUT", "/service/" + sid + "/version/" + clone + "/backend/origin",
                        "port=" + target.getAddress().getPort());
                BenchHttp.call(http, api, token, "PUT", "/service/" + sid + "/version/" + clone + "/activate", "");
                long answered = System.nanoTime();
                BenchHttp.awaitBody(http, server.edgeUri(), "act.test", expected, answered + 5_000_000_000L);
                samples.add((System.nanoTime() - answered) / 1e6);
                active = Integer.parseInt(clone);
            }
            Collections.sort(samples);
            System.out.printf("activation to traffic over %d activations: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", rounds,
                    samples.get(samples.size() / 2), samples.get((int) Math.ceil(samples.size() * 0.99) - 1), samples.getLast());
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }
}
