package io.backline.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}: where {@code backline serve} keeps its database and the admin token. */
final class DataDirOption {
    @Option(names = "--data-dir", defaultValue = "${env:BACKLINE_DATA_DIR:-./data}", paramLabel = "DIR",
            description = "Directory of the database and the admin token (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("data");
}
