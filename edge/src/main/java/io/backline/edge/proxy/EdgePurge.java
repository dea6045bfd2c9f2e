package io.backline.edge.proxy;

import io.backline.edge.EdgeRuntime;
import io.backline.edge.Purge;
import io.backline.edge.cache.HttpCache;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A {@code PURGE} sent to the edge (docs/cache.md, "PURGE"): the {@code Fastly-Key} is checked by the
 * runtime's {@code PurgeAuthorizer}, off the loop, and back on the client's loop the URL is purged
 * (hard, or soft with {@code Fastly-Soft-Purge}) and answered in Fastly's shapes ({@link PurgeAnswers}).
 * Nothing is purged when the exchange stopped waiting meanwhile (its client left).
 */
final class EdgePurge {
    /** The exchange the PURGE arrived in; called on its loop. */
    interface Requester {
        /** Whether it still waits for the answer. */
        boolean waitsForPurge();

        /** The answer to send; {@code refusal} is its synthetic reason when the purge was refused. */
        void purgeAnswered(FullHttpResponse answer, @Nullable String refusal);
    }

    private EdgePurge() {}

    /** Asks the authorizer, then purges {@code host}{@code url} of the service and answers {@code requester} on {@code channel}'s loop. */
    static void start(EdgeRuntime edge, HttpCache cache, Channel channel, String serviceId, String host, String url, HttpHeaders headers,
            Requester requester) {
        var key = headers.get(EdgeHeaders.FASTLY_KEY);
        var softValue = headers.get(EdgeHeaders.FASTLY_SOFT_PURGE);
        boolean soft = softValue != null && !softValue.isBlank() && !softValue.trim().equals("0");
        var target = new Purge.Url(serviceId, host, url, soft);
        CompletionStage<Boolean> decision;
        try {
            decision = edge.cache().authorizer().mayPurge(key, serviceId);
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        boolean keyGiven = key != null;
        decision.whenComplete((allowed, error) -> channel.eventLoop().execute(
                () -> decided(cache, channel, target, Boolean.TRUE.equals(allowed) && error == null, keyGiven, requester)));
    }

    private static void decided(HttpCache cache, Channel channel, Purge.Url target, boolean allowed, boolean keyGiven, Requester requester) {
        if (!requester.waitsForPurge()) {
            return;
        }
        if (allowed) {
            int count = cache.purge(target);
            requester.purgeAnswered(PurgeAnswers.ok(channel.alloc(), count), null);
        } else {
            var refusal = keyGiven ? "purge refused: the Fastly-Key may not purge this service" : "purge refused: no Fastly-Key";
            requester.purgeAnswered(PurgeAnswers.refused(channel.alloc(), keyGiven ? 403 : 401, refusal), refusal);
        }
    }
}
