package io.backline.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The API's options, shared by {@code serve} and {@code api}; {@code --rate-limit} is checked once, here. */
final class ApiOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--api-listen", defaultValue = "${env:BACKLINE_API_LISTEN:-127.0.0.1:8080}", converter = HostPort.Converter.class,
            paramLabel = "HOST:PORT", description = "Address of the configuration API (default: ${DEFAULT-VALUE}).")
    HostPort listen = new HostPort("127.0.0.1", 8080);

    int writesPerHour = 10_000;

    @Option(names = "--rate-limit", defaultValue = "${env:BACKLINE_RATE_LIMIT:-10000}", paramLabel = "N",
            description = "Writes per token per hour, counted in the store (across every API node on one database); "
                    + "0 for no limit (default: ${DEFAULT-VALUE}).")
    void writesPerHour(int value) {
        if (value < 0) {
            throw new ParameterException(spec.commandLine(), "--rate-limit: " + value + " (expected: 0 or more)");
        }
        writesPerHour = value;
    }
}
