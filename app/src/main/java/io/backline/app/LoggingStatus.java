package io.backline.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.edge.EdgeConfig;
import io.backline.edge.logging.DeliveryConfig;
import io.backline.edge.logging.EndpointStatus;
import io.backline.edge.logging.LineFormats;
import io.backline.edge.logging.LoggingDelivery;
import io.backline.wire.Json;
import java.util.List;

/**
 * The edge's logging delivery as {@code backline} runs it, and its state as
 * {@code GET /service/{id}/logging-status} answers it (docs/logging-delivery.md).
 */
final class LoggingStatus {
    private LoggingStatus() {}

    /** Delivery for an edge with this configuration: its server name in syslog prefixes and lines, its listener as %A and %p. */
    static LoggingDelivery delivery(EdgeConfig edge) {
        return new LoggingDelivery(DeliveryConfig.defaults(edge.serverName()),
                LineFormats.of(new LineFormats.Node(edge.serverName(), edge.host(), edge.port())));
    }

    static JsonNode report(String serviceId, LoggingDelivery delivery) {
        return report(serviceId, delivery.status(serviceId));
    }

    /** {@code {"service_id":…,"endpoints":[{"kind":"logging/https","name":…,"sent":…,…}]}}. */
    static JsonNode report(String serviceId, List<EndpointStatus> statuses) {
        var node = Json.object();
        node.put("service_id", serviceId);
        var endpoints = node.putArray("endpoints");
        for (var status : statuses) {
            var item = endpoints.addObject();
            item.put("kind", status.kind());
            item.put("name", status.name());
            item.put("sent", status.sent());
            item.put("dropped", status.dropped());
            item.put("failed", status.failed());
            item.put("skipped", status.skipped());
            item.put("queued", status.queued());
            item.put("last_error", status.lastError());
            item.put("last_success_at", Json.time(status.lastSuccessAt()));
        }
        return node;
    }
}
