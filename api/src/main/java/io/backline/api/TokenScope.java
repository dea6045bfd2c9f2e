package io.backline.api;

/**
 * The token scopes Backline knows, by the name Fastly gives them; Fastly's purge scopes have no
 * configuration rights. The command line offers these names ({@code --scope}) and the API reads
 * a stored token's scope with {@link #parse}.
 */
public enum TokenScope {
    GLOBAL("global"),
    GLOBAL_READ("global:read");

    private final String wire;

    TokenScope(String wire) {
        this.wire = wire;
    }

    /** The scope's name as Fastly writes it ({@code global:read}). */
    public String wire() {
        return wire;
    }

    /** The wire name: picocli lists and accepts these names for an enum option. */
    @Override
    public String toString() {
        return wire;
    }

    static TokenScope parse(String text) {
        // A token may carry several space-separated scopes; the widest config scope wins.
        TokenScope best = null;
        for (var part : text.trim().split("\\s+")) {
            if (part.equals(GLOBAL.wire)) {
                return GLOBAL;
            }
            if (part.equals(GLOBAL_READ.wire)) {
                best = GLOBAL_READ;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("scope: '" + text + "' (expected: global or global:read)");
        }
        return best;
    }
}
