package io.backline.app;

import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The one logging setup of the process. Backline's own code logs through {@link System.Logger};
 * the JDK routes that to java.util.logging, which is the single backend: Helidon and the JDK log
 * through {@code System.Logger} too, HikariCP and Flyway through SLF4J with {@code slf4j-jdk14},
 * and Netty through SLF4J. This class gives that backend one handler on standard error in the
 * chosen {@link LogFormat}. It is the only place that names java.util.logging, and only
 * {@code main} calls it, before any server starts.
 */
final class Logging {
    /**
     * The store's libraries say at INFO what every start does (pools starting, the schema checked);
     * warnings only. The store logs a migration it applied itself. Held here: java.util.logging
     * keeps loggers weakly, and a collected one would forget its level.
     */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("org.flywaydb"));

    private Logging() {}

    /** Replaces the root handlers by one on standard error that writes in {@code format}. */
    static void configure(LogFormat format) {
        var root = LogManager.getLogManager().getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        var handler = new ConsoleHandler(); // standard error, flushed after every record
        handler.setFormatter(format.formatter());
        handler.setLevel(Level.ALL); // the loggers' levels decide
        root.addHandler(handler);
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
    }

    /**
     * A secret made at start (the first admin token): shown once after {@code shown} in text; in
     * JSON, which goes to collectors, only {@code withheld} is said and the secret stays out.
     */
    static void announceSecret(LogFormat format, @Nullable String secret, String shown, String withheld) {
        if (secret != null) {
            announce(format, format == LogFormat.TEXT ? shown + secret : withheld);
        }
    }

    /** A line for the operator at start: printed as it is in text, a log record in JSON. */
    static void announce(LogFormat format, String line) {
        if (format == LogFormat.TEXT) {
            System.out.println(line);
            System.out.flush();
        } else {
            System.getLogger("io.backline.app").log(System.Logger.Level.INFO, line);
        }
    }
}
