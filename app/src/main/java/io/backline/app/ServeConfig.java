package io.backline.app;

import io.backline.edge.EdgeConfig;
import java.nio.file.Path;

/**
 * Settings of {@code backline serve}.
 *
 * @param dataDir where the database and the admin token live ({@code ./data})
 * @param api where the configuration API listens ({@code 127.0.0.1:8080})
 * @param edge the edge: where it listens ({@code 127.0.0.1:8000}), where its staging listener
 *     listens ({@code 127.0.0.1:8001} from the command line) and how it protects itself
 *     ({@link EdgeConfig#defaults()})
 * @param writesPerHour write budget per token per hour; 0 disables the limit (10,000)
 */
public record ServeConfig(Path dataDir, HostPort api, EdgeConfig edge, int writesPerHour) {

    /** The edge's defaults, listening at {@code edge}. */
    public ServeConfig(Path dataDir, HostPort api, HostPort edge, int writesPerHour) {
        this(dataDir, api, EdgeConfig.builder().host(edge.host()).port(edge.port()).build(), writesPerHour);
    }

    /** The defaults, with the API, the edge and its staging listener on free ports: for tests and embedding. */
    public static ServeConfig ephemeral(Path dataDir) {
        return new ServeConfig(dataDir, new HostPort("127.0.0.1", 0), EdgeConfig.builder().host("127.0.0.1").port(0)
                .staging(new EdgeConfig.Listen("127.0.0.1", 0)).build(), 0);
    }
}
