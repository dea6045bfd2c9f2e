package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.api.TokenScope;
import io.backline.edge.EdgeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options as picocli reads them: typed values, one check per option, the edge's defaults from EdgeConfig. */
class CommandLineOptionsTest {

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return command;
    }

    private static String error(String... args) {
        var err = new StringWriter();
        var commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(commandLine.execute(args)).as("exit code").isEqualTo(2);
        return err.toString();
    }

    private static String usage(String... path) {
        var out = new StringWriter();
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.execute(List.of(path, new String[] {"--help"}).stream().flatMap(java.util.Arrays::stream).toArray(String[]::new));
        return out.toString();
    }

    @Test
    void edgeOptionsDefaultToTheEdgeConfigDefaults() {
        var serve = parse(new ServeCommand());

        // The library has no staging listener by default; the command line's is 127.0.0.1:8001 (issue 13).
        // The library does not cache by default; the command line caches 256 MiB (issue 17, docs/cache.md).
        // The library has no TLS listener by default; the command line's is 127.0.0.1:8443 (issue 18).
        var expected = EdgeConfig.defaults().toBuilder().staging(new EdgeConfig.Listen("127.0.0.1", 8001))
                .tls(new EdgeConfig.Listen("127.0.0.1", 8443)).cacheSizeBytes(256L * 1024 * 1024).build();
        assertThat(serve.edge.config()).isEqualTo(expected);
    }

    @Test
    void edgeOptionsReachEveryOperatorSetting() {
        var edge = parse(new EdgeCommand(), "--control-plane", "http://127.0.0.1:8080", "--token", "t",
                "--edge-listen", "0.0.0.0:9000", "--edge-threads", "3", "--client-idle-timeout", "45s",
                "--request-header-timeout", "1500ms", "--max-request-line", "4KiB", "--max-request-headers", "32768",
                "--max-request-body", "2MiB", "--max-response-headers", "128KiB", "--origin-idle-timeout", "2m",
                "--server-name", "cache-test", "--fastly-debug", "false", "--debug-clients", "10.0.0.0/8,::1/128",
                "--staging-listen", "0.0.0.0:9001", "--edge-loop-yield", "false");

        var config = edge.edge.config();
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.eventLoopThreads()).isEqualTo(3);
        assertThat(config.clientIdleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.requestHeaderTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.maxRequestLineBytes()).isEqualTo(4096);
        assertThat(config.maxRequestHeaderBytes()).isEqualTo(32768);
        assertThat(config.maxRequestBodyBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(config.maxResponseHeaderBytes()).isEqualTo(128 * 1024);
        assertThat(config.originIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.serverName()).isEqualTo("cache-test");
        assertThat(config.fastlyDebug()).isFalse();
        assertThat(config.debugClients()).containsExactly("10.0.0.0/8", "::1/128");
        assertThat(config.staging()).isEqualTo(new EdgeConfig.Listen("0.0.0.0", 9001));
        assertThat(config.loopYield()).isFalse();
    }

    @Test
    void theTlsListenerDefaultsTo8443AndOffTurnsItOff() {
        var byDefault = parse(new EdgeCommand(), "--control-plane", "http://127.0.0.1:8080", "--token", "t");
        assertThat(byDefault.edge.config().tls()).isEqualTo(new EdgeConfig.Listen("127.0.0.1", 8443));
        var off = parse(new EdgeCommand(), "--control-plane", "http://127.0.0.1:8080", "--token", "t", "--edge-tls-listen", "off");
        assertThat(off.edge.config().tls()).isNull();
        var moved = parse(new EdgeCommand(), "--control-plane", "http://127.0.0.1:8080", "--token", "t", "--edge-tls-listen", "[::1]:9443");
        assertThat(moved.edge.config().tls()).isEqualTo(new EdgeConfig.Listen("::1", 9443));
    }

    @Test
    void theAccessLogIsOffByDefaultAndTakesAPathOrStandardOutput() {
        assertThat(parse(new ServeCommand()).edge.config().accessLog()).isEqualTo("off");
        assertThat(parse(new ServeCommand(), "--access-log", "/var/log/backline/access.log").edge.config().accessLog())
                .isEqualTo("/var/log/backline/access.log");
        assertThat(parse(new EdgeCommand(), "--control-plane", "http://127.0.0.1:8080", "--token", "t", "--access-log", "-")
                .edge.config().accessLog()).isEqualTo("-");
        assertThat(usage("edge")).contains("--access-log=PATH|-|off", "(default: off)");
    }

    @Test
    void helpShowsTheEdgeDefaultsAndTheirEnvironmentNames() {
        var help = usage("serve");

        assertThat(help).contains("--client-idle-timeout", "(default: 30s)", "--request-header-timeout", "(default: 10s)",
                "--max-request-headers", "(default: 16KiB)", "--max-request-body", "(default: 10MiB)", "--log-format");
        assertThat(usage("edge")).contains("--edge-threads", "--debug-clients", "(default: 127.0.0.0/8,::1/128)");
        assertThat(EdgeOptions.Defaults.environmentVariable("--client-idle-timeout")).isEqualTo("BACKLINE_EDGE_CLIENT_IDLE_TIMEOUT");
        assertThat(EdgeOptions.Defaults.environmentVariable("--edge-threads")).isEqualTo("BACKLINE_EDGE_THREADS");
    }

    @Test
    void aValueTheEdgeRefusesIsAUsageError() {
        assertThat(error("serve", "--edge-threads", "0", "--data-dir", "/nonexistent/never-created"))
                .contains("edge: eventLoopThreads: 0 (expected: at least 1)");
        assertThat(error("serve", "--client-idle-timeout", "soon")).contains("'soon' (expected: a duration such as 500ms, 30s or 2m)");
        assertThat(error("serve", "--max-request-body", "big")).contains("'big' (expected: bytes, or a size such as 16KiB, 10MiB or 1GiB)");
        assertThat(error("edge", "--control-plane", "http://127.0.0.1:1", "--token", "t", "--edge-transport", "kqueue"))
                .contains("--edge-transport: 'kqueue' (expected: auto, io_uring, epoll or nio)");
        assertThat(error("serve", "--edge-loop-yield", "sometimes")).contains("--edge-loop-yield", "'sometimes'");
    }

    @Test
    void rateLimitIsCheckedOnceForServeAndApi() {
        assertThat(error("serve", "--rate-limit", "-1")).contains("--rate-limit: -1 (expected: 0 or more)");
        assertThat(error("api", "--database", "sqlite:unused.db", "--rate-limit", "-5")).contains("--rate-limit: -5 (expected: 0 or more)");
    }

    @Test
    void listenAddressesAndControlPlanesAreCheckedByPicocli() {
        assertThat(error("serve", "--api-listen", "localhost")).contains("--api-listen", "'localhost' (expected: HOST:PORT, e.g. 127.0.0.1:8080)");
        assertThat(error("edge", "--control-plane", "ftp://api", "--token", "t"))
                .contains("--control-plane", "'ftp://api' (expected: an http:// or https:// URL)");
    }

    @Test
    void scopeIsAnEnumWithTheFastlyNamesAsCompletion() {
        assertThat(parse(new TokenCreateCommand(), "--scope", "global:read").scope).isEqualTo(TokenScope.GLOBAL_READ);
        assertThat(parse(new TokenCreateCommand()).scope).isEqualTo(TokenScope.GLOBAL);
        // picocli wraps the description after purge_select,
        assertThat(usage("token", "create")).contains("One of: global, global:read, purge_select,", "purge_all; repeat for several",
                "(default: global)");
        assertThat(error("token", "create", "--scope", "admin")).contains("--scope", "admin", "global, global:read, purge_select, purge_all");
    }

    @Test
    void scopeRepeatsForATokenWithSeveralScopes() {
        var command = parse(new TokenCreateCommand(), "--scope", "purge_select", "--scope", "global:read");
        assertThat(command.scopes).containsExactly(TokenScope.PURGE_SELECT, TokenScope.GLOBAL_READ);
        assertThat(command.scope).isEqualTo(TokenScope.PURGE_SELECT);
    }

    @Test
    void logFormatIsAnEnumReadInEitherCase() {
        assertThat(parse(new ServeCommand(), "--log-format", "json").log.format).isEqualTo(LogFormat.JSON);
        assertThat(parse(new ApiCommand(), "--database", "x", "--log-format", "JSON").log.format).isEqualTo(LogFormat.JSON);
        assertThat(parse(new ServeCommand()).log.format).isEqualTo(LogFormat.TEXT);
        assertThat(error("serve", "--log-format", "xml")).contains("--log-format", "xml");
    }
}
