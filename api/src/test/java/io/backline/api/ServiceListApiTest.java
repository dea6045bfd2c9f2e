package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /service} (spec §3.1): list items, sorting, and the {@code Link} header that go-fastly
 * walks. Its own server, so the number of services is known: exactly five.
 */
class ServiceListApiTest {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>;\\s*rel=\"([a-z]+)\"");

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void fiveServices() {
        for (var name : List.of("echo", "alpha", "delta", "charlie", "bravo")) {
            ids.add(api.createService(name));
        }
    }

    @Test
    void listsItemsWithVersionAndVersionsButNoPublishKey() {
        var items = api.get("/service?per_page=100").ok().json();

        assertThat(items.isArray()).isTrue();
        assertThat(items).hasSize(5);
        for (var item : items) {
            assertThat(item.path("version").isInt()).as("list item version is an integer").isTrue();
            assertThat(item.path("versions").isArray()).isTrue();
            assertThat(item.has("publish_key")).isFalse();
        }
    }

    @Test
    void listsVersionAsTheActiveNumberOrElseTheHighest() {
        var sid = ids.get(0);
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.put("/service/" + sid + "/version/1/clone").ok();
        api.put("/service/" + sid + "/version/1/clone").ok();

        assertThat(listed(sid).path("version").asInt()).isEqualTo(3);

        api.put("/service/" + sid + "/version/2/activate").ok();
        assertThat(listed(sid).path("version").asInt()).isEqualTo(2);

        api.put("/service/" + sid + "/version/2/deactivate").ok();
        assertThat(listed(sid).path("version").asInt()).isEqualTo(3);
    }

    @Test
    void sortsByCreationAscendingByDefault() {
        assertThat(names(api.get("/service?per_page=100").ok().json()))
                .containsExactly("echo", "alpha", "delta", "charlie", "bravo");
    }

    @Test
    void sortsByNameAndDescending() {
        assertThat(names(api.get("/service?per_page=100&sort=name").ok().json()))
                .containsExactly("alpha", "bravo", "charlie", "delta", "echo");
        assertThat(names(api.get("/service?per_page=100&sort=name&direction=descend").ok().json()))
                .containsExactly("echo", "delta", "charlie", "bravo", "alpha");
        assertThat(names(api.get("/service?per_page=100&direction=descend").ok().json()))
                .containsExactly("bravo", "charlie", "delta", "alpha", "echo");
    }

    @Test
    void firstPageLinksToLastAndNextOnly() {
        var reply = api.get("/service?direction=ascend&page=1&per_page=2&sort=created").ok();

        var links = links(reply.header("Link"));
        assertThat(links.keySet()).containsExactlyInAnyOrder("last", "next");
        assertThat(page(links.get("last"))).isEqualTo("3");
        assertThat(page(links.get("next"))).isEqualTo("2");
        assertThat(reply.json()).hasSize(2);
    }

    @Test
    void middlePageLinksToLastNextPrevAndFirst() {
        var reply = api.get("/service?direction=ascend&page=2&per_page=2&sort=created").ok();

        var links = links(reply.header("Link"));
        assertThat(links.keySet()).containsExactlyInAnyOrder("last", "next", "prev", "first");
        assertThat(page(links.get("last"))).isEqualTo("3");
        assertThat(page(links.get("next"))).isEqualTo("3");
        assertThat(page(links.get("prev"))).isEqualTo("1");
        assertThat(page(links.get("first"))).isEqualTo("1");
    }

    @Test
    void lastPageLinksToPrevAndFirstOnly() {
        var reply = api.get("/service?direction=ascend&page=3&per_page=2&sort=created").ok();

        var links = links(reply.header("Link"));
        assertThat(links.keySet()).containsExactlyInAnyOrder("prev", "first");
        assertThat(page(links.get("prev"))).isEqualTo("2");
        assertThat(page(links.get("first"))).isEqualTo("1");
        assertThat(reply.json()).hasSize(1);
    }

    @Test
    void linksAreAbsoluteAndRepeatTheQueryChangingOnlyPage() {
        var reply = api.get("/service?direction=ascend&page=2&per_page=2&sort=created").ok();

        for (var link : links(reply.header("Link")).values()) {
            var uri = URI.create(link);
            assertThat(uri.isAbsolute()).as(link).isTrue();
            assertThat(uri.getScheme() + "://" + uri.getAuthority()).isEqualTo(api.baseUrl());
            assertThat(uri.getPath()).isEqualTo("/service");
            var query = query(uri);
            assertThat(query).containsEntry("direction", "ascend").containsEntry("per_page", "2")
                    .containsEntry("sort", "created").containsKey("page");
            assertThat(query.keySet()).containsExactlyInAnyOrder("direction", "page", "per_page", "sort");
        }
    }

    @Test
    void putsPageIntoEveryLinkWhenTheRequestHadNone() {
        var reply = api.get("/service?per_page=2").ok();

        var links = links(reply.header("Link"));
        assertThat(links).isNotEmpty();
        for (var link : links.values()) {
            assertThat(query(URI.create(link))).as(link).containsKey("page").containsEntry("per_page", "2");
        }
    }

    @Test
    void followingNextLinksVisitsEveryServiceOnce() {
        var seen = new ArrayList<String>();
        String next = "/service?page=1&per_page=2";
        int pages = 0;
        while (next != null && pages < 10) {
            var reply = api.get(next).ok();
            reply.json().forEach(item -> seen.add(item.path("id").asText()));
            var link = links(reply.header("Link")).get("next");
            next = link == null ? null : URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery();
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void listsOnlyItsOwnServicesForARestrictedToken() {
        var token = api.token("global", ids.get(1), ids.get(3));

        var reply = api.call("GET", "/service?per_page=1&page=1").token(token).send().ok();
        var all = api.call("GET", "/service?per_page=100").token(token).send().ok().json();

        var visible = new ArrayList<String>();
        all.forEach(item -> visible.add(item.path("id").asText()));
        assertThat(visible).containsExactlyInAnyOrder(ids.get(1), ids.get(3));
        assertThat(reply.json()).hasSize(1);
        assertThat(page(links(reply.header("Link")).get("last"))).isEqualTo("2");
    }

    @Test
    void defaultsToTwentyPerPage() {
        var token = api.token("global");
        var extra = new ArrayList<String>();
        try {
            for (int i = 0; i < 16; i++) {
                extra.add(api.createService("filler " + i));
            }
            var reply = api.call("GET", "/service").token(token).send().ok();

            assertThat(reply.json()).hasSize(20);
            assertThat(page(links(reply.header("Link")).get("last"))).isEqualTo("2");
        } finally {
            extra.forEach(sid -> api.delete("/service/" + sid));
        }
    }

    private static JsonNode listed(String sid) {
        for (var item : api.get("/service?per_page=100").ok().json()) {
            if (item.path("id").asText().equals(sid)) {
                return item;
            }
        }
        throw new AssertionError("service " + sid + " is not listed");
    }

    private static List<String> names(JsonNode items) {
        var names = new ArrayList<String>();
        items.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    /** rel → URL of an RFC 5988 Link header; fails when the header is missing. */
    private static Map<String, String> links(String header) {
        assertThat(header).as("Link header").isNotNull();
        var links = new LinkedHashMap<String, String>();
        for (var part : header.split(",")) {
            var matcher = LINK.matcher(part.strip());
            assertThat(matcher.matches()).as("Link part %s", part).isTrue();
            links.put(matcher.group(2), matcher.group(1));
        }
        return links;
    }

    private static String page(String link) {
        var page = query(URI.create(link)).get("page");
        assertThat(page).as("page in %s", link).isNotNull();
        return page;
    }

    private static Map<String, String> query(URI uri) {
        var query = new LinkedHashMap<String, String>();
        if (uri.getRawQuery() != null) {
            for (var pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return query;
    }
}
