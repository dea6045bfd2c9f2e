package io.backline.app;

import io.backline.edge.RolloutCounts;
import io.backline.wire.EdgeFeedRollouts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * An edge node's rollout counts, sent to the API node the feed follows every {@link #EVERY} while
 * the node serves a rollout ({@link EdgeFeedRollouts}): a short POST beside the feed's long poll.
 * Counts are cumulative, so a report lost to a failing node costs nothing: the next one, maybe to
 * another node, carries them. Runs on its own daemon thread; sends nothing while no rollout runs.
 */
final class RolloutReportClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RolloutReportClient.class.getName());
    /** The issue asks for at least one report a second; half that keeps a late tick within it. */
    static final Duration EVERY = Duration.ofMillis(500);

    private final RolloutCounts counts;
    private final Supplier<URI> plane;
    private final String token;
    private final String edgeId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread thread;
    private volatile boolean closed;
    private volatile long sent;

    RolloutReportClient(RolloutCounts counts, Supplier<URI> plane, String token, String edgeId) {
        this.counts = counts;
        this.plane = plane;
        this.token = token;
        this.edgeId = edgeId;
        this.thread = Thread.ofPlatform().name("backline-edge-rollout-report").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Reports the API took so far. */
    long sent() {
        return sent;
    }

    private void run() {
        boolean failing = false;
        while (!closed) {
            try {
                Thread.sleep(EVERY);
            } catch (InterruptedException e) {
                return;
            }
            var now = counts.snapshot();
            if (now.isEmpty()) {
                continue;
            }
            var target = plane.get();
            try {
                var form = "edge_id=" + encode(edgeId) + "&counts=" + encode(EdgeFeedRollouts.encode(now.stream()
                        .map(c -> new EdgeFeedRollouts.Count(c.rolloutId(), c.serviceId(), c.version(), c.requests(), c.errors()))
                        .toList()));
                var request = HttpRequest.newBuilder(target.resolve("/_backline/edge/rollout-report"))
                        .timeout(Duration.ofSeconds(2))
                        .header("Fastly-Key", token)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build();
                var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("status " + response.statusCode() + ": " + response.body());
                }
                sent++;
                if (failing) {
                    LOG.log(Level.INFO, () -> "edge " + edgeId + ": rollout reports reach " + target + " again");
                    failing = false;
                }
            } catch (IOException | RuntimeException e) {
                // The next tick tries again (the feed moves plane() to a node that answers); say so once per outage.
                if (!failing) {
                    LOG.log(Level.WARNING, "edge " + edgeId + ": rollout report to " + target + " failed (" + e.getMessage()
                            + "); retrying every " + EVERY.toMillis() + " ms");
                    failing = true;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        http.close();
    }
}
