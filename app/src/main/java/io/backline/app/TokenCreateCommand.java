package io.backline.app;

import io.backline.api.TokenScope;
import io.backline.api.TokenService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(name = "create", description = "Create a token and print its secret (shown only once).")
final class TokenCreateCommand implements Callable<Integer> {
    @Mixin
    TokenStoreOption data = new TokenStoreOption();

    /** The first scope given (global unless one is); {@link #scopes} holds all of them. */
    TokenScope scope = TokenScope.GLOBAL;
    List<TokenScope> scopes = List.of(TokenScope.GLOBAL);

    /**
     * A token may carry several scopes, as Fastly's do ({@code --scope purge_select --scope global:read});
     * they are stored space-separated, as Fastly writes them.
     */
    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "global", converter = ScopeConverter.class,
            description = "One of: ${COMPLETION-CANDIDATES}; repeat for several (default: ${DEFAULT-VALUE}).")
    void scopes(List<TokenScope> values) {
        if (values.isEmpty()) {
            return; // picocli first hands over the empty list it is about to fill
        }
        scopes = List.copyOf(new java.util.LinkedHashSet<>(values));
        scope = scopes.getFirst();
    }

    @Option(names = "--service", description = "Restrict the token to this service id; repeat for several.")
    List<String> services = new ArrayList<>();

    @Option(names = "--name", defaultValue = "token", description = "A label for token list (default: ${DEFAULT-VALUE}).")
    String name = "token";

    /** Reads a scope by the name Fastly writes ({@code purge_select}), and names them all when it is none of them. */
    static final class ScopeConverter implements ITypeConverter<TokenScope> {
        @Override
        public TokenScope convert(String value) {
            for (var scope : TokenScope.values()) {
                if (scope.wire().equals(value)) {
                    return scope;
                }
            }
            throw new TypeConversionException("'" + value + "' (expected one of: "
                    + String.join(", ", java.util.Arrays.stream(TokenScope.values()).map(TokenScope::wire).toList()) + ")");
        }
    }

    @Override
    public Integer call() {
        try (var store = data.open()) {
            var wire = String.join(" ", scopes.stream().map(TokenScope::wire).toList());
            var issued = new TokenService(store, Clock.systemUTC()).create(name, wire, services);
            System.out.println(issued.secret());
            System.err.println("created token " + issued.token().id() + " (" + issued.token().scope()
                    + (services.isEmpty() ? "" : ", services " + String.join(",", services)) + ")");
        }
        return 0;
    }
}
