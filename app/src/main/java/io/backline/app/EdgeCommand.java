package io.backline.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "edge", description = "Run an edge node that follows the API nodes' feed (no database access).",
        defaultValueProvider = EdgeOptions.Defaults.class)
final class EdgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--control-plane", required = true, split = ",", defaultValue = "${env:BACKLINE_CONTROL_PLANE}",
            converter = ControlPlaneConverter.class, paramLabel = "URL",
            description = "API node URLs, comma-separated; tried in turn when one fails.")
    List<URI> controlPlanes;

    @Option(names = "--token", required = true, defaultValue = "${env:BACKLINE_TOKEN}",
            description = "An API token (scope global:read is enough).")
    String token;

    @Mixin
    EdgeOptions edge = new EdgeOptions();

    @Option(names = "--state-dir", defaultValue = "${env:BACKLINE_STATE_DIR:-./edge-state}", paramLabel = "DIR",
            description = "Where the last configuration and the edge id are kept (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--admin-listen", defaultValue = "${env:BACKLINE_ADMIN_LISTEN}", paramLabel = "HOST:PORT",
            description = "Address for /metrics and /ready (default: none).")
    String adminListen;

    @Option(names = "--edge-id", defaultValue = "${env:BACKLINE_EDGE_ID}",
            description = "How the API lists this edge (default: one made once and kept in the state directory).")
    String edgeId;

    @Mixin
    LogOptions log = new LogOptions();

    @Override
    public Integer call() throws InterruptedException {
        var settings = new EdgeNode.Settings(controlPlanes, token, edge.config(), stateDir, edgeId, admin());
        Logging.configure(log.format);
        return UntilShutdown.run(EdgeNode.start(settings), node -> {
            node.accessLog().filter(accessLog -> accessLog.file() != null).ifPresent(accessLog -> Hangup.onSignal(accessLog::reopen));
            Logging.announce(log.format, "Backline edge " + node.edgeId() + " listening on port " + node.port() + " (staging on port "
                    + node.stagingPort() + (node.tlsPort() < 0 ? "" : ", TLS on port " + node.tlsPort() + " (tls: " + node.tlsProvider() + ")")
                    + "), following " + controlPlanes);
        });
    }

    /** Blank (an empty BACKLINE_ADMIN_LISTEN) means none, as unset does. */
    private @Nullable HostPort admin() {
        if (adminListen == null || adminListen.isBlank()) {
            return null;
        }
        try {
            return HostPort.parse(adminListen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--admin-listen': " + e.getMessage());
        }
    }

    /** An API node's URL; only http and https are followed. */
    static final class ControlPlaneConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            URI uri;
            try {
                uri = URI.create(value.strip());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new TypeConversionException("'" + value + "' (expected: an http:// or https:// URL)");
            }
            return uri;
        }
    }
}
