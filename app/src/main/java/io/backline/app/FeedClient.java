package io.backline.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.condition.StandardKinds;
import io.backline.wire.EdgeFeed;
import io.backline.wire.EdgeFeedCertificates;
import io.backline.wire.EdgeFeedPurges;
import io.backline.wire.Json;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * An edge node's side of the edge feed ({@link EdgeFeed}): one long poll after another on its own
 * thread, saying what the node serves and the last purge it applied ({@link EdgeFeedPurges}), which
 * acknowledges the last answer, and handing each answer to the node; after a failure, the next API
 * node with jittered, doubling backoff.
 */
final class FeedClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FeedClient.class.getName());
    static final int WAIT_SECONDS = 20;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** What the feed changes: the node's served configuration. */
    interface Receiver {
        Served served();

        /** An answer that changed no service: the revision moves on, nothing is rebuilt. */
        void advance(long revision);

        /** A changed configuration; false when it cannot be built (the previous one keeps serving). */
        boolean apply(Served next);

        /** The last purge sequence applied; negative before the first answer that said one. */
        long purged();

        /** Applies an answer's purges (or its reset) and takes its sequence as the one applied. */
        void purge(EdgeFeedPurges.Answer purges);
        /** The POPs and their edges' addresses, from every answer (shielding). */
        void pops(Map<String, List<String>> pops);

        /** The activated TLS certificates, when an answer carries them (they changed); held in memory only. */
        void certificates(List<EdgeFeedCertificates.Certificate> certificates);
    }

    /**
     * What the edge says of itself for shielding: its POP, and the address edges of other POPs
     * reach it at (null when it has none).
     */
    record Membership(String pop, @Nullable String address) {}

    private final List<URI> controlPlanes;
    private final String token;
    private final String edgeId;
    private final Receiver receiver;
    private final Membership membership;
    /**
     * The pops_digest of the last answer taken in, sent back so that a changed POP map is answered
     * at once; {@code none} before the first (an empty value would read as absent, and an edge
     * restarted on its kept configuration, with nothing else new, would wait a whole poll for the POPs).
     */
    private volatile String popsDigest = "none";
    /**
     * The certificates_digest of the last answer taken in, {@code none} before the first: the
     * certificates are held in memory only, so a restarted edge asks for them again.
     */
    private volatile String certificatesDigest = EdgeFeedCertificates.NONE;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile @Nullable URI connectedTo;
    private volatile boolean closed;

    FeedClient(List<URI> controlPlanes, String token, String edgeId, Membership membership, Receiver receiver) {
        this.membership = membership;
        this.controlPlanes = List.copyOf(controlPlanes);
        this.token = token;
        this.edgeId = edgeId;
        this.receiver = receiver;
        this.thread = Thread.ofPlatform().name("backline-edge-sync").daemon().unstarted(this::follow);
    }

    void start() {
        thread.start();
    }

    /** The API node the feed follows now, null while none answers. */
    @Nullable URI connectedTo() {
        return connectedTo;
    }

    private void follow() {
        int node = 0;
        var backoff = MIN_BACKOFF;
        while (!closed) {
            var plane = controlPlanes.get(node % controlPlanes.size());
            try {
                var answer = call(plane);
                connectedTo = plane;
                backoff = MIN_BACKOFF;
                if (!accept(answer)) {
                    sleep(MAX_BACKOFF); // a configuration this edge cannot build: do not ask again at once
                }
            } catch (IOException | FeedException | RuntimeException e) {
                // RuntimeException: an answer that is not the feed's JSON, or a URL the client refuses;
                // the loop must outlive both, or the edge would stop following without saying so.
                connectedTo = null;
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "edge " + edgeId + ": API node " + plane + " failed (" + e.getMessage() + "); trying "
                        + controlPlanes.get((node + 1) % controlPlanes.size()) + " in " + backoff.toMillis() + " ms");
                node++;
                sleep(jitter(backoff));
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private JsonNode call(URI plane) throws IOException, InterruptedException, FeedException {
        var served = receiver.served();
        long purged = receiver.purged();
        var form = "edge_id=" + encode(edgeId) + "&serving=" + encode(served.serving()) + "&staged=" + encode(served.stagedServing())
                + (purged < 0 ? "" : "&purged=" + purged) + "&wait_seconds=" + WAIT_SECONDS + shieldFields();
        var request = HttpRequest.newBuilder(plane.resolve("/_backline/edge/sync"))
                .timeout(Duration.ofSeconds(WAIT_SECONDS + 10))
                .header("Fastly-Key", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new FeedException("status " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return Json.mapper().readTree(response.body());
    }

    /** The report's shielding fields: the POP, the address when there is one, and the POPs' digest last taken in. */
    private String shieldFields() {
        var address = membership.address();
        return "&pop=" + encode(membership.pop()) + (address == null ? "" : "&address=" + encode(address))
                + "&pops_digest=" + encode(popsDigest) + "&certificates_digest=" + encode(certificatesDigest);
    }

    /**
     * Takes in one answer: its POPs, its purges (applying them needs no configuration, and a purge must
     * not wait behind a configuration that fails to build), then its configuration; false when the
     * changed configuration could not be built.
     */
    private boolean accept(JsonNode answer) {
        var digest = EdgeFeed.popsDigest(answer);
        if (digest != null && !digest.equals(popsDigest)) {
            receiver.pops(EdgeFeed.decodePops(answer)); // an API node before shielding sends none: the map stays empty
            popsDigest = digest;
        }
        var certificates = EdgeFeedCertificates.decode(answer);
        var certificatesNow = EdgeFeedCertificates.digestOf(answer);
        if (certificates.isPresent() && certificatesNow != null) {
            receiver.certificates(certificates.get());
            certificatesDigest = certificatesNow;
        }
        var purges = EdgeFeedPurges.decode(answer);
        if (purges != null) {
            receiver.purge(purges);
        }
        var changed = answer.path("changed");
        var removed = answer.path("removed");
        // Absent from an API node before staging: path() reads them as empty.
        var stagedChanged = answer.path("staged_changed");
        var stagedRemoved = answer.path("staged_removed");
        long revision = answer.path("revision").asLong();
        var current = receiver.served();
        if (changed.isEmpty() && removed.isEmpty() && stagedChanged.isEmpty() && stagedRemoved.isEmpty()) {
            if (revision != current.revision()) {
                receiver.advance(revision);
            }
            return true;
        }
        var kinds = StandardKinds.KINDS.fedToEdges();
        var services = new ArrayList<EdgeFeed.Service>();
        changed.forEach(item -> services.add(EdgeFeed.decodeService(item, kinds)));
        var staged = new ArrayList<EdgeFeed.Staged>();
        stagedChanged.forEach(item -> staged.add(EdgeFeed.decodeStaged(item, kinds)));
        return receiver.apply(current.with(revision, services, ids(removed), staged, ids(stagedRemoved)));
    }

    private static List<String> ids(JsonNode array) {
        var ids = new ArrayList<String>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Duration jitter(Duration base) {
        long millis = base.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /** An API node answered, but not with the feed. */
    private static final class FeedException extends Exception {
        private static final long serialVersionUID = 1L;

        FeedException(String message) {
            super(message);
        }
    }
}
