package io.backline.app;

import sun.misc.Signal;

/**
 * {@code SIGHUP} reopens the access log, the signal logrotate's {@code postrotate} (or
 * {@code copytruncate}-free setups) sends. {@link Signal} is the JDK's only way to handle a signal;
 * it lives in {@code jdk.unsupported}, which the JDK keeps exported for exactly this use.
 *
 * <p>Installing it replaces the JVM's default for {@code SIGHUP}, which is to run the shutdown
 * hooks and exit: once installed, a hang-up no longer stops Backline (SIGTERM and SIGINT still do).
 * So it is installed only when the access log is a file, where reopening is what an operator
 * means by it.
 */
final class Hangup {
    private static final System.Logger LOG = System.getLogger(Hangup.class.getName());

    private Hangup() {}

    static void onSignal(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), signal -> action.run());
        } catch (IllegalArgumentException e) {
            // No SIGHUP on this platform, or the JVM was started with -Xrs: rotation then needs a restart.
            LOG.log(System.Logger.Level.WARNING, "SIGHUP cannot be handled here; the access log is reopened only on restart: "
                    + e.getMessage());
        }
    }
}
