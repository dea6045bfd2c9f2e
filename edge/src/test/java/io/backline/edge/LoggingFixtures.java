package io.backline.edge;

import io.backline.condition.ConditionRules;
import io.backline.condition.LoggingRules;
import io.backline.edge.logging.DeliveryConfig;
import io.backline.edge.logging.LineFormats;
import io.backline.edge.logging.LoggingDelivery;
import io.backline.model.ConditionSchema;
import io.backline.model.Field;
import io.backline.model.HttpsLoggingSchema;
import io.backline.model.Schema;
import io.backline.model.ServiceType;
import io.backline.model.SettingsSchema;
import io.backline.model.SyslogSchema;
import io.backline.model.Values;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Logging endpoints as the control plane stores them (through their real rules), and a delivery for tests. */
final class LoggingFixtures {
    static final String HOSTNAME = "cache-test";

    /**
     * Fastly's syslog object has no field for UDP; Backline reads an optional {@code transport}.
     * This schema is the syslog fields that matter plus that one, for the UDP sender.
     */
    private static final Schema.Builder UDP = Schema.builder("logging/syslog", "Syslog");
    private static final Field<String> UDP_NAME = UDP.add(Field.text("name"));
    private static final Field<String> UDP_ADDRESS = UDP.add(Field.text("address"));
    private static final Field<Integer> UDP_PORT = UDP.add(Field.integer("port", 514, 1, 65_535));
    private static final Field<String> UDP_TRANSPORT = UDP.add(Field.text("transport"));
    private static final Field<String> UDP_FORMAT = UDP.add(Field.text("format"));
    private static final Field<String> UDP_MESSAGE_TYPE = UDP.add(Field.text("message_type"));
    private static final Schema UDP_SCHEMA = UDP.build();

    private LoggingFixtures() {}

    /** A syslog endpoint on 127.0.0.1; {@code fields} are more name/value pairs. */
    static Values syslog(String name, int port, String... fields) {
        var input = input(fields);
        input.put("name", List.of(name));
        input.put("address", List.of("127.0.0.1"));
        input.put("port", List.of(Integer.toString(port)));
        return LoggingRules.SYSLOG.create(SyslogSchema.SCHEMA.parse(input), ServiceType.VCL);
    }

    static Values udpSyslog(String name, int port, String format, String messageType) {
        return UDP_SCHEMA.defaults(ServiceType.VCL).with(UDP_NAME, name).with(UDP_ADDRESS, "127.0.0.1").with(UDP_PORT, port)
                .with(UDP_TRANSPORT, "udp").with(UDP_FORMAT, format).with(UDP_MESSAGE_TYPE, messageType);
    }

    static Values https(String name, String url, String... fields) {
        var input = input(fields);
        input.put("name", List.of(name));
        input.put("url", List.of(url));
        return LoggingRules.HTTPS.create(HttpsLoggingSchema.SCHEMA.parse(input), ServiceType.VCL);
    }

    static Values responseCondition(String name, String statement) {
        return ConditionRules.INSTANCE.create(ConditionSchema.SCHEMA.parse(Map.of("name", List.of(name), "statement",
                List.of(statement), "type", List.of("RESPONSE"), "priority", List.of("10"))), ServiceType.VCL);
    }

    /** Service {@code svc1} at {@code version}: {@code example.com} to one backend, with these endpoints and conditions. */
    static EdgeSnapshot snapshot(int version, int originPort, List<Values> logging, List<Values> conditions) {
        var active = new ActiveVersion(ProxyFixtures.SERVICE, version, List.of(ProxyFixtures.backend("primary", originPort)), conditions,
                List.of(), List.of(ProxyFixtures.domain("example.com")), List.of(), SettingsSchema.SCHEMA.defaults(ServiceType.VCL),
                logging);
        return SnapshotCompiler.compile(version, List.of(active));
    }

    static EdgeSnapshot snapshot(int originPort, Values... logging) {
        return snapshot(1, originPort, List.of(logging), List.of());
    }

    static LoggingDelivery delivery(int queue) {
        return new LoggingDelivery(new DeliveryConfig(HOSTNAME, queue, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2)),
                LineFormats.of(new LineFormats.Node(HOSTNAME, "127.0.0.1", 8000)));
    }

    private static Map<String, List<String>> input(String... fields) {
        var input = new HashMap<String, List<String>>();
        for (int i = 0; i < fields.length; i += 2) {
            input.put(fields[i], List.of(fields[i + 1]));
        }
        return input;
    }
}
