package io.backline.api;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scopes one token carries: Fastly writes them space-separated in one {@code scope} field
 * ({@code "purge_select global:read"}). What each allows is answered here, in one place, so that
 * routes ask "may this token purge?" rather than comparing scope names.
 */
record TokenScopes(Set<TokenScope> scopes) {
    static final TokenScopes GLOBAL = new TokenScopes(Set.of(TokenScope.GLOBAL));
    static final TokenScopes GLOBAL_READ = new TokenScopes(Set.of(TokenScope.GLOBAL_READ));

    TokenScopes {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scope: none (expected: at least one scope)");
        }
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** Space-separated scope names, in any order; an unknown name is refused. */
    static TokenScopes parse(String text) {
        var found = EnumSet.noneOf(TokenScope.class);
        for (var part : text.strip().split("\\s+")) {
            found.add(named(part, text));
        }
        return new TokenScopes(found);
    }

    private static TokenScope named(String name, String text) {
        for (var scope : TokenScope.values()) {
            if (scope.wire().equals(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("scope: '" + text + "' (expected: space-separated names among global, global:read,"
                + " purge_select and purge_all)");
    }

    /** Reads configuration: {@code global} or {@code global:read}. */
    boolean reads() {
        return scopes.contains(TokenScope.GLOBAL) || scopes.contains(TokenScope.GLOBAL_READ);
    }

    /** Writes configuration: {@code global} only. */
    boolean writes() {
        return scopes.contains(TokenScope.GLOBAL);
    }

    /** Purges by surrogate key or URL: {@code purge_select} or {@code global}. */
    boolean purgesSelected() {
        return scopes.contains(TokenScope.GLOBAL) || scopes.contains(TokenScope.PURGE_SELECT);
    }

    /** Purges a whole service: {@code purge_all} or {@code global}. */
    boolean purgesAll() {
        return scopes.contains(TokenScope.GLOBAL) || scopes.contains(TokenScope.PURGE_ALL);
    }

    /** The names as Fastly writes them, space-separated, in declaration order. */
    String wire() {
        return EnumSet.copyOf(scopes).stream().map(TokenScope::wire).collect(Collectors.joining(" "));
    }
}
