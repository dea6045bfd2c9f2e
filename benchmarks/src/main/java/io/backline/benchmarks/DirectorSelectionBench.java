package io.backline.benchmarks;

import io.backline.edge.ActiveVersion;
import io.backline.model.DirectorRules;
import io.backline.model.DirectorSchema;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Param;

/**
 * Backend selection through a director of eight members (the default backend is a member), one
 * run per policy: 1 random, 3 hash (Host and URL), 4 client (address). With {@code -prof gc} it
 * also shows the bytes each selection allocates.
 */
public class DirectorSelectionBench extends SelectionBenchBase {
    @Param({"1", "3", "4"})
    public int type;

    @Override
    ActiveVersion version() {
        var backends = new ArrayList<Values>();
        var members = new ArrayList<String>();
        for (int i = 0; i < 8; i++) {
            backends.add(backend(Map.of("name", List.of("m" + i), "address", List.of("127.0.0.1"), "weight",
                    List.of(Integer.toString(100 * (1 + i % 3))))));
            members.add("m" + i);
        }
        var director = DirectorRules.INSTANCE.create(DirectorSchema.SCHEMA.parse(Map.of("name", List.of("lb"), "type",
                List.of(Integer.toString(type)))), ServiceType.VCL).with(DirectorSchema.BACKENDS, List.copyOf(members));
        return new ActiveVersion("bench", 1, backends, List.of(), List.of(), List.of(), List.of(director));
    }
}
