package io.backline.app;

import io.backline.api.TokenScope;
import io.backline.api.TokenService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create", description = "Create a token and print its secret (shown only once).")
final class TokenCreateCommand implements Callable<Integer> {
    @Mixin
    TokenStoreOption data = new TokenStoreOption();

    @Option(names = "--scope", defaultValue = "global", paramLabel = "SCOPE",
            description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    TokenScope scope = TokenScope.GLOBAL;

    @Option(names = "--service", description = "Restrict the token to this service id; repeat for several.")
    List<String> services = new ArrayList<>();

    @Option(names = "--name", defaultValue = "token", description = "A label for token list (default: ${DEFAULT-VALUE}).")
    String name = "token";

    @Override
    public Integer call() {
        try (var store = data.open()) {
            var issued = new TokenService(store, Clock.systemUTC()).create(name, scope.wire(), services);
            System.out.println(issued.secret());
            System.err.println("created token " + issued.token().id() + " (" + scope
                    + (services.isEmpty() ? "" : ", services " + String.join(",", services)) + ")");
        }
        return 0;
    }
}
