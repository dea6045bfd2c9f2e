package io.backline.edge;

import io.backline.condition.ConditionRules;
import io.backline.edge.health.HealthView;
import io.backline.model.BackendRules;
import io.backline.model.BackendSchema;
import io.backline.model.ConditionSchema;
import io.backline.model.DomainSchema;
import io.backline.model.PlainRules;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds active versions the way the control plane stores them, and an edge config for tests. */
public final class ProxyFixtures {
    public static final String SERVICE = "svc1";

    private ProxyFixtures() {}

    /** A backend on 127.0.0.1; {@code fields} are more name/value pairs, e.g. {@code "max_conn", "1"}. */
    public static Values backend(String name, int port, String... fields) {
        var input = new HashMap<String, List<String>>();
        input.put("name", List.of(name));
        input.put("address", List.of("127.0.0.1"));
        input.put("port", List.of(Integer.toString(port)));
        for (int i = 0; i < fields.length; i += 2) {
            input.put(fields[i], List.of(fields[i + 1]));
        }
        return BackendRules.INSTANCE.create(BackendSchema.SCHEMA.parse(input), ServiceType.VCL);
    }

    static Values condition(String name, String statement, int priority) {
        return ConditionRules.INSTANCE.create(ConditionSchema.SCHEMA.parse(Map.of("name", List.of(name), "statement",
                List.of(statement), "type", List.of("REQUEST"), "priority", List.of(Integer.toString(priority)))), ServiceType.VCL);
    }

    static Values domain(String name) {
        return PlainRules.DOMAIN.create(DomainSchema.SCHEMA.parse(Map.of("name", List.of(name))), ServiceType.VCL);
    }

    static ActiveVersion version(String serviceId, int number, List<Values> backends, List<Values> conditions, String... domains) {
        var domainValues = new ArrayList<Values>();
        for (var name : domains) {
            domainValues.add(domain(name));
        }
        return new ActiveVersion(serviceId, number, backends, conditions, List.of(), domainValues);
    }

    /** One service, {@code example.com}, with these backends and conditions. */
    public static EdgeSnapshot snapshot(List<Values> backends, List<Values> conditions) {
        return SnapshotCompiler.compile(1, List.of(version(SERVICE, 1, backends, conditions, "example.com")));
    }

    public static EdgeSnapshot snapshot(Values... backends) {
        return snapshot(List.of(backends), List.of());
    }

    static BackendKey key(EdgeSnapshot snapshot, String backend) {
        var service = snapshot.service(SERVICE);
        if (service == null) {
            throw new IllegalArgumentException("no service " + SERVICE);
        }
        return service.backend(backend).orElseThrow().key();
    }

    /** A free port on 127.0.0.1, two event loops, a short client timeout. */
    static EdgeConfig.Builder config() {
        return EdgeConfig.builder().host("127.0.0.1").port(0).eventLoopThreads(2).clientIdleTimeout(Duration.ofSeconds(5));
    }

    static EdgeServer start(EdgeSnapshot snapshot) {
        return EdgeServer.start(config().build(), () -> snapshot, HealthView.ALL_HEALTHY);
    }
}
