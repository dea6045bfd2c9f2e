package io.backline.edge.origin;

import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns a backend address into an IP without blocking an event loop: IP literals are parsed in
 * place; host names are looked up with the JDK resolver (its cache, {@code /etc/hosts} and the
 * system's DNS configuration) on a virtual thread, and the answer is delivered on the caller's loop.
 * {@code prefer_ipv6} picks the first AAAA record when there is one, otherwise the first A record.
 */
public final class OriginResolver implements AutoCloseable {
    private final ExecutorService lookups = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("backline-dns-", 0).factory());

    Future<InetAddress> resolve(String address, boolean preferIpv6, EventLoop loop) {
        var literal = NetUtil.createInetAddressFromIpAddressString(stripBrackets(address));
        if (literal != null) {
            return loop.newSucceededFuture(literal);
        }
        Promise<InetAddress> promise = loop.newPromise();
        try {
            lookups.execute(() -> {
                try {
                    promise.trySuccess(pick(InetAddress.getAllByName(address), preferIpv6));
                } catch (UnknownHostException | RuntimeException e) {
                    promise.tryFailure(e);
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryFailure(e);
        }
        return promise;
    }

    public static InetAddress pick(InetAddress[] candidates, boolean preferIpv6) {
        Class<?> preferred = preferIpv6 ? Inet6Address.class : Inet4Address.class;
        for (var candidate : candidates) {
            if (preferred.isInstance(candidate)) {
                return candidate;
            }
        }
        return candidates[0];
    }

    private static String stripBrackets(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }
}
