package io.backline.app;

import io.backline.api.TokenService;
import io.backline.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code backline} command line. */
// scope = INHERIT gives every subcommand -h/--help and -V/--version, so `backline serve --help` prints
// usage instead of refusing an unknown option, and help wins over a missing required option.
@Command(name = "backline", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "A self-hosted implementation of Fastly's backend configuration API.",
        subcommands = {Main.Serve.class, Main.Api.class, Main.Edge.class, Main.TokenCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /**
     * The store's libraries say at INFO what every start does (pools starting, the schema checked);
     * warnings only. The store logs a migration it applied itself. Held here: JUL keeps loggers
     * weakly, and a collected one would forget its level.
     */
    private static final java.util.List<java.util.logging.Logger> QUIET = java.util.List.of(
            java.util.logging.Logger.getLogger("com.zaxxer.hikari"), java.util.logging.Logger.getLogger("org.flywaydb"));

    public static void main(String[] args) {
        // One line per log record, before any logger exists.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s %3$s: %5$s%6$s%n");
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command line as {@code main} runs it; tests run it with their own output streams. */
    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** The version the jar's manifest carries (Maven's project version); "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"backline " + (version != null ? version : "dev")};
        }
    }

    static final class DataDirOption {
        @Option(names = "--data-dir", defaultValue = "${env:BACKLINE_DATA_DIR:-./data}",
                description = "Directory of the database and the admin token (default: ${DEFAULT-VALUE}).")
        Path dataDir = Path.of("data");
    }

    /** Where token commands find the tokens: the data directory of backline serve, or a shared database. */
    static final class TokenStoreOption {
        @CommandLine.Mixin DataDirOption data = new DataDirOption();

        @Option(names = "--database", defaultValue = "${env:BACKLINE_DATABASE}",
                description = "The API nodes' database (postgresql://…); without it, the data directory's SQLite file.")
        String database;

        io.backline.store.ConfigStore open() {
            return database != null && !database.isBlank() ? Databases.open(database) : SqliteStore.open(new DataDir(data.dataDir).database());
        }
    }

    @Command(name = "serve", description = "Run the API and the edge on the embedded SQLite store.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin DataDirOption data = new DataDirOption();

        @Option(names = "--api-listen", defaultValue = "${env:BACKLINE_API_LISTEN:-127.0.0.1:8080}",
                description = "Address of the configuration API (default: ${DEFAULT-VALUE}).")
        String apiListen = "127.0.0.1:8080";

        @Option(names = "--edge-listen", defaultValue = "${env:BACKLINE_EDGE_LISTEN:-127.0.0.1:8000}",
                description = "Address of the edge (default: ${DEFAULT-VALUE}).")
        String edgeListen = "127.0.0.1:8000";

        @Option(names = "--rate-limit", defaultValue = "${env:BACKLINE_RATE_LIMIT:-10000}",
                description = "Writes per token per hour, 0 for no limit (default: ${DEFAULT-VALUE}).")
        int rateLimit = 10_000;

        @Override
        public Integer call() throws InterruptedException {
            if (rateLimit < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--rate-limit: " + rateLimit + " (expected: 0 or more)");
            }
            var config = new ServeConfig(data.dataDir, HostPort.parse("--api-listen", apiListen),
                    HostPort.parse("--edge-listen", edgeListen), rateLimit);
            var server = BacklineServer.start(config);
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "backline-shutdown"));
            var fresh = server.newAdminToken();
            if (fresh != null) {
                System.out.println("Admin token (shown once; also in " + data.dataDir.resolve("admin-token") + "): " + fresh);
            }
            System.out.println("Backline API listening on " + server.apiUri());
            System.out.println("Backline edge listening on " + server.edgeUri());
            System.out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "api", description = "Run a stateless API node on a shared database (PostgreSQL for several nodes).")
    static final class Api implements Callable<Integer> {
        @Option(names = "--database", required = true, defaultValue = "${env:BACKLINE_DATABASE}",
                description = "postgresql://USER:PASSWORD@HOST:PORT/DB, or sqlite:PATH for a single node.")
        String database;

        @Option(names = "--api-listen", defaultValue = "${env:BACKLINE_API_LISTEN:-127.0.0.1:8080}",
                description = "Address of the configuration API (default: ${DEFAULT-VALUE}).")
        String apiListen = "127.0.0.1:8080";

        @Option(names = "--rate-limit", defaultValue = "${env:BACKLINE_RATE_LIMIT:-10000}",
                description = "Writes per token per hour, counted across all nodes; 0 for no limit (default: ${DEFAULT-VALUE}).")
        int rateLimit = 10_000;

        @Override
        public Integer call() throws InterruptedException {
            if (rateLimit < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--rate-limit: " + rateLimit + " (expected: 0 or more)");
            }
            var node = ApiNode.start(Databases.open(database), HostPort.parse("--api-listen", apiListen), rateLimit);
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                stopped.countDown();
            }, "backline-shutdown"));
            var fresh = node.newAdminToken();
            if (fresh != null) {
                System.out.println("Admin token (shown once, the database had none): " + fresh);
            }
            System.out.println("Backline API listening on " + node.apiUri() + " (database " + Databases.redacted(database) + ")");
            System.out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "edge", description = "Run an edge node that follows the API nodes' feed (no database access).")
    static final class Edge implements Callable<Integer> {
        @Option(names = "--control-plane", required = true, split = ",", defaultValue = "${env:BACKLINE_CONTROL_PLANE}",
                description = "API node URLs, comma-separated; tried in turn when one fails.")
        List<String> controlPlanes;

        @Option(names = "--token", required = true, defaultValue = "${env:BACKLINE_TOKEN}",
                description = "An API token (scope global:read is enough).")
        String token;

        @Option(names = "--edge-listen", defaultValue = "${env:BACKLINE_EDGE_LISTEN:-127.0.0.1:8000}",
                description = "Address of the edge (default: ${DEFAULT-VALUE}).")
        String edgeListen = "127.0.0.1:8000";

        @Option(names = "--state-dir", defaultValue = "${env:BACKLINE_STATE_DIR:-./edge-state}",
                description = "Where the last configuration and the edge id are kept (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path stateDir;

        @Option(names = "--admin-listen", defaultValue = "${env:BACKLINE_ADMIN_LISTEN}",
                description = "Address for /metrics and /ready (default: none).")
        String adminListen;

        @Option(names = "--edge-id", defaultValue = "${env:BACKLINE_EDGE_ID}",
                description = "How the API lists this edge (default: one made once and kept in the state directory).")
        String edgeId;

        @Override
        public Integer call() throws InterruptedException {
            var planes = new java.util.ArrayList<java.net.URI>();
            for (var text : controlPlanes) {
                var uri = java.net.URI.create(text.strip());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--control-plane: '" + text + "' (expected: an http:// or https:// URL)");
                }
                planes.add(uri);
            }
            var admin = adminListen == null || adminListen.isBlank() ? null : HostPort.parse("--admin-listen", adminListen);
            var node = EdgeNode.start(new EdgeNode.Settings(planes, token, HostPort.parse("--edge-listen", edgeListen), stateDir, edgeId,
                    admin));
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                stopped.countDown();
            }, "backline-shutdown"));
            System.out.println("Backline edge " + node.edgeId() + " listening on port " + node.port() + ", following " + planes);
            System.out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "token", description = "Manage API tokens.",
            subcommands = {TokenCreate.class, TokenList.class, TokenRevoke.class, CommandLine.HelpCommand.class})
    static final class TokenCommand implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        /** {@code backline token} alone: the subcommands are the answer, and the exit code says it was incomplete. */
        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
    }

    @Command(name = "create", description = "Create a token and print its secret (shown only once).")
    static final class TokenCreate implements Callable<Integer> {
        @CommandLine.Mixin TokenStoreOption data = new TokenStoreOption();

        @Option(names = "--scope", defaultValue = "global", description = "global or global:read (default: ${DEFAULT-VALUE}).")
        String scope = "global";

        @Option(names = "--service", description = "Restrict the token to this service id; repeat for several.")
        List<String> services = new ArrayList<>();

        @Option(names = "--name", defaultValue = "token", description = "A label for token list (default: ${DEFAULT-VALUE}).")
        String name = "token";

        @Override
        public Integer call() {
            if (!scope.equals("global") && !scope.equals("global:read")) {
                System.err.println("--scope: '" + scope + "' (expected: global or global:read)");
                return 2;
            }
            try (var store = data.open()) {
                var issued = new TokenService(store, Clock.systemUTC()).create(name, scope, services);
                System.out.println(issued.secret());
                System.err.println("created token " + issued.token().id() + " (" + scope
                        + (services.isEmpty() ? "" : ", services " + String.join(",", services)) + ")");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List tokens (their secrets are never stored).")
    static final class TokenList implements Callable<Integer> {
        @CommandLine.Mixin TokenStoreOption data = new TokenStoreOption();

        @Override
        public Integer call() {
            try (var store = data.open()) {
                System.out.printf("%-22s  %-12s  %-11s  %-20s  %s%n", "ID", "NAME", "SCOPE", "CREATED", "SERVICES");
                for (var token : new TokenService(store, Clock.systemUTC()).list()) {
                    System.out.printf("%-22s  %-12s  %-11s  %-20s  %s%n", token.id(), token.name(), token.scope(),
                            token.createdAt(), token.services().isEmpty() ? "all" : String.join(",", token.services()));
                }
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token by its id.")
    static final class TokenRevoke implements Callable<Integer> {
        @CommandLine.Mixin TokenStoreOption data = new TokenStoreOption();

        @Parameters(paramLabel = "ID", description = "The token's id, as token list shows it.")
        String id = "";

        @Override
        public Integer call() {
            try (var store = data.open()) {
                if (!new TokenService(store, Clock.systemUTC()).revoke(id)) {
                    System.err.println("no token with id '" + id + "'");
                    return 1;
                }
                System.err.println("revoked token " + id);
            }
            return 0;
        }
    }
}
