package io.backline.api;

/**
 * The token scopes Backline knows, by the name Fastly gives them. {@code global} may do everything;
 * {@code global:read} reads configuration; Fastly's purge scopes have no configuration rights:
 * {@code purge_select} purges by surrogate key and by URL, {@code purge_all} purges a whole service.
 * A token may carry several ({@link TokenScopes}). The command line offers these names
 * ({@code --scope}).
 */
public enum TokenScope {
    GLOBAL("global"),
    GLOBAL_READ("global:read"),
    PURGE_SELECT("purge_select"),
    PURGE_ALL("purge_all");

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
}
