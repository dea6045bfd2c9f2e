package io.backline.benchmarks;

import io.backline.app.ApiNode;
import io.backline.app.Databases;
import io.backline.app.EdgeNode;
import io.backline.app.HostPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Activation to traffic on every edge of a scale-out deployment: PostgreSQL (started from Maven
 * artifacts), two API nodes, two edge nodes following them. Each round clones the active version
 * through one node (alternating), points its backend at the other origin, activates it, and times
 * from the activation's answer until each edge serves the new origin.
 *
 * <p>Usage: {@code ScaleOutActivationLatency [rounds]} (100 by default); prints p50, p99 and max
 * per edge and for the slower of the two in each round.
 */
public final class ScaleOutActivationLatency {
    private ScaleOutActivationLatency() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        var a = BenchHttp.origin("A");
        var b = BenchHttp.origin("B");
        try (var postgres = EmbeddedPostgres.builder().start()) {
            var database = "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
            var localhost = new HostPort("127.0.0.1", 0);
            try (var node1 = ApiNode.start(Databases.open(database), localhost, 0);
                    var node2 = ApiNode.start(Databases.open(database), localhost, 0)) {
                // Both nodes start on one empty database: whichever migrated it first made the admin token.
                var first = node1.newAdminToken();
                String token = first != null ? first : Objects.requireNonNull(node2.newAdminToken(), "neither node made the admin token");
                var dir = Files.createTempDirectory("scaleout-bench");
                try (var edge1 = EdgeNode.start(new EdgeNode.Settings(List.of(node1.apiUri(), node2.apiUri()), token, localhost,
                        dir.resolve("edge-1"), "edge-1"));
                        var edge2 = EdgeNode.start(new EdgeNode.Settings(List.of(node2.apiUri(), node1.apiUri()), token, localhost,
                                dir.resolve("edge-2"), "edge-2"))) {
                    var http = HttpClient.newHttpClient();
                    var nodes = List.of(node1.apiUri(), node2.apiUri());
                    var api = nodes.get(0);
                    var sid = BenchHttp.serviceOnOrigin(http, api, token, "scaleout", "scale.test", a.getAddress().getPort());
                    var edges = List.of(URI.create("http://127.0.0.1:" + edge1.port()), URI.create("http://127.0.0.1:" + edge2.port()));
                    for (var edge : edges) {
                        BenchHttp.awaitBody(http, edge, "scale.test", "A", System.nanoTime() + 10_000_000_000L);
                    }
                    var perEdge = List.of(new ArrayList<Double>(), new ArrayList<Double>());
                    var slowest = new ArrayList<Double>();
                    int active = 1;
                    for (int i = 0; i < rounds; i++) {
                        var node = nodes.get(i % 2);
                        var target = i % 2 == 0 ? b : a;
                        var expected = i % 2 == 0 ? "B" : "A";
                        active = BenchHttp.switchOrigin(http, node, token, sid, active, target.getAddress().getPort());
                        long answered = System.nanoTime();
                        double worst = 0;
                        for (int e = 0; e < edges.size(); e++) {
                            BenchHttp.awaitBody(http, edges.get(e), "scale.test", expected, answered + 10_000_000_000L);
                            double ms = (System.nanoTime() - answered) / 1e6;
                            perEdge.get(e).add(ms);
                            worst = Math.max(worst, ms);
                        }
                        slowest.add(worst);
                    }
                    System.out.println(summary("edge-1", perEdge.get(0)));
                    System.out.println(summary("edge-2", perEdge.get(1)));
                    System.out.println(summary("every edge (slower of the two per round)", slowest) + " over " + rounds + " activations");
                }
            }
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    private static String summary(String name, List<Double> samples) {
        return name + ": " + BenchHttp.percentiles(samples, 1);
    }
}
