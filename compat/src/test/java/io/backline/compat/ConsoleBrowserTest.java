package io.backline.compat;

import static io.backline.compat.BacklineApi.form;
import static io.backline.compat.BacklineExtension.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real chromium against a real {@code backline serve} with real origins:
 * the whole journey of issue 16, a read-only token, user strings that look like markup. Every test
 * ends by checking that the page opened no dialog, sent nothing to another host and logged no error.
 */
class ConsoleBrowserTest {

    private static BacklineServer server;
    private static ConsoleBrowser browser;
    private static BacklineApi admin;

    @BeforeAll
    static void start() throws IOException {
        Path work = Path.of(System.getProperty("backline.work.dir", "target/compat-work"))
                .resolve("ConsoleBrowserTest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        Files.createDirectories(work);
        server = BacklineServer.start(Path.of(System.getProperty("backline.jar", "../app/target/backline.jar")).toAbsolutePath(),
                work.toAbsolutePath());
        browser = ConsoleBrowser.start();
        admin = new BacklineApi(server.baseUri(), server.adminToken());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWholeJourneyFromSignInToRollbackLiveHealthAndExplain() throws Exception {
        try (var www = ConsoleOrigin.start("www-origin"); var api = ConsoleOrigin.start("api-origin");
                var watched = browser.open(server.baseUrl())) {
            Page page = watched.page();
            signIn(page, server.adminToken());
            expect(page.getByTestId("who")).containsText("scope global");

            String name = unique("shop");
            page.locator("#new-service").fill(name);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create service")).click();
            expect(page.locator("h1")).containsText(name);
            String sid = page.url().replaceFirst(".*#/service/", "");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Contents of version 1")).click();
            addObject(page, "Health checks", "Add health check", "probe", "host", "origin.test", "path", "/health",
                    "check_interval", "1000", "window", "5", "threshold", "3", "initial", "3");

            // A bad statement: the API's own detail under the statement field, nothing saved.
            openAdd(page, "Conditions", "Add condition");
            fill(page, "name", "is_api", "statement", "req.url ~~ \"^/api/\"", "priority", "10");
            submit(page, "Create condition");
            expect(page.locator("#field-statement-error")).containsText("statement: at column");
            expect(page.locator("#field-statement")).hasAttribute("aria-invalid", "true");
            assertThat(admin.get("/service/" + sid + "/version/1/condition").json()).isEmpty();
            fill(page, "statement", "req.url ~ \"^/api/\"");
            submit(page, "Create condition");
            expect(page.locator("h2")).containsText("is_api");

            // A bad port: the detail lands under the port field.
            openAdd(page, "Backends", "Add backend");
            fill(page, "name", "www", "address", "127.0.0.1", "port", "99999");
            submit(page, "Create backend");
            expect(page.locator("#field-port-error")).containsText("port: 99999 is out of range");
            expect(page.locator("#field-port")).hasAttribute("aria-invalid", "true");
            fill(page, "port", Integer.toString(www.port()));
            submit(page, "Create backend");
            expect(page.locator("h2")).containsText("www");
            openAdd(page, "Backends", "Add backend");
            // The form offers the version's health checks and request conditions by name.
            expect(page.locator("form.object-form button[type='submit']")).hasText("Create backend");
            expect(page.locator("#field-healthcheck-names option")).hasCount(1);
            assertThat(page.locator("#field-healthcheck-names option").evaluateAll("os => os.map(o => o.value)"))
                    .isEqualTo(java.util.List.of("probe"));
            assertThat(page.locator("#field-request_condition-names option").evaluateAll("os => os.map(o => o.value)"))
                    .isEqualTo(java.util.List.of("is_api"));
            addObject(page, "Backends", "Add backend", "api", "address", "127.0.0.1", "port", Integer.toString(api.port()),
                    "healthcheck", "probe", "request_condition", "is_api");
            String domain = unique("shop").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "-") + ".test";
            addObject(page, "Domains", "Add domain", domain);

            watched.assertEveryControlLabelled();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Validate version 1")).click();
            expect(page.locator("section.validation")).containsText("no errors");

            // Activate version 1: the confirmation says nothing is active yet.
            openService(page, name);
            version(page, 1).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Activate v1")).click();
            expect(page.locator("dialog#confirm")).containsText("No version is active");
            confirm(page, "Activate version 1");
            expect(version(page, 1).locator(".badge.active")).isVisible();

            // The locked version offers "clone and edit": the backend opens in the new draft, then the diff.
            version(page, 1).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Contents of version 1")).click();
            page.locator("table.list").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("www")).click();
            assertThat(page.locator("form.object-form").count()).isZero();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Clone and edit")).click();
            expect(page.locator("h1")).containsText("Version 2 of " + name);
            expect(page.locator("h2 .name")).hasText("www");
            watched.assertEveryControlLabelled();
            fill(page, "weight", "50", "override_host", "www.example");
            submit(page, "Save backend");
            expect(page.locator("table.detail")).containsText("www.example");

            openService(page, name);
            version(page, 2).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Diff against active")).click();
            Locator changed = page.locator("section.diff-object.changed");
            expect(changed).containsText("www");
            expect(changed.locator("tr", new Locator.LocatorOptions().setHasText("weight"))).containsText("100");
            expect(changed.locator("tr", new Locator.LocatorOptions().setHasText("weight")).locator("td.to")).hasText("50");
            watched.screenshot("diff");

            // Activate version 2 (the summary names the change), then roll back to version 1.
            openService(page, name);
            version(page, 2).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Activate v2")).click();
            expect(page.locator("dialog#confirm ul.summary")).containsText("weight 100 → 50");
            confirm(page, "Activate version 2");
            expect(version(page, 2).locator(".badge.active")).isVisible();
            version(page, 1).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Roll back to v1")).click();
            expect(page.locator("dialog#confirm")).containsText("weight 50 → 100");
            confirm(page, "Roll back to version 1");
            expect(version(page, 1).locator(".badge.active")).isVisible();
            assertThat(admin.getOk("/service/" + sid + "/version/1").path("active").asBoolean()).isTrue();

            // A draft (a clone of version 1) explained: the condition decides, the api backend is chosen.
            version(page, 1).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Clone")).click();
            confirm(page, "Clone version 1");
            expect(page.locator("h1")).containsText("Version 3 of " + name);
            openService(page, name);
            watched.screenshot("timeline");
            page.navigate(server.baseUrl() + "/#/service/" + sid + "/explain?version=3");
            page.locator("#x-host").fill(domain);
            page.locator("#x-url").fill("/api/orders");
            watched.assertEveryControlLabelled();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Explain")).click();
            expect(page.getByTestId("verdict")).containsText("Version 3 sends this request to backend api");
            expect(page.locator("table[aria-label='Conditions evaluated'] tr", new Page.LocatorOptions().setHasText("is_api")))
                    .containsText("yes");
            watched.screenshot("explain");

            // Live: a separate edge node reports the version it serves; traffic through the edge shows in
            // the chart; then the api origin's health page fails.
            Process edgeNode = startEdgeNode();
            try {
                page.navigate(server.baseUrl() + "/#/service/" + sid + "/live");
                expect(page.locator("table[aria-label='Edges'] tr", new Page.LocatorOptions().setHasText("console-edge")))
                        .containsText("version 1", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            } finally {
                edgeNode.destroy();
                edgeNode.waitFor();
            }
            page.evaluate("() => { window.notReloaded = true; }");
            expect(page.locator("tr[data-backend='api'] .health-state")).hasText("healthy");
            var sending = new AtomicBoolean(true);
            var sent = new AtomicInteger();
            Thread traffic = Thread.ofVirtual().start(() -> {
                while (sending.get()) {
                    sendThroughEdge(domain, sending.get() && sent.incrementAndGet() % 2 == 0 ? "/api/x" : "/");
                }
            });
            try {
                expect(page.locator("figure[aria-label='Requests'] [data-testid='rate']"))
                        .not().hasText(Pattern.compile("^(—|0\\.0/s)$"), new LocatorAssertions.HasTextOptions().setTimeout(15_000));
            } finally {
                sending.set(false);
                traffic.join();
            }
            api.fail();
            expect(page.locator("tr[data-backend='api'] .health-state"))
                    .hasText("sick", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
            expect(page.locator("tr[data-backend='api'] .probes .bad").first()).isVisible();
            expect(page.locator("tr[data-backend='api'] .reason")).not().isEmpty();
            expect(page.locator("tr[data-backend='www'] .health-state")).hasText("healthy");
            assertThat(page.evaluate("() => window.notReloaded === true")).isEqualTo(true);
            watched.screenshot("live-health");

            page.navigate(server.baseUrl() + "/#/services");
            expect(page.locator("table.list")).containsText(name);
            watched.assertEveryControlLabelled();
            watched.screenshot("services");
            // Escape closes a confirmation without doing anything.
            page.locator("table.list tr", new Page.LocatorOptions().setHasText(name))
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
            expect(page.locator("dialog#confirm")).containsText("Deactivate and delete");
            page.keyboard().press("Escape");
            expect(page.locator("dialog#confirm")).isHidden();
            assertThat(admin.getOk("/service/" + sid).path("deleted_at").isNull()).isTrue();
            watched.assertClean();
            // The two refusals provoked above (bad statement, bad port) are the only failed requests.
            assertThat(watched.refusals()).hasSize(2);
        }
    }

    @Test
    void aReadOnlyTokenSeesNoWriteControlsAndItsForcedWriteShowsTheApiRefusal() {
        String sid = admin.post("/service", form("name", unique("read only view"))).json().path("id").asText();
        admin.post("/service/" + sid + "/version/1/backend", form("name", "origin", "address", "127.0.0.1", "port", "8080"));
        String reader = server.createToken("global:read");
        try (var watched = browser.open(server.baseUrl(), 390, 844)) {
            Page page = watched.page();
            page.navigate(server.baseUrl() + "/");
            page.locator("#token").fill(reader);
            page.keyboard().press("Enter");
            expect(page.getByTestId("who")).containsText("read-only");
            expect(page.locator("table.list")).isVisible();
            assertThat(page.locator("#new-service").count()).isZero();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).count()).isZero();

            page.navigate(server.baseUrl() + "/#/service/" + sid);
            expect(page.locator(".timeline li")).hasCount(1);
            assertThat(page.locator(".timeline button").count()).isZero();
            assertThat(page.getByText("Rename").count()).isZero();
            page.navigate(server.baseUrl() + "/#/service/" + sid + "/version/1/backend");
            expect(page.locator("table.list")).containsText("origin");
            assertThat(page.getByText("Add backend").count()).isZero();
            watched.screenshot("phone-read-only");
            page.navigate(server.baseUrl() + "/#/service/" + sid + "/version/1/backend/origin");
            expect(page.locator("table.detail")).containsText("127.0.0.1");
            assertThat(page.locator("form.object-form").count()).isZero();

            // The page's own create, called anyway: the API refuses and the console shows why.
            page.evaluate("async () => (await import('/console/services.js')).createService('forced by the page')");
            expect(page.locator("#status")).containsText("this token has scope global:read");
            assertThat(admin.get("/service/search?name=forced%20by%20the%20page").status()).isEqualTo(404);
            watched.assertClean();
            assertThat(watched.refusals()).hasSize(1);
        }
    }

    @Test
    void aServiceRestrictedTokenListsOnlyItsServicesAndSignsOut() {
        String mine = unique("restricted mine");
        String sid = admin.post("/service", form("name", mine)).json().path("id").asText();
        String other = unique("restricted other");
        admin.post("/service", form("name", other));
        String restricted = server.createToken("global", sid);
        try (var watched = browser.open(server.baseUrl())) {
            Page page = watched.page();
            signIn(page, restricted);
            expect(page.getByTestId("who")).containsText(sid);
            expect(page.locator("table.list tbody tr")).hasCount(1);
            expect(page.locator("table.list")).containsText(mine);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            expect(page.locator("#token")).isVisible();
            assertThat(page.evaluate("() => sessionStorage.length")).isEqualTo(0);
            page.reload();
            expect(page.locator("#token")).isVisible();
            watched.assertClean();
        }
    }

    @Test
    void locksDeactivatesRenamesSearchesAndDeletesAService() {
        String name = unique("lifecycle");
        String sid = admin.post("/service", form("name", name)).json().path("id").asText();
        admin.post("/service/" + sid + "/version/1/backend", form("name", "origin", "address", "127.0.0.1", "port", "8080"));
        admin.put("/service/" + sid + "/version/1/activate", form());
        admin.put("/service/" + sid + "/version/1/clone", form());
        try (var watched = browser.open(server.baseUrl())) {
            Page page = watched.page();
            signIn(page, server.adminToken());
            page.navigate(server.baseUrl() + "/#/service/" + sid);

            version(page, 2).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Lock")).click();
            confirm(page, "Lock version 2");
            expect(version(page, 2).locator(".badge.locked")).isVisible();
            version(page, 1).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Deactivate")).click();
            expect(page.locator("dialog#confirm")).containsText("the edges stop serving its domains");
            confirm(page, "Deactivate version 1");
            expect(page.locator(".timeline .badge.active")).hasCount(0);

            page.locator("#diff-from").selectOption("2");
            page.locator("#diff-to").selectOption("1");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show diff")).click();
            expect(page.locator("h1")).hasText("Version 2 → version 1");
            expect(page.locator(".diff-view")).containsText("hold the same objects");

            page.navigate(server.baseUrl() + "/#/service/" + sid);
            String renamed = name + " renamed";
            page.locator(".links").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Rename")).click();
            page.locator("#rename-input").fill(renamed);
            confirm(page, "Rename");
            expect(page.locator("h1")).containsText(renamed);

            page.navigate(server.baseUrl() + "/#/services");
            page.locator("#search").fill("renamed");
            page.locator("#search").press("Enter");
            expect(page.locator("table.list tbody tr")).hasCount(1);
            page.locator("table.list tr", new Page.LocatorOptions().setHasText(renamed))
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
            expect(page.locator("dialog#confirm h2")).containsText(renamed);
            confirm(page, "Delete");
            expect(page.locator("table.list")).containsText("No services match");
            assertThat(admin.get("/service/" + sid).status()).isEqualTo(404);
            watched.assertClean();
        }
    }

    @Test
    void validationErrorsAppearNextToTheObjectTheyConcern() {
        String sid = admin.post("/service", form("name", unique("validated"))).json().path("id").asText();
        admin.post("/service/" + sid + "/version/1/backend", form("name", "origin", "address", "127.0.0.1", "port", "8080",
                "healthcheck", "missing_check"));
        admin.post("/service/" + sid + "/version/1/backend", form("name", "spare", "address", "127.0.0.1", "port", "8081"));
        try (var watched = browser.open(server.baseUrl())) {
            Page page = watched.page();
            signIn(page, server.adminToken());
            page.navigate(server.baseUrl() + "/#/service/" + sid + "/version/1/backend");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Validate version 1")).click();
            expect(page.locator("section.validation")).containsText("1 error(s)");
            expect(page.locator("tr[data-name='origin'] .note.error")).containsText("healthcheck 'missing_check' names no health check");
            expect(page.locator("tr[data-name='spare'] .note")).hasCount(0);
            watched.assertClean();
        }
    }

    @Test
    void namesAndCommentsThatLookLikeMarkupRenderAsText() {
        String markupName = "<img src=x onerror=alert(1)>";
        String scriptComment = "</script><script>alert(1)</script>";
        String sid = admin.post("/service", form("name", unique("<b>markup</b>"), "comment", scriptComment)).json().path("id").asText();
        admin.post("/service/" + sid + "/version/1/backend",
                form("name", markupName, "address", "127.0.0.1", "port", "8080", "comment", scriptComment));
        try (var watched = browser.open(server.baseUrl())) {
            Page page = watched.page();
            signIn(page, server.adminToken());
            page.navigate(server.baseUrl() + "/#/service/" + sid + "/version/1/backend");
            Locator link = page.locator("table.list").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(markupName));
            expect(link).hasText(markupName);
            link.click();
            expect(page.locator("table.detail tr", new Page.LocatorOptions().setHasText("comment")).locator("td"))
                    .hasText(scriptComment);
            page.navigate(server.baseUrl() + "/#/service/" + sid);
            expect(page.locator("main")).containsText(scriptComment);
            assertThat(page.locator("main img, main script, main b").count()).isZero();
            page.waitForTimeout(300);
            watched.assertClean();
        }
    }

    @Test
    void theCachePageShowsTheHitRatioAndItsPurgesReachTheEdge() {
        try (var origin = ConsoleOrigin.start("cached-origin"); var watched = browser.open(server.baseUrl())) {
            String name = unique("cached");
            String sid = admin.createService(name);
            admin.post("/service/" + sid + "/version/1/backend", form("name", "origin", "address", "127.0.0.1",
                    "port", Integer.toString(origin.port())));
            String domain = unique("cached").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "-") + ".test";
            admin.createDomain(sid, 1, domain);
            admin.activate(sid, 1);
            // One miss, then three hits: 75 % (the origin has no cache headers: the default TTL of 3600 s applies).
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> sendThroughEdge(domain, "/cached/a").contains("cached-origin"));
            for (int i = 0; i < 3; i++) {
                sendThroughEdge(domain, "/cached/a");
            }
            assertThat(origin.requests("/cached/a")).isEqualTo(1);

            Page page = watched.page();
            signIn(page, server.adminToken());
            page.navigate(server.baseUrl() + "/#/service/" + sid);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cache and purge")).click();
            expect(page.locator("h1")).containsText("Cache: " + name);
            expect(page.getByTestId("hit-ratio")).hasText("75.0 %");
            expect(page.locator("td[data-label='hit']")).hasText("3");
            expect(page.locator("td[data-label='miss']")).hasText("1");
            watched.assertEveryControlLabelled();

            // Purge by key: the next request goes to the origin again.
            page.locator("#purge-keys").fill("a");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Purge keys")).click();
            expect(page.getByTestId("purge-result")).containsText("purge id");
            sendThroughEdge(domain, "/cached/a");
            assertThat(origin.requests("/cached/a")).isEqualTo(2);

            // Purge a URL, then everything (after the confirmation).
            sendThroughEdge(domain, "/cached/b");
            page.locator("#purge-url").fill("http://" + domain + "/cached/b");
            // The key purge's answer is still shown: wait for this purge's own (another id), not for any "purge id".
            String keyPurge = page.getByTestId("purge-result").textContent();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Purge URL")).click();
            expect(page.getByTestId("purge-result")).not().hasText(keyPurge);
            expect(page.getByTestId("purge-result")).containsText("purge id");
            sendThroughEdge(domain, "/cached/b");
            assertThat(origin.requests("/cached/b")).isEqualTo(2);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Purge all")).click();
            confirm(page, "Purge all");
            expect(page.getByTestId("purge-result")).containsText("purge all: ok");
            sendThroughEdge(domain, "/cached/a");
            sendThroughEdge(domain, "/cached/b");
            assertThat(origin.requests("/cached/a")).isEqualTo(3);
            assertThat(origin.requests("/cached/b")).isEqualTo(3);
            watched.screenshot("cache");
        }
    }

    @Test
    void aRunningRolloutShowsItsStepRatiosAndCountsAndAbortEndsIt() {
        try (var origin = ConsoleOrigin.start("rollout-origin"); var watched = browser.open(server.baseUrl())) {
            String name = unique("rolling");
            String sid = admin.createService(name);
            admin.post("/service/" + sid + "/version/1/backend", form("name", "origin", "address", "127.0.0.1",
                    "port", Integer.toString(origin.port())));
            String domain = unique("rolling").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "-") + ".test";
            admin.createDomain(sid, 1, domain);
            admin.activate(sid, 1);
            admin.put("/service/" + sid + "/version/1/clone", form());
            assertThat(admin.post("/service/" + sid + "/rollout", form("version", "2", "steps", "10,50,100", "step_seconds", "600"))
                    .status()).isEqualTo(200);
            // Five requests from this one client: its side of the split counts them, reported in process.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> sendThroughEdge(domain, "/").contains("rollout-origin"));
            for (int i = 0; i < 4; i++) {
                sendThroughEdge(domain, "/");
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                var doc = admin.getOk("/service/" + sid + "/rollout");
                return doc.path("candidate").path("requests").asLong() + doc.path("baseline").path("requests").asLong() == 5;
            });
            var doc = admin.getOk("/service/" + sid + "/rollout");
            String served = doc.path("candidate").path("requests").asLong() == 5 ? "candidate" : "baseline";

            Page page = watched.page();
            signIn(page, server.adminToken());
            page.navigate(server.baseUrl() + "/#/service/" + sid);
            Locator panel = page.locator("section.rollout");
            expect(panel.locator("h2")).hasText("Rollout running");
            expect(page.getByTestId("rollout-step")).hasText("1 of 3");
            expect(page.getByTestId("rollout-percent")).hasText("10 %");
            expect(panel.locator("tr[data-side='candidate'] td[data-label='version']")).hasText("2");
            expect(panel.locator("tr[data-side='baseline'] td[data-label='version']")).hasText("1");
            expect(panel.locator("tr[data-side='" + served + "'] td[data-label='step requests']")).hasText("5");
            expect(panel.locator("tr[data-side='" + served + "'] td.ratio")).hasText("0.00 %");
            expect(panel.locator("ol.steps li.now")).hasText("10 %");
            watched.assertEveryControlLabelled();
            watched.screenshot("rollout");

            panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Abort")).click();
            expect(page.locator("dialog#confirm")).containsText("goes back to version 1");
            confirm(page, "Abort rollout");
            expect(panel.locator("h2")).hasText("Last rollout");
            expect(panel.locator(".rollout-state")).hasText("aborted");
            assertThat(admin.getOk("/service/" + sid + "/rollout").path("state").asText()).isEqualTo("aborted");
            expect(version(page, 1).locator(".badge.active")).isVisible();
            // Activation works again once the rollout is over.
            assertThat(page.locator("section.rollout button").count()).isZero();
            watched.assertClean();
        }
    }

    private static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    @Test
    void theTlsPageListsCertificatesWithTheirActivatedDomains() throws Exception {
        try (var watched = browser.open(server.baseUrl())) {
            Page page = watched.page();
            String domain = unique("tls-page").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "-") + ".example.com";
            Path dir = Files.createTempDirectory("tls-page");
            Path key = dir.resolve("key.pem");
            Path cert = dir.resolve("cert.pem");
            var openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                    cert.toString(), "-days", "30", "-subj", "/CN=" + domain, "-addext", "subjectAltName=DNS:" + domain)
                    .redirectErrorStream(true).start();
            openssl.getInputStream().readAllBytes();
            assertThat(openssl.waitFor()).isZero();
            var keyDoc = BacklineApi.JSON.createObjectNode();
            keyDoc.putObject("data").put("type", "tls_private_key").putObject("attributes").put("key", Files.readString(key))
                    .put("name", "page key");
            jsonApi("/tls/private_keys", keyDoc.toString());
            var certDoc = BacklineApi.JSON.createObjectNode();
            certDoc.putObject("data").put("type", "tls_certificate").putObject("attributes").put("cert_blob", Files.readString(cert))
                    .put("name", "page certificate");
            String certId = jsonApi("/tls/certificates", certDoc.toString()).path("data").path("id").asText();
            var activation = BacklineApi.JSON.createObjectNode();
            var relationships = activation.putObject("data").put("type", "tls_activation").putObject("relationships");
            relationships.putObject("tls_certificate").putObject("data").put("type", "tls_certificate").put("id", certId);
            relationships.putObject("tls_domain").putObject("data").put("type", "tls_domain").put("id", domain);
            jsonApi("/tls/activations", activation.toString());

            signIn(page, server.adminToken());
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("TLS")).click();
            expect(page.locator("h1")).hasText("TLS certificates");
            Locator row = page.locator("tr[data-certificate='" + certId + "']");
            expect(row).containsText("page certificate");
            expect(row.locator("[data-testid='tls-activated']")).hasText(domain);
        }
    }

    /** A JSON:API POST as the Fastly CLI sends it to the TLS API; the 201's document. */
    private static com.fasterxml.jackson.databind.JsonNode jsonApi(String path, String document) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(server.baseUri().resolve(path)).header("Fastly-Key", server.adminToken())
                .header("Content-Type", "application/vnd.api+json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(document)).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return BacklineApi.JSON.readTree(response.body());
    }

    private static void signIn(Page page, String token) {
        page.navigate(server.baseUrl() + "/");
        page.locator("#token").fill(token);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        expect(page.locator("h1")).hasText("Services");
    }

    private static void openService(Page page, String name) {
        page.locator(".crumbs").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name)).click();
        expect(page.locator(".timeline")).isVisible();
    }

    private static Locator version(Page page, int number) {
        return page.locator(".timeline li[data-version='" + number + "']");
    }

    private static void confirm(Page page, String action) {
        page.locator("dialog#confirm").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action)).click();
    }

    private static void openAdd(Page page, String tab, String add) {
        page.locator("nav.tabs").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(tab)).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(add)).click();
    }

    private static void addObject(Page page, String tab, String add, String name, String... fieldsAndValues) {
        openAdd(page, tab, add);
        fill(page, "name", name);
        fill(page, fieldsAndValues);
        submit(page, add.replace("Add", "Create"));
        expect(page.locator("h2 .name")).hasText(name);
    }

    private static void fill(Page page, String... fieldsAndValues) {
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            page.locator("#field-" + fieldsAndValues[i]).fill(fieldsAndValues[i + 1]);
        }
    }

    private static void submit(Page page, String label) {
        page.locator("form.object-form").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(label)).click();
    }

    /** {@code backline edge}, following this server's feed as {@code console-edge}; its output goes to the work directory. */
    private static Process startEdgeNode() throws IOException {
        Path state = Files.createDirectories(server.log().getParent().resolve("edge-state"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "-jar", Path.of(System.getProperty("backline.jar", "../app/target/backline.jar"))
                .toAbsolutePath().toString(), "edge", "--control-plane", server.baseUrl(), "--token", server.adminToken(),
                "--edge-id", "console-edge", "--edge-listen", "127.0.0.1:0", "--staging-listen", "127.0.0.1:0", "--edge-tls-listen", "127.0.0.1:0",
                "--state-dir", state.toString(), "--warmup-requests", "0")
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("edge.log").toFile())
                .start();
    }

    /** One request to the edge with the domain's Host header, on a raw socket (the JDK client refuses to set Host); its whole answer. */
    private static String sendThroughEdge(String host, String path) {
        URI edge = server.edgeUri();
        try (Socket socket = new Socket(edge.getHost(), edge.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
