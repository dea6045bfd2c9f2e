package io.backline.compat;

import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliVersionCommandsTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fastly purge} (issue 17) with the real CLI: {@code --all}, {@code --key} (which CLI 16.1.0
 * sends as a batch of one in a {@code Surrogate-Key} header and reads back from the key-to-id map),
 * {@code --soft}, {@code --file} and {@code --url} (which it sends as {@code POST /purge/https://HOST/PATH}).
 * Each purge is checked where edge nodes read it (the edge feed's purges after the last one seen), and
 * in the cache of {@code backline serve}'s own edge, which a purge empties before the API answers.
 */
class CliPurgeCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @TempDir
    Path dir;

    @Test
    void purgeAllPurgesTheWholeService() {
        String sid = backline.api().createService(unique("purge all"));
        long before = lastPurge();

        assertSucceeded(backline.cli().run("purge", "--all", "-s", sid), "Purge all status: ok");

        assertThat(purgesAfter(before)).singleElement().satisfies(purge -> {
            assertThat(purge.path("service_id").asText()).isEqualTo(sid);
            assertThat(purge.path("kind").asText()).isEqualTo("all");
        });
    }

    @Test
    void purgeKeyPurgesOneKeyAndSoftMakesItSoft() {
        String sid = backline.api().createService(unique("purge key"));
        long before = lastPurge();

        ProcessResult hard = backline.cli().run("purge", "--key", "product-42", "-s", sid);
        ProcessResult soft = backline.cli().run("purge", "--key", "product-43", "--soft", "-s", sid);

        assertThat(hard.exitCode()).as(hard.describe()).isZero();
        assertThat(hard.stdout()).as(hard.describe()).contains("product-42").containsPattern("[0-9]+-[0-9]{10}-1");
        assertThat(soft.exitCode()).as(soft.describe()).isZero();
        List<JsonNode> purges = purgesAfter(before);
        assertThat(purges).extracting(purge -> purge.path("keys").get(0).asText() + " soft=" + purge.path("soft").asBoolean())
                .containsExactly("product-42 soft=false", "product-43 soft=true");
    }

    @Test
    void purgeFilePurgesEveryKeyInOneBatch() throws Exception {
        String sid = backline.api().createService(unique("purge file"));
        Path keys = Files.writeString(dir.resolve("keys.txt"), "alpha\nbeta\ngamma\n");
        long before = lastPurge();

        ProcessResult result = backline.cli().run("purge", "--file", keys.toString(), "-s", sid);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).containsPattern("(?m)^alpha\\s+[0-9]+-").containsPattern("(?m)^gamma\\s+[0-9]+-");
        assertThat(purgesAfter(before)).singleElement().satisfies(purge ->
                assertThat(purge.path("keys")).extracting(JsonNode::asText).containsExactly("alpha", "beta", "gamma"));
    }

    @Test
    void purgeUrlPurgesTheObjectOfTheServiceWhoseDomainIsTheHost() {
        String domain = unique("purge-url").replace(' ', '-') + ".example.com";
        String sid = activeService(domain);
        long before = lastPurge();

        assertSucceeded(backline.cli().run("purge", "--url", "https://" + domain + "/images/a.png?w=10", "-s", sid),
                "Purged URL: https://" + domain + "/images/a.png?w=10 (soft: false). Status: ok, ID: ");
        assertSucceeded(backline.cli().run("purge", "--url", "https://" + domain + "/b", "--soft", "-s", sid),
                "Purged URL: https://" + domain + "/b (soft: true). Status: ok, ID: ");

        List<JsonNode> purges = purgesAfter(before);
        assertThat(purges).extracting(purge -> purge.path("service_id").asText() + " " + purge.path("host").asText()
                + purge.path("path").asText() + " " + purge.path("soft").asBoolean())
                .containsExactly(sid + " " + domain + "/images/a.png?w=10 false", sid + " " + domain + "/b true");
    }

    @Test
    void aPurgeSelectTokenPurgesKeysButNotAll() {
        String sid = backline.api().createService(unique("purge scopes"));
        FastlyCli purger = backline.cli().withToken(backline.server().createToken("purge_select"));

        ProcessResult key = purger.run("purge", "--key", "k", "-s", sid);
        ProcessResult all = purger.run("purge", "--all", "-s", sid);

        assertThat(key.exitCode()).as(key.describe()).isZero();
        assertThat(all.exitCode()).as(all.describe()).isNotZero();
        assertThat(all.output()).as(all.describe()).contains("403");
    }

    @Test
    void eachPurgeKindEmptiesTheEdgeOfServeBeforeTheCliReturns() throws Exception {
        var originRequests = new java.util.concurrent.atomic.AtomicInteger();
        var origin = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            originRequests.incrementAndGet();
            byte[] body = "product page".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("Surrogate-Key", "product-1 catalogue");
            exchange.getResponseHeaders().add("Cache-Control", "max-age=600");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        try {
            String domain = unique("purge-edge").replace(' ', '-') + ".example.com";
            BacklineApi api = backline.api();
            String sid = api.createService(unique("purge edge service"));
            api.post("/service/" + sid + "/version/1/backend", BacklineApi.form("name", "origin", "address", "127.0.0.1",
                    "port", Integer.toString(origin.getAddress().getPort())));
            api.createDomain(sid, 1, domain);
            api.activate(sid, 1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> get(domain, "/p").contains("200 OK"));
            assertThat(get(domain, "/p")).containsIgnoringCase("x-cache: HIT");
            assertThat(originRequests.get()).isEqualTo(1);

            assertSucceeded(backline.cli().run("purge", "--key", "product-1", "-s", sid), "Purged key: product-1 (soft: false)");
            assertThat(get(domain, "/p")).containsIgnoringCase("x-cache: MISS");
            assertThat(originRequests.get()).isEqualTo(2);

            assertSucceeded(backline.cli().run("purge", "--url", "http://" + domain + "/p", "-s", sid),
                    "Purged URL: http://" + domain + "/p (soft: false). Status: ok");
            assertThat(get(domain, "/p")).containsIgnoringCase("x-cache: MISS");
            assertThat(originRequests.get()).isEqualTo(3);

            // Soft: the object is stale, not gone; the next request revalidates it at the origin.
            assertSucceeded(backline.cli().run("purge", "--key", "catalogue", "--soft", "-s", sid), "Purged key: catalogue (soft: true)");
            get(domain, "/p");
            assertThat(originRequests.get()).isEqualTo(4);
            assertThat(get(domain, "/p")).containsIgnoringCase("x-cache: HIT");

            assertSucceeded(backline.cli().run("purge", "--all", "-s", sid), "Purge all status: ok");
            assertThat(get(domain, "/p")).containsIgnoringCase("x-cache: MISS");
            assertThat(originRequests.get()).isEqualTo(5);
        } finally {
            origin.stop(0);
        }
    }

    /** One GET to serve's edge with the domain's Host (a raw socket: the JDK client will not set Host); the whole answer. */
    private static String get(String host, String path) throws java.io.IOException {
        java.net.URI edge = backline.server().edgeUri();
        try (var socket = new java.net.Socket(edge.getHost(), edge.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private static String activeService(String domain) {
        BacklineApi api = backline.api();
        String sid = api.createService(unique("purge url service"));
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.createDomain(sid, 1, domain);
        api.activate(sid, 1);
        return sid;
    }

    /** The last purge sequence, as a new edge learns it from the feed. */
    static long lastPurge() {
        JsonNode answer = BacklineApi.ok(backline.api().post("/_backline/edge/sync",
                BacklineApi.form("edge_id", "compat-probe", "serving", "", "wait_seconds", "0")));
        return answer.path("purged").asLong();
    }

    /** The purges after {@code seq}, as an edge that applied {@code seq} receives them. */
    static List<JsonNode> purgesAfter(long seq) {
        JsonNode answer = BacklineApi.ok(backline.api().post("/_backline/edge/sync",
                BacklineApi.form("edge_id", "compat-probe", "serving", "", "purged", Long.toString(seq), "wait_seconds", "0")));
        List<JsonNode> purges = new ArrayList<>();
        answer.path("purges").forEach(purges::add);
        return purges;
    }
}
