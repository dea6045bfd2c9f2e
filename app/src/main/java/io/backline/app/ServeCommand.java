package io.backline.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", description = "Run the API and the edge on the embedded SQLite store.",
        defaultValueProvider = EdgeOptions.Defaults.class)
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataDirOption data = new DataDirOption();

    @Mixin
    ApiOptions api = new ApiOptions();

    @Mixin
    EdgeOptions edge = new EdgeOptions();

    @Mixin
    LogOptions log = new LogOptions();

    @Override
    public Integer call() throws InterruptedException {
        var config = new ServeConfig(data.dataDir, api.listen, edge.config(), api.writesPerHour);
        Logging.configure(log.format);
        return UntilShutdown.run(BacklineServer.start(config), server -> {
            server.accessLog().filter(log -> log.file() != null).ifPresent(log -> Hangup.onSignal(log::reopen));
            var tokenFile = data.dataDir.resolve("admin-token");
            Logging.announceSecret(log.format, server.newAdminToken(), "Admin token (shown once; also in " + tokenFile + "): ",
                    "Admin token created; it is in " + tokenFile + " (a log never carries a secret)");
            Logging.announce(log.format, "Backline API listening on " + server.apiUri());
            Logging.announce(log.format, "Backline edge listening on " + server.edgeUri());
            var tls = server.tlsUri();
            if (tls != null) {
                Logging.announce(log.format, "Backline TLS listener on " + tls + " (tls: " + server.tlsProvider() + ")");
            }
            var staging = server.stagingUri();
            if (staging != null) {
                Logging.announce(log.format, "Backline staging listener on " + staging);
            }
        });
    }
}
