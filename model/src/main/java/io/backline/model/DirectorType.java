package io.backline.model;

import java.util.Optional;

/**
 * The director policies Fastly's API takes ({@code type}): 1 random, 3 hash, 4 client. Type 2
 * (round robin) is in go-fastly's constants but the API reference, the Terraform provider's
 * validator ({@code IntInSlice([]int{1, 3, 4})}) and its documentation name only these three.
 */
public enum DirectorType {
    /** Weighted random among the healthy members. */
    RANDOM(1, "random"),
    /** Keyed on the request's host and URL: one object, one member. */
    HASH(3, "hash"),
    /** Keyed on the client's address: one client, one member. */
    CLIENT(4, "client");

    /** The rule a refused code is told, in the house form {@code name: value (expected: rule)}. */
    public static final String RULE = "1 (random), 3 (hash) or 4 (client)";

    private final int code;
    private final String label;

    DirectorType(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** The policy's name as Fastly's VCL spells it. */
    public String label() {
        return label;
    }

    public static Optional<DirectorType> of(int code) {
        for (var type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
