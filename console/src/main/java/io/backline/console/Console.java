package io.backline.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Answers the console's paths from the classpath: {@code /} is the app's {@code index.html},
 * {@code /console/...} its own files and {@code /console/vendor/lit-html/...} the lit-html webjar's.
 * The API listener asks {@link #claims} first, a test of the first path segment, so API requests
 * pay one string comparison and nothing else; a path the console has no file for, or a method
 * other than GET and HEAD, is the API's to answer, in its own error shape.
 *
 * <p>Hand-written rather than Helidon's static-content module: that would be a new dependency for
 * three path mappings, and the console's security headers (CSP, nosniff, no referrer) would need a
 * filter beside it anyway. This class serves a fixed allow-list of file types, never a directory
 * listing or a path with {@code ..}, and keeps each file in memory after its first read (the
 * console and the parts of lit-html it loads come to about 100 KB).
 *
 * <pre>{@code
 * var console = Console.load();
 * if (Console.claims(method, rawPath)) {
 *     Optional<Console.Answer> answer = console.answer(rawPath, ifNoneMatchOrNull);
 * }
 * }</pre>
 */
public final class Console {
    /** A response: status (200 or 304), headers (names in lower case) and body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {}

    private static final String WEB = "io/backline/console/web/";
    private static final String VENDOR = "vendor/lit-html/";
    /** The console's own paths and lit-html's: letters, digits, dot, dash, underscore, slash. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");
    /** Sent with every console answer: no inline script, nothing from another origin, no framing. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final String webjarRoot;
    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    private Console(String litHtmlVersion, ClassLoader loader) {
        this.webjarRoot = "META-INF/resources/webjars/lit-html/" + litHtmlVersion + "/";
        this.loader = loader;
    }

    /** The console with the lit-html version this module was built against. */
    public static Console load() {
        var loader = Console.class.getClassLoader();
        var properties = new Properties();
        try (InputStream in = loader.getResourceAsStream("io/backline/console/console.properties")) {
            if (in == null) {
                throw new IllegalStateException("console.properties: missing (expected: in the console module's jar)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Console(properties.getProperty("lit-html.version", ""), loader);
    }

    /** Whether a request may be the console's: a GET or HEAD of {@code /}, {@code /console} or below it. */
    public static boolean claims(String method, String rawPath) {
        return (rawPath.equals("/") || rawPath.equals("/console") || rawPath.startsWith("/console/"))
                && (method.equals("GET") || method.equals("HEAD"));
    }

    /**
     * The answer to a request {@link #claims} accepted, or empty for a file the console does not
     * have: the API then answers it like any unknown path, in its own error shape.
     */
    public Optional<Answer> answer(String rawPath, @Nullable String ifNoneMatch) {
        var resource = resource(rawPath);
        var asset = resource == null ? Optional.<Asset>empty() : cache.computeIfAbsent(resource, this::read);
        if (asset.isEmpty()) {
            return Optional.empty();
        }
        var found = asset.get();
        var headers = headers(found.contentType());
        headers.put("etag", found.etag());
        // Revalidated on every load: a new jar's console is picked up at once, at the cost of a 304.
        headers.put("cache-control", "no-cache");
        if (ifNoneMatch != null && found.matches(ifNoneMatch)) {
            return Optional.of(new Answer(304, headers, new byte[0]));
        }
        return Optional.of(new Answer(200, headers, found.body()));
    }

    /** The classpath resource a path maps to, or null for a path the console does not serve. */
    private @Nullable String resource(String rawPath) {
        if (rawPath.equals("/") || rawPath.equals("/console") || rawPath.equals("/console/")) {
            return WEB + "index.html";
        }
        var rest = rawPath.substring("/console/".length());
        if (!SAFE.matcher(rest).matches() || rest.contains("..") || rest.contains("//") || type(rest) == null) {
            return null;
        }
        return rest.startsWith(VENDOR) ? webjarRoot + rest.substring(VENDOR.length()) : WEB + rest;
    }

    private static @Nullable String type(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private Optional<Asset> read(String resource) {
        var type = type(resource);
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null || type == null ? Optional.empty() : Optional.of(Asset.of(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> headers(String contentType) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("content-type", contentType);
        headers.put("content-security-policy", CSP);
        headers.put("x-content-type-options", "nosniff");
        headers.put("referrer-policy", "no-referrer");
        return headers;
    }
}
