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
            // The JVM refuses a handler for a signal that was ignored when it started (nohup does that, and so may a
            // supervisor), under -Xrs, or where there is no SIGHUP: rotation then needs a restart.
            LOG.log(System.Logger.Level.WARNING, "SIGHUP cannot be handled (" + e.getMessage() + "): it is ignored by the process"
                    + " that started Backline (nohup, a supervisor) or the JVM runs with -Xrs; the access log is reopened only on"
                    + " restart. Start it without nohup (setsid, systemd) to rotate with SIGHUP.");
        }
    }
}
