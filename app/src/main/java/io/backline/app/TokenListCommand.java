package io.backline.app;

import io.backline.api.TokenService;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", description = "List tokens (their secrets are never stored).")
final class TokenListCommand implements Callable<Integer> {
    private static final String ROW = "%-22s  %-12s  %-11s  %-20s  %s%n";

    @Mixin
    TokenStoreOption data = new TokenStoreOption();

    @Override
    public Integer call() {
        try (var store = data.open()) {
            System.out.printf(ROW, "ID", "NAME", "SCOPE", "CREATED", "SERVICES");
            for (var token : new TokenService(store, Clock.systemUTC()).list()) {
                System.out.printf(ROW, token.id(), token.name(), token.scope(), token.createdAt(),
                        token.services().isEmpty() ? "all" : String.join(",", token.services()));
            }
        }
        return 0;
    }
}
