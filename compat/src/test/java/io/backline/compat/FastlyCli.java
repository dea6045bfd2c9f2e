package io.backline.compat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The real Fastly CLI binary, pointed at a Backline server with a private home directory.
 *
 * <pre>{@code
 * ProcessResult created = cli.run("service", "create", "--name", "shop");
 * String serviceId = FastlyCli.createdServiceId(created);
 * }</pre>
 */
final class FastlyCli {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CREATED_SERVICE = Pattern.compile("SUCCESS: Created service (\\S+)");

    private final Path binary;
    private final URI api;
    private final Path home;
    private final int closedProxyPort;
    private final @Nullable String token;

    FastlyCli(Path binary, URI api, Path home, int closedProxyPort, @Nullable String token) {
        this.binary = binary;
        this.api = api;
        this.home = home;
        this.closedProxyPort = closedProxyPort;
        this.token = token;
    }

    /** The same CLI with another token; {@code null} runs it without any token. */
    FastlyCli withToken(@Nullable String otherToken) {
        return new FastlyCli(binary, api, home, closedProxyPort, otherToken);
    }

    /** Runs {@code fastly ARGS --non-interactive} and returns what it printed. */
    ProcessResult run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        command.add("--non-interactive");
        return ProcessRunner.run(command, home, this::environment, null, TIMEOUT);
    }

    /** The service id from {@code service create}'s success line. */
    static String createdServiceId(ProcessResult result) {
        Matcher matcher = CREATED_SERVICE.matcher(result.stdout());
        if (!result.succeeded() || !matcher.find()) {
            throw new AssertionError("expected 'SUCCESS: Created service ID':\n" + result.describe());
        }
        return matcher.group(1);
    }

    private void environment(Map<String, String> env) {
        env.keySet().removeIf(name -> name.startsWith("FASTLY_") || name.equalsIgnoreCase("HTTPS_PROXY")
                || name.equalsIgnoreCase("HTTP_PROXY") || name.equalsIgnoreCase("ALL_PROXY")
                || name.equalsIgnoreCase("NO_PROXY") || name.startsWith("XDG_"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("FASTLY_API_ENDPOINT", api.toString());
        env.put("FASTLY_ACCOUNT_ENDPOINT", api.toString());
        // The update check goes to a public host through this proxy, which is a closed loopback port.
        env.put("HTTPS_PROXY", "http://127.0.0.1:" + closedProxyPort);
        if (token != null) {
            env.put("FASTLY_API_TOKEN", token);
        }
    }
}
