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
        // Readable lines until a server command picks its format; the token commands keep these.
        Logging.configure(LogFormat.TEXT);
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
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
