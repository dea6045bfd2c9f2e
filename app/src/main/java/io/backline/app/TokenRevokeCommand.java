package io.backline.app;

import io.backline.api.TokenService;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "revoke", description = "Revoke a token by its id.")
final class TokenRevokeCommand implements Callable<Integer> {
    @Mixin
    TokenStoreOption data = new TokenStoreOption();

    @Parameters(paramLabel = "ID", description = "The token's id, as token list shows it.")
    String id = "";

    @Override
    public Integer call() {
        try (var store = data.open()) {
            if (!new TokenService(store, Clock.systemUTC()).revoke(id)) {
                System.err.println("no token with id '" + id + "'");
                return 1;
            }
            System.err.println("revoked token " + id);
        }
        return 0;
    }
}
