package io.backline.benchmarks;

import io.backline.condition.ConditionRules;
import io.backline.edge.ActiveVersion;
import io.backline.model.ConditionSchema;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Backend selection for one request in a service with ten condition routes (a mix of URL regexes,
 * host equality and header tests) plus a default backend. Target: under 5 µs per request.
 */
public class SelectionBench extends SelectionBenchBase {

    @Override
    ActiveVersion version() {
        var backends = new ArrayList<Values>();
        var conditions = new ArrayList<Values>();
        backends.add(backend("default", ""));
        String[] statements = {
            "req.url ~ \"^/api/\"",
            "req.http.host == \"api.example.com\"",
            "req.url.ext ~ \"(?i)^(gif|png|jpe?g|webp)$\"",
            "req.url ~ \"^/checkout/\" && req.http.X-Beta",
            "req.http.host == \"shop.example.com\"",
            "req.url.path == \"/robots.txt\"",
            "std.prefixof(req.url, \"/static/\")",
            "req.http.Upgrade == \"websocket\"",
            "client.ip == \"10.0.0.1\"",
            "req.method == \"POST\" && req.url ~ \"^/api/v2/\""};
        for (int i = 0; i < statements.length; i++) {
            conditions.add(ConditionRules.INSTANCE.create(ConditionSchema.SCHEMA.parse(Map.of("name", List.of("c" + i),
                    "statement", List.of(statements[i]), "type", List.of("REQUEST"), "priority", List.of(Integer.toString(10 + i)))),
                    ServiceType.VCL));
            backends.add(backend("b" + i, "c" + i));
        }
        return new ActiveVersion("bench", 1, backends, conditions, List.of(), List.of());
    }

    private static Values backend(String name, String condition) {
        return backend(Map.of("name", List.of(name), "address", List.of("127.0.0.1"), "request_condition", List.of(condition)));
    }
}
