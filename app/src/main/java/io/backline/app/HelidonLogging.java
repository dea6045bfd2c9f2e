package io.backline.app;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that logging is configured: {@link Logging} has set up java.util.logging before
 * any server starts. Without a provider Helidon prints a line of its own to standard error
 * ("There is no Helidon logging implementation…"), which is no log record and breaks
 * {@code --log-format json}; Helidon's own JUL provider would instead re-read a
 * {@code logging.properties} over the handler that {@link Logging} installed.
 */
public final class HelidonLogging implements LoggingProvider {
    @Override
    public void initialization() {
        // Logging.configure has run; nothing to add.
    }

    @Override
    public void runTime() {
        // Nothing to redo at run time either (Helidon calls this in native images).
    }
}
