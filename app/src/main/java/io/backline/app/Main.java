package io.backline.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

/** The {@code backline} command line. */
// scope = INHERIT gives every subcommand -h/--help and -V/--version, so `backline serve --help` prints
// usage instead of refusing an unknown option, and help wins over a missing required option.
@Command(name = "backline", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "A self-hosted implementation of Fastly's backend configuration API.",
        subcommands = {ServeCommand.class, ApiCommand.class, EdgeCommand.class, TokenCommand.class, HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        nettyArenasPerCore();
        // Readable lines until a server command picks its format; the token commands keep these.
        Logging.configure(LogFormat.TEXT);
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * One pooled direct-buffer arena per processor instead of Netty's two: the edge runs one event
     * loop per processor by default and each loop takes an arena of its own, so the second half only
     * served the few background threads, and every arena keeps the chunks it ever took. On io_uring,
     * where each waiting connection holds a posted receive buffer, that cost an edge node 2-3 MiB of
     * idle memory (docs/edge-benchmarks.md). Set before any Netty class loads; an operator's own
     * {@code -Dio.netty.allocator.numDirectArenas} wins.
     */
    private static void nettyArenasPerCore() {
        if (System.getProperty("io.netty.allocator.numDirectArenas") == null) {
            System.setProperty("io.netty.allocator.numDirectArenas", Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }

    /** The command line as {@code main} runs it; tests run it with their own output streams. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The version the jar's manifest carries (Maven's project version); "dev" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            var version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"backline " + (version != null ? version : "dev")};
        }
    }
}
