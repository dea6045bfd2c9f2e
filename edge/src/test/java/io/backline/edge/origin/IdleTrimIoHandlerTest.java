package io.backline.edge.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.IoHandle;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event-loop handler that trims the loop's buffer cache only after a period without I/O. */
class IdleTrimIoHandlerTest {

    @Test
    void trimsOnlyWhenNoTurnDidWorkSinceTheLastCheck() {
        var trims = new AtomicInteger();
        var handler = new IdleTrimIoHandler(new ScriptedIoHandler(0, 3, 0, 0, 0, 1, 0), trims::incrementAndGet);

        handler.run(null);
        handler.run(null); // 3 events: busy
        handler.run(null);
        handler.check();
        assertThat(trims).as("a busy turn in the period").hasValue(0);

        handler.run(null);
        handler.run(null);
        handler.check();
        assertThat(trims).as("only idle turns in the period").hasValue(1);

        handler.check();
        assertThat(trims).as("no turns at all in the period").hasValue(2);

        handler.run(null); // 1 event: busy
        handler.run(null);
        handler.check();
        assertThat(trims).hasValue(2);
    }

    @Test
    void handledCountsAndEverythingElseGoToTheTransportsHandler() throws Exception {
        var inner = new ScriptedIoHandler(0, 5);
        var handler = new IdleTrimIoHandler(inner, () -> { });

        assertThat(handler.run(null)).isZero();
        assertThat(handler.run(null)).isEqualTo(5);
        handler.initialize();
        handler.register(null);
        handler.wakeup();
        assertThat(handler.isCompatible(IoHandle.class)).isTrue();
        handler.prepareToDestroy();
        handler.destroy();

        assertThat(inner.calls).containsExactly("initialize", "register", "wakeup", "isCompatible", "prepareToDestroy", "destroy");
    }

    /**
     * A real event loop, checked every 200 ms: idle, it trims at each check; answering a client that
     * sends without pause for a second, it trims at most once (a check that a scheduling hiccup leaves
     * without a busy turn), against five or more if busy turns were not counted.
     */
    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "nio"})
    void aRealLoopTrimsWhenIdleAndNotWhileItWorks(String transport) throws Exception {
        var loop = LoopTransport.named(transport);
        var trims = new AtomicInteger();
        var group = new MultiThreadIoEventLoopGroup(1, IdleTrimIoHandler.wrap(loop.factory(), trims::incrementAndGet));
        try {
            var server = loop.serveEcho(group);
            int port = LoopTransport.port(server);
            IdleTrimIoHandler.schedule(group, Duration.ofMillis(200));

            long idleUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000);
            while (trims.get() < 2 && System.nanoTime() < idleUntil) {
                Thread.sleep(20);
            }
            assertThat(trims.get()).as("trims while idle").isGreaterThanOrEqualTo(2);

            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5_000);
                socket.setTcpNoDelay(true);
                var in = socket.getInputStream();
                var out = socket.getOutputStream();
                int before = trims.get();
                long busyUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000);
                while (System.nanoTime() < busyUntil) {
                    out.write('x');
                    assertThat(in.read()).isEqualTo('x');
                }
                assertThat(trims.get() - before).as("trims while answering without pause").isLessThanOrEqualTo(1);
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
