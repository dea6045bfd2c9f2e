package io.backline.app;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The one way {@code serve}, {@code api} and {@code edge} run: the server started, closed by the
 * shutdown hook (SIGTERM, Ctrl-C), announced, and the command waiting until it has closed.
 */
final class UntilShutdown {
    private UntilShutdown() {}

    static <T extends AutoCloseable> int run(T server, Consumer<T> announce) throws InterruptedException {
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.getLogger(UntilShutdown.class.getName()).log(System.Logger.Level.WARNING, "shutdown: " + e.getMessage(), e);
            } finally {
                stopped.countDown();
            }
        }, "backline-shutdown"));
        announce.accept(server);
        stopped.await();
        return 0;
    }
}
