package io.backline.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "api", description = "Run a stateless API node on a shared database (PostgreSQL for several nodes).")
final class ApiCommand implements Callable<Integer> {
    @Option(names = "--database", required = true, defaultValue = "${env:BACKLINE_DATABASE}",
            description = "postgresql://USER:PASSWORD@HOST:PORT/DB, or sqlite:PATH for a single node.")
    String database;

    @Option(names = "--tls-key-file", defaultValue = "${env:BACKLINE_TLS_KEY_FILE}", paramLabel = "PATH",
            description = "File with the key that seals TLS private keys in the database: 32 random bytes in base64 "
                    + "(`openssl rand -base64 32`), the same on every API node. Without it the TLS API refuses private keys.")
    java.nio.file.Path tlsKeyFile;

    @Mixin
    ApiOptions api = new ApiOptions();

    @Mixin
    LogOptions log = new LogOptions();

    @Override
    public Integer call() throws InterruptedException {
        Logging.configure(log.format);
        return UntilShutdown.run(ApiNode.start(Databases.open(database), api.listen, api.writesPerHour,
                tlsKeyFile == null ? io.backline.api.TlsSealer.none() : io.backline.api.TlsSealer.load(tlsKeyFile)), node -> {
            Logging.announceSecret(log.format, node.newAdminToken(), "Admin token (shown once, the database had none): ",
                    "Admin token created (the database had none); it is not logged: make one to use with backline token create --database …");
            Logging.announce(log.format, "Backline API listening on " + node.apiUri() + " (database " + Databases.redacted(database) + ")");
        });
    }
}
