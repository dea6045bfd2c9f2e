package io.backline.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Debian's chromium, driven headless by Playwright, with a watch on what each page does that the
 * console must never do: open a dialog (an injected {@code alert}), send a request to another host,
 * log an error to the browser console or throw.
 *
 * <p>The browser is the machine's own ({@code /usr/bin/chromium}, or the path in the system property
 * {@code backline.chromium} or the environment variable {@code BACKLINE_CHROMIUM}); Playwright is told
 * never to download one, so the suite runs without internet.
 *
 * <pre>{@code
 * try (var browser = ConsoleBrowser.start(); var page = browser.open(server.baseUrl())) {
 *     page.page().navigate(server.baseUrl() + "/");
 *     page.assertClean();
 * }
 * }</pre>
 */
final class ConsoleBrowser implements AutoCloseable {

    /** Where the tests write the screenshots docs/console.md shows. */
    static final Path SCREENSHOTS = Path.of(System.getProperty("backline.console.screenshots", "target/console-screenshots"));

    private final Playwright playwright;
    private final Browser browser;

    private ConsoleBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static ConsoleBrowser start() {
        Path chromium = chromium();
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("chromium: " + chromium + " is not executable (expected: Debian's chromium,"
                    + " apt-get install chromium, or its path in -Dbackline.chromium or BACKLINE_CHROMIUM)");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium).setHeadless(true)
                    // A container runs as root without user namespaces: chromium's sandbox cannot start there.
                    .setChromiumSandbox(false));
            return new ConsoleBrowser(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    private static Path chromium() {
        String property = System.getProperty("backline.chromium");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("BACKLINE_CHROMIUM");
        return Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
    }

    /** A fresh context (its own session storage) with one page watched against {@code origin}. */
    WatchedPage open(String origin, int width, int height) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
        context.setDefaultTimeout(10_000);
        return new WatchedPage(context, context.newPage(), origin);
    }

    WatchedPage open(String origin) {
        return open(origin, 1280, 860);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }

    /** One page and what it did that it should not have. */
    static final class WatchedPage implements AutoCloseable {
        private final BrowserContext context;
        private final Page page;
        private final List<String> dialogs = new CopyOnWriteArrayList<>();
        private final List<String> foreignRequests = new CopyOnWriteArrayList<>();
        private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
        private final List<String> refusals = new CopyOnWriteArrayList<>();
        private final List<String> pageErrors = new CopyOnWriteArrayList<>();

        WatchedPage(BrowserContext context, Page page, String origin) {
            this.context = context;
            this.page = page;
            page.onDialog(dialog -> {
                dialogs.add(dialog.type() + ": " + dialog.message());
                dialog.dismiss();
            });
            page.onRequest(request -> {
                String url = request.url();
                if (!url.equals(origin) && !url.startsWith(origin + "/") && !url.startsWith("data:")) {
                    foreignRequests.add(request.method() + " " + url);
                }
            });
            page.onConsoleMessage(message -> {
                if (message.type().equals("error")) {
                    // Chromium logs every refused fetch as "Failed to load resource: ... status of 4xx"; the
                    // tests provoke those on purpose (a bad port, a read-only write) and count them apart.
                    if (message.text().startsWith("Failed to load resource: the server responded with a status of 4")) {
                        refusals.add(message.text());
                    } else {
                        consoleErrors.add(message.text());
                    }
                }
            });
            page.onPageError(error -> pageErrors.add(error));
        }

        Page page() {
            return page;
        }

        List<String> refusals() {
            return refusals;
        }

        /** No dialog, no request to another host, no console error and no uncaught exception so far. */
        void assertClean() {
            assertThat(dialogs).as("dialogs opened").isEmpty();
            assertThat(foreignRequests).as("requests to another host").isEmpty();
            assertThat(consoleErrors).as("browser console errors").isEmpty();
            assertThat(pageErrors).as("uncaught page errors").isEmpty();
        }

        /** Every input, select and textarea on the page has a label a screen reader announces. */
        void assertEveryControlLabelled() {
            Object unlabelled = page.evaluate("() => [...document.querySelectorAll('input, select, textarea')]"
                    + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.outerHTML)");
            assertThat((List<?>) unlabelled).as("controls without a label on %s", page.url()).isEmpty();
        }

        void screenshot(String name) {
            try {
                Files.createDirectories(SCREENSHOTS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
