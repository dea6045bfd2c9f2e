package io.backline.app;

import picocli.CommandLine.Option;

/** {@code --log-format}, shared by the commands that run a server. */
final class LogOptions {
    @Option(names = "--log-format", defaultValue = "${env:BACKLINE_LOG_FORMAT:-text}", paramLabel = "FORMAT",
            description = "text (one readable line per record) or json (one JSON object per line, for log collectors); "
                    + "one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LogFormat format = LogFormat.TEXT;
}
