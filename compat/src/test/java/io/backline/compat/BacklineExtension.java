package io.backline.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.jspecify.annotations.Nullable;

/**
 * Starts one Backline server for a test class and hands out the clients pointed at it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BacklineExtension backline = new BacklineExtension();
 *
 * @Test
 * void serviceCreateStoresTheName() {
 *     String id = FastlyCli.createdServiceId(backline.cli().run("service", "create", "--name", "x"));
 *     assertThat(backline.api().getOk("/service/" + id).path("name").asText()).isEqualTo("x");
 * }
 * }</pre>
 *
 * <p>Locations come from system properties set by the pom: {@code backline.jar}, {@code backline.npm.prefix},
 * {@code backline.node}, {@code backline.js.plan} and {@code backline.work.dir}.
 */
final class BacklineExtension implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private @Nullable BacklineServer server;
    private @Nullable FastlyCli cli;
    private @Nullable FastlyJs js;
    private @Nullable String readerToken;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path work = Path.of(System.getProperty("backline.work.dir", "target/compat-work"))
                .resolve(context.getRequiredTestClass().getSimpleName() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        Files.createDirectories(work);
        Path npm = Path.of(System.getProperty("backline.npm.prefix", "target/npm")).toAbsolutePath();
        Path binary = npm.resolve("node_modules/@fastly/" + cliBinaryPackage() + "/fastly");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("fastly CLI: " + binary + " is missing (expected: installed by the"
                    + " build from compat/package.json; run mvn -pl compat -am verify)");
        }
        BacklineServer started = BacklineServer.start(
                Path.of(System.getProperty("backline.jar", "../app/target/backline.jar")).toAbsolutePath(),
                work.toAbsolutePath());
        server = started;
        Path home = Files.createDirectories(work.resolve("cli-home"));
        cli = new FastlyCli(binary, started.baseUri(), home.toAbsolutePath(), BacklineServer.freePort(),
                started.adminToken());
        js = new FastlyJs(System.getProperty("backline.node", "node"),
                Path.of(System.getProperty("backline.js.plan", "src/test/node/fastly-js-plan.cjs")).toAbsolutePath(),
                npm, started.baseUri(),
                name -> switch (name) {
                    case JsPlan.ADMIN -> started.adminToken();
                    case JsPlan.READER -> readerToken();
                    default -> throw new IllegalArgumentException("token name: " + name
                            + " (expected: " + JsPlan.ADMIN + " or " + JsPlan.READER + ")");
                },
                work.toAbsolutePath());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /** Adds the end of the server's log to every failure, so that server-side errors are visible. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        if (server != null) {
            throwable.addSuppressed(new ServerLog("server log " + server.log() + " (last lines):\n" + server.logTail()));
        }
        throw throwable;
    }

    BacklineServer server() {
        return require(server);
    }

    /** The CLI with the admin token. */
    FastlyCli cli() {
        return require(cli);
    }

    FastlyJs js() {
        return require(js);
    }

    /** HTTP access with the admin token. */
    BacklineApi api() {
        return new BacklineApi(server().baseUri(), server().adminToken());
    }

    /** The secret of a {@code global:read} token, created on first use with {@code backline token create}. */
    synchronized String readerToken() {
        if (readerToken == null) {
            readerToken = server().createToken("global:read");
        }
        return readerToken;
    }

    /** A name that no other test of this run uses, e.g. {@code "svc 17"} for prefix {@code "svc"}. */
    static String unique(String prefix) {
        return prefix + " " + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    /** The platform package that carries the CLI binary, named like node's {@code cli-${platform}-${arch}}. */
    private static String cliBinaryPackage() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String platform = os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "win32" : "linux";
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        return "cli-" + platform + "-" + arch;
    }

    private static <T> T require(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("the Backline server is not running (expected: started in beforeAll)");
        }
        return value;
    }

    /** Carries the server's log next to a test failure. */
    private static final class ServerLog extends Exception {
        ServerLog(String message) {
            super(message, null, false, false);
        }
    }
}
